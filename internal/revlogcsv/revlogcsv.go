package revlogcsv

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Column names of the format.
const (
	ColCardID   = "card_id"
	ColRating   = "review_rating"
	ColTime     = "review_time"
	ColDuration = "review_duration"
)

// Header is the header line Write produces.
var Header = []string{ColCardID, ColRating, ColTime, ColDuration}

// MaxCardIDBytes is the longest card_id accepted.
const MaxCardIDBytes = 200

// Years a review_time may fall in (UTC), inclusive.
const (
	MinYear = 1990
	MaxYear = 2200
)

// Row is one review.
type Row struct {
	// CardID identifies the card reviewed.
	CardID string
	// Rating is the answer: 1 Again, 2 Hard, 3 Good, 4 Easy.
	Rating int
	// Time is when the answer was given, in UTC.
	Time time.Time
	// Duration is how long answering took, in whole milliseconds.
	Duration time.Duration
	// Line is the line of the input the row starts on (1 is the first
	// line); Read sets it, Write ignores it.
	Line int
}

// Limits bound what Read accepts. A zero or negative field means the
// DefaultLimits value.
type Limits struct {
	// MaxRows is the largest number of rows (reviews) read.
	MaxRows int
	// MaxLineBytes is the longest line accepted, line ending excluded.
	MaxLineBytes int
}

// Default limits.
const (
	DefaultMaxRows      = 5_000_000
	DefaultMaxLineBytes = 4096
)

// DefaultLimits returns five million rows and 4096 bytes per line.
func DefaultLimits() Limits {
	return Limits{MaxRows: DefaultMaxRows, MaxLineBytes: DefaultMaxLineBytes}
}

// withDefaults replaces zero or negative fields with the defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultMaxLineBytes
	}
	return l
}

// checkCardID reports why id cannot be a card_id, or nil.
func checkCardID(id string) error {
	switch {
	case id == "":
		return errors.New("empty")
	case len(id) > MaxCardIDBytes:
		return fmt.Errorf("longer than %d bytes", MaxCardIDBytes)
	case !utf8.ValidString(id):
		return errors.New("not valid UTF-8")
	case strings.TrimSpace(id) != id:
		return errors.New("has leading or trailing space")
	case strings.ContainsFunc(id, unicode.IsControl):
		return errors.New("contains a control character")
	}
	return nil
}

// checkRating reports why r cannot be a review_rating, or nil.
func checkRating(r int) error {
	if r < 1 || r > 4 {
		return fmt.Errorf("%d is not 1 to 4", r)
	}
	return nil
}

// checkTime reports why t cannot be a review_time, or nil.
func checkTime(t time.Time) error {
	if y := t.UTC().Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("year %d is not %d to %d", y, MinYear, MaxYear)
	}
	return nil
}

// checkDuration reports why d cannot be a review_duration, or nil.
func checkDuration(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("%d is negative", d.Milliseconds())
	}
	return nil
}

// timeLayouts are the review_time forms accepted besides Unix
// milliseconds. Layouts without a zone are UTC. Fractional seconds are
// accepted after the seconds in each.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04:05Z07:00",
}

// parseTime parses a review_time.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("empty")
	}
	if isDigits(s) {
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || ms > math.MaxInt64/int64(time.Millisecond) {
			return time.Time{}, fmt.Errorf("%s milliseconds is out of range", s)
		}
		t := time.UnixMilli(ms).UTC()
		if err := checkTime(t); err != nil {
			return time.Time{}, fmt.Errorf("%s as Unix milliseconds: %v", s, err)
		}
		return t, nil
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			if err := checkTime(t); err != nil {
				return time.Time{}, fmt.Errorf("%s: %v", s, err)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not an ISO 8601 time or Unix milliseconds", s)
}

// parseRating parses a review_rating.
func parseRating(s string) (int, error) {
	if !isDigits(s) || len(s) > 9 {
		return 0, fmt.Errorf("%q is not a number from 1 to 4", s)
	}
	r, _ := strconv.Atoi(s)
	return r, checkRating(r)
}

// parseDuration parses a review_duration; empty is 0.
func parseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	neg := strings.HasPrefix(s, "-")
	if !isDigits(strings.TrimPrefix(s, "-")) {
		return 0, fmt.Errorf("%q is not a whole number of milliseconds", s)
	}
	if neg {
		return 0, fmt.Errorf("%s is negative", s)
	}
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil || ms > math.MaxInt64/int64(time.Millisecond) {
		return 0, fmt.Errorf("%s milliseconds is out of range", s)
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

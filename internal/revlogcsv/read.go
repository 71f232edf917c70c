package revlogcsv

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// utf8BOM is the byte order mark some spreadsheet programs write first.
const utf8BOM = "\xef\xbb\xbf"

// Read reads a review log: a header line, then one review per record. It
// returns every row, or an error naming the line of the first problem, such
// as "line 7: review_rating: 5 is not 1 to 4". A file with only a header
// has no rows and is not an error; an empty file is.
func Read(r io.Reader, lim Limits) ([]Row, error) {
	lim = lim.withDefaults()
	ll := &lineLimiter{r: r, max: lim.MaxLineBytes}
	br := bufio.NewReader(ll)
	if head, _ := br.Peek(len(utf8BOM)); string(head) == utf8BOM {
		_, _ = br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = false
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("line 1: no header line (want %s)", strings.Join(Header, ","))
	}
	if err != nil {
		return nil, readError(err)
	}
	headerLine, _ := cr.FieldPos(0)
	cols, err := mapColumns(header)
	if err != nil {
		return nil, fmt.Errorf("line %d: %v", headerLine, err)
	}

	var rows []Row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return nil, readError(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rows) >= lim.MaxRows {
			return nil, fmt.Errorf("line %d: more than %d rows", line, lim.MaxRows)
		}
		row, err := parseRecord(rec, cols)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		row.Line = line
		rows = append(rows, row)
	}
}

// columns holds the index of each known column in a record; duration is
// -1 when the header has none.
type columns struct {
	cardID, rating, time, duration int
	need                           int // fields a record must have
}

// mapColumns finds the known columns in the header.
func mapColumns(header []string) (columns, error) {
	idx := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, utf8BOM)))
		if _, dup := idx[name]; dup && name != "" {
			return columns{}, fmt.Errorf("column %s appears twice", name)
		}
		idx[name] = i
	}
	c := columns{duration: -1}
	for _, col := range []struct {
		name string
		dst  *int
	}{{ColCardID, &c.cardID}, {ColRating, &c.rating}, {ColTime, &c.time}} {
		i, ok := idx[col.name]
		if !ok {
			return columns{}, fmt.Errorf("missing column %s (header must name %s; %s is optional)",
				col.name, strings.Join(Header[:3], ", "), ColDuration)
		}
		*col.dst = i
	}
	if i, ok := idx[ColDuration]; ok {
		c.duration = i
	}
	c.need = max(c.cardID, c.rating, c.time, c.duration) + 1
	return c, nil
}

// parseRecord turns one record into a Row (without its line).
func parseRecord(rec []string, c columns) (Row, error) {
	if len(rec) < c.need {
		return Row{}, fmt.Errorf("has %d fields, needs at least %d", len(rec), c.need)
	}
	var row Row
	row.CardID = strings.TrimSpace(rec[c.cardID])
	if err := checkCardID(row.CardID); err != nil {
		return Row{}, fmt.Errorf("%s: %v", ColCardID, err)
	}
	var err error
	if row.Rating, err = parseRating(strings.TrimSpace(rec[c.rating])); err != nil {
		return Row{}, fmt.Errorf("%s: %v", ColRating, err)
	}
	if row.Time, err = parseTime(strings.TrimSpace(rec[c.time])); err != nil {
		return Row{}, fmt.Errorf("%s: %v", ColTime, err)
	}
	if c.duration >= 0 {
		if row.Duration, err = parseDuration(strings.TrimSpace(rec[c.duration])); err != nil {
			return Row{}, fmt.Errorf("%s: %v", ColDuration, err)
		}
	}
	return row, nil
}

// readError turns an error from the CSV reader into one naming the line.
func readError(err error) error {
	var long *lineTooLongError
	if errors.As(err, &long) {
		return long
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d: %v", pe.Line, pe.Err)
	}
	return err
}

// lineTooLongError reports a line over Limits.MaxLineBytes.
type lineTooLongError struct {
	line, max int
}

func (e *lineTooLongError) Error() string {
	return fmt.Sprintf("line %d: longer than %d bytes", e.line, e.max)
}

// lineLimiter passes bytes through, failing once a line (up to its "\n",
// a "\r" before it excluded) is longer than max bytes, so a hostile file
// cannot make the CSV reader buffer an endless line.
type lineLimiter struct {
	r    io.Reader
	max  int
	line int // completed lines
	cur  int // bytes of the current line, "\r" included
	err  error
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.line++
			l.cur = 0
			continue
		}
		l.cur++
		// One extra byte of allowance for the "\r" of a CRLF ending.
		if l.cur > l.max+1 || l.cur == l.max+1 && p[i] != '\r' {
			l.err = &lineTooLongError{line: l.line + 1, max: l.max}
			return i, l.err
		}
	}
	return n, err
}

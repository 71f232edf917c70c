package revlogcsv

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Write writes rows in the canonical form: the header
// card_id,review_rating,review_time,review_duration, then one line per row
// with the time in RFC 3339 with nanoseconds in UTC and the duration in
// whole milliseconds (anything finer is dropped). Every row is checked
// first, by the rules Read applies, so Write writes nothing when a row is
// invalid and what it writes Read reads back; the error names the row
// (1-based). Row.Line is ignored.
func Write(w io.Writer, rows []Row) error {
	for i, r := range rows {
		if err := checkRow(r); err != nil {
			return fmt.Errorf("row %d: %v", i+1, err)
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	rec := make([]string, len(Header))
	for _, r := range rows {
		rec[0] = r.CardID
		rec[1] = strconv.Itoa(r.Rating)
		rec[2] = r.Time.UTC().Format(time.RFC3339Nano)
		rec[3] = strconv.FormatInt(r.Duration.Milliseconds(), 10)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// checkRow reports why Write cannot write r, or nil.
func checkRow(r Row) error {
	if err := checkCardID(r.CardID); err != nil {
		return fmt.Errorf("%s: %v", ColCardID, err)
	}
	if err := checkRating(r.Rating); err != nil {
		return fmt.Errorf("%s: %v", ColRating, err)
	}
	if err := checkTime(r.Time); err != nil {
		return fmt.Errorf("%s: %v", ColTime, err)
	}
	if err := checkDuration(r.Duration); err != nil {
		return fmt.Errorf("%s: %v", ColDuration, err)
	}
	return nil
}

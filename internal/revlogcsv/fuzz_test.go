package revlogcsv

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzRead: Read never panics, its errors name a line, and whatever it
// accepts Write writes and Read reads back to equal rows on consecutive
// lines.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"card_id,review_rating,review_time,review_duration\n1,3,2023-09-18T15:52:22Z,5300\n",
		"\xef\xbb\xbfreview_time,card_id,review_rating\r\n1695052342115,\"a,b\",4\r\n",
		"card_id,review_rating,review_time,review_duration,note\n\"x y\",1,2023-09-18 15:52:22.5,,\"a\nb\"\n",
		"card_id,review_rating,review_time\n1,2,2023-09-18T17:52:22.123456789+02:00\n",
		"card_id,review_rating,review_time,review_duration\n1,5,x,-1\n",
		"",
	} {
		f.Add(s)
	}
	lim := Limits{MaxRows: 1000, MaxLineBytes: 512}
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := Read(strings.NewReader(in), lim)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error does not name a line: %v", err)
			}
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, rows); err != nil {
			t.Fatalf("Write rejected rows Read accepted: %v", err)
		}
		again, err := Read(&buf, Limits{MaxRows: lim.MaxRows, MaxLineBytes: 1 << 20})
		if err != nil {
			t.Fatalf("Read of Write output: %v\n%s", err, buf.String())
		}
		if !sameRows(rows, again, false) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", again, rows)
		}
		for i, r := range again {
			if r.Line != i+2 {
				t.Fatalf("row %d on line %d", i, r.Line)
			}
		}
	})
}

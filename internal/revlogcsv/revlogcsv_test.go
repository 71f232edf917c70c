package revlogcsv

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// sameRows compares rows, Line included when withLine is set.
func sameRows(a, b []Row, withLine bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.CardID != y.CardID || x.Rating != y.Rating || !x.Time.Equal(y.Time) ||
			x.Time.Location() != time.UTC || y.Time.Location() != time.UTC ||
			x.Duration != y.Duration || withLine && x.Line != y.Line {
			return false
		}
	}
	return true
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestRoundTrip(t *testing.T) {
	rows := []Row{
		{CardID: "1695052342115", Rating: 3, Time: utc("2023-09-18T15:52:22.115Z"), Duration: 5300 * time.Millisecond},
		{CardID: "deck/card, \"quoted\"", Rating: 1, Time: utc("1990-01-01T00:00:00Z"), Duration: 0},
		{CardID: "ünïcode カード", Rating: 4, Time: utc("2200-12-31T23:59:59.999999999Z"), Duration: 86_400_000 * time.Millisecond},
		{CardID: "x", Rating: 2, Time: time.Date(2024, 2, 29, 12, 0, 0, 1, time.FixedZone("X", 5*3600)), Duration: time.Millisecond},
	}
	var buf bytes.Buffer
	if err := Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "card_id,review_rating,review_time,review_duration\n1695052342115,3,2023-09-18T15:52:22.115Z,5300\n") {
		t.Errorf("Write output:\n%s", buf.String())
	}
	if !strings.Contains(buf.String(), "\nx,2,2024-02-29T07:00:00.000000001Z,1\n") {
		t.Errorf("time not written in UTC with nanoseconds:\n%s", buf.String())
	}
	got, err := Read(&buf, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		rows[i].Line = i + 2
		rows[i].Time = rows[i].Time.UTC() // Read returns UTC
	}
	if !sameRows(got, rows, true) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, rows)
	}
}

func TestReadGood(t *testing.T) {
	at := utc("2023-09-18T15:52:22Z")
	for _, tc := range []struct {
		name, in string
		want     []Row
	}{
		{"canonical", "card_id,review_rating,review_time,review_duration\n1,3,2023-09-18T15:52:22Z,5300\n",
			[]Row{{CardID: "1", Rating: 3, Time: at, Duration: 5300 * time.Millisecond, Line: 2}}},
		{"header only", "card_id,review_rating,review_time,review_duration\n", nil},
		{"BOM and CRLF", "\xef\xbb\xbfcard_id,review_rating,review_time,review_duration\r\n1,3,2023-09-18T15:52:22Z,5300\r\n",
			[]Row{{CardID: "1", Rating: 3, Time: at, Duration: 5300 * time.Millisecond, Line: 2}}},
		{"reordered, extra and padded columns",
			"review_state, Review_Time ,review_duration,CARD_ID,review_rating\n1,2023-09-18T15:52:22Z,,a b,4\n",
			[]Row{{CardID: "a b", Rating: 4, Time: at, Line: 2}}},
		{"no duration column", "card_id,review_time,review_rating\n7,1695052342000,1\n",
			[]Row{{CardID: "7", Rating: 1, Time: at, Line: 2}}},
		{"blank lines and quoted fields",
			"\n\ncard_id,review_rating,review_time,review_duration,note\n\n\"a,\"\"b\"\"\",2,\"2023-09-18 15:52:22\",\" 10\",\"multi\nline\"\n\nc,3,2023-09-18T15:52:22Z,1\n",
			[]Row{
				{CardID: "a,\"b\"", Rating: 2, Time: at, Duration: 10 * time.Millisecond, Line: 5},
				{CardID: "c", Rating: 3, Time: at, Duration: time.Millisecond, Line: 8},
			}},
		{"time forms", "card_id,review_rating,review_time,review_duration\n" +
			"a,1,2023-09-18T15:52:22Z,0\n" +
			"b,1,2023-09-18T15:52:22.5Z,0\n" +
			"c,1,2023-09-18T17:52:22+02:00,0\n" +
			"d,1,2023-09-18T10:52:22.000-05:00,0\n" +
			"e,1,2023-09-18T15:52:22,0\n" +
			"f,1,2023-09-18 15:52:22,0\n" +
			"g,1,1695052342000,0\n" +
			"h,1,2023-09-18 15:52:22.25,0\n" +
			"i,1,2023-09-18 17:52:22+02:00,0\n",
			[]Row{
				{CardID: "a", Rating: 1, Time: at, Line: 2},
				{CardID: "b", Rating: 1, Time: at.Add(500 * time.Millisecond), Line: 3},
				{CardID: "c", Rating: 1, Time: at, Line: 4},
				{CardID: "d", Rating: 1, Time: at, Line: 5},
				{CardID: "e", Rating: 1, Time: at, Line: 6},
				{CardID: "f", Rating: 1, Time: at, Line: 7},
				{CardID: "g", Rating: 1, Time: at, Line: 8},
				{CardID: "h", Rating: 1, Time: at.Add(250 * time.Millisecond), Line: 9},
				{CardID: "i", Rating: 1, Time: at, Line: 10},
			}},
		{"no final newline", "card_id,review_rating,review_time\nz,2,2023-09-18T15:52:22Z",
			[]Row{{CardID: "z", Rating: 2, Time: at, Line: 2}}},
	} {
		got, err := Read(strings.NewReader(tc.in), Limits{})
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !sameRows(got, tc.want, true) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

func TestReadBad(t *testing.T) {
	const h = "card_id,review_rating,review_time,review_duration\n"
	const ok = "1,3,2023-09-18T15:52:22Z,5300\n"
	for _, tc := range []struct{ in, want string }{
		{"", "line 1: no header line"},
		{"\n\n", "line 1: no header line"},
		{"card_id,review_time,review_duration\n", "line 1: missing column review_rating"},
		{"\ncard_id,review_rating,review_duration\n", "line 2: missing column review_time"},
		{"review_rating,review_time\n", "line 1: missing column card_id"},
		{"card_id,card_id,review_rating,review_time\n", "line 1: column card_id appears twice"},
		{h + ok + ok + ok + ok + ok + "1,5,2023-09-18T15:52:22Z,5300\n", "line 7: review_rating: 5 is not 1 to 4"},
		{h + "1,0,2023-09-18T15:52:22Z,1\n", "line 2: review_rating: 0 is not 1 to 4"},
		{h + "1,3.0,2023-09-18T15:52:22Z,1\n", `line 2: review_rating: "3.0" is not a number from 1 to 4`},
		{h + "1,,2023-09-18T15:52:22Z,1\n", `line 2: review_rating: "" is not a number`},
		{h + ",3,2023-09-18T15:52:22Z,1\n", "line 2: card_id: empty"},
		{h + "  ,3,2023-09-18T15:52:22Z,1\n", "line 2: card_id: empty"},
		{h + strings.Repeat("x", 201) + ",3,2023-09-18T15:52:22Z,1\n", "line 2: card_id: longer than 200 bytes"},
		{h + "a\x01b,3,2023-09-18T15:52:22Z,1\n", "line 2: card_id: contains a control character"},
		{h + "\"a\nb\",3,2023-09-18T15:52:22Z,1\n", "line 2: card_id: contains a control character"},
		{h + "\xff,3,2023-09-18T15:52:22Z,1\n", "line 2: card_id: not valid UTF-8"},
		{h + "1,3,yesterday,1\n", `line 2: review_time: "yesterday" is not an ISO 8601 time`},
		{h + "1,3,,1\n", "line 2: review_time: empty"},
		{h + "1,3,1989-12-31T23:59:59Z,1\n", "line 2: review_time: 1989-12-31T23:59:59Z: year 1989 is not 1990 to 2200"},
		{h + "1,3,1990-01-01T00:30:00+01:00,1\n", "year 1989 is not 1990 to 2200"},
		{h + "1,3,2201-01-01T00:00:00Z,1\n", "year 2201 is not 1990 to 2200"},
		{h + "1,3,1695052342,1\n", "line 2: review_time: 1695052342 as Unix milliseconds: year 1970"},
		{h + "1,3,99999999999999999999,1\n", "line 2: review_time: 99999999999999999999 milliseconds is out of range"},
		{h + "1,3,2023-02-30T00:00:00Z,1\n", "line 2: review_time:"},
		{h + "1,3,2023-09-18T15:52:22Z,-5\n", "line 2: review_duration: -5 is negative"},
		{h + "1,3,2023-09-18T15:52:22Z,1.5\n", `line 2: review_duration: "1.5" is not a whole number`},
		{h + "1,3,2023-09-18T15:52:22Z,99999999999999999\n", "line 2: review_duration: 99999999999999999 milliseconds is out of range"},
		{h + ok + "1,3\n", "line 3: has 2 fields, needs at least 4"},
		{h + ok + "1,3,\"2023-09-18T15:52:22Z,1\n", "line 3: extraneous or missing \" in quoted-field"},
		{h + "1,3,2023\"-09-18,1\n", `line 2: bare " in non-quoted-field`},
	} {
		_, err := Read(strings.NewReader(tc.in), Limits{})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%.60q) error %v, want %q", tc.in, err, tc.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "line ") {
			t.Errorf("Read(%.60q) error %q does not start with the line", tc.in, err)
		}
	}
}

func TestReadLimits(t *testing.T) {
	const h = "card_id,review_rating,review_time,review_duration\r\n"
	row := "1,3,2023-09-18T15:52:22Z,5300\r\n"
	in := h + strings.Repeat(row, 3)
	if rows, err := Read(strings.NewReader(in), Limits{MaxRows: 3}); err != nil || len(rows) != 3 {
		t.Errorf("3 rows with MaxRows 3: %d rows, %v", len(rows), err)
	}
	if _, err := Read(strings.NewReader(in), Limits{MaxRows: 2}); err == nil || err.Error() != "line 4: more than 2 rows" {
		t.Errorf("MaxRows 2: %v", err)
	}

	// A line of exactly MaxLineBytes passes, with LF or CRLF; one more
	// byte fails, naming the line.
	max := len(row) - 2
	if _, err := Read(strings.NewReader(in), Limits{MaxLineBytes: len(h) - 2}); err != nil {
		t.Errorf("lines at the limit: %v", err)
	}
	if _, err := Read(strings.NewReader(strings.ReplaceAll(in, "\r\n", "\n")), Limits{MaxLineBytes: len(h) - 2}); err != nil {
		t.Errorf("LF lines at the limit: %v", err)
	}
	long := h + row + "1,3,2023-09-18T15:52:22Z,53000\r\n"
	if _, err := Read(strings.NewReader(long), Limits{MaxLineBytes: len(h) - 2}); err != nil {
		t.Errorf("long row under the header's limit: %v", err)
	}
	if _, err := Read(strings.NewReader(long), Limits{MaxLineBytes: max}); err == nil || err.Error() != "line 1: longer than 29 bytes" {
		t.Errorf("header over the limit: %v", err)
	}
	big := "card_id,review_rating,review_time\n" + row + strings.Repeat("9", 10_000) + ",3,2023-09-18T15:52:22Z\n"
	if _, err := Read(strings.NewReader(big), Limits{}); err == nil || err.Error() != "line 3: longer than 4096 bytes" {
		t.Errorf("10 kB line: %v", err)
	}
	// An endless line is refused without reading it all.
	endless := io.MultiReader(strings.NewReader(h), &repeatReader{b: 'x'})
	if _, err := Read(endless, Limits{}); err == nil || err.Error() != "line 2: longer than 4096 bytes" {
		t.Errorf("endless line: %v", err)
	}
}

// repeatReader returns b forever.
type repeatReader struct{ b byte }

func (r *repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.b
	}
	return len(p), nil
}

// failingReader fails after its data.
type failingReader struct{ data string }

var errDisk = errors.New("disk on fire")

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, errDisk
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadIOError(t *testing.T) {
	_, err := Read(&failingReader{"card_id,review_rating,review_time\n1,3,2023-09-18T15:52:22Z\n"}, Limits{})
	if !errors.Is(err, errDisk) {
		t.Errorf("read error lost: %v", err)
	}
}

func TestWriteRejects(t *testing.T) {
	good := Row{CardID: "1", Rating: 3, Time: utc("2023-09-18T15:52:22Z"), Duration: time.Second}
	for _, tc := range []struct {
		mod  func(*Row)
		want string
	}{
		{func(r *Row) { r.CardID = "" }, "row 2: card_id: empty"},
		{func(r *Row) { r.CardID = " 1" }, "row 2: card_id: has leading or trailing space"},
		{func(r *Row) { r.CardID = "a\r\nb" }, "row 2: card_id: contains a control character"},
		{func(r *Row) { r.Rating = 0 }, "row 2: review_rating: 0 is not 1 to 4"},
		{func(r *Row) { r.Time = time.Time{} }, "row 2: review_time: year 1 is not 1990 to 2200"},
		{func(r *Row) { r.Duration = -time.Millisecond }, "row 2: review_duration: -1 is negative"},
	} {
		bad := good
		tc.mod(&bad)
		var buf bytes.Buffer
		err := Write(&buf, []Row{good, bad})
		if err == nil || err.Error() != tc.want {
			t.Errorf("Write error %v, want %q", err, tc.want)
		}
		if buf.Len() != 0 {
			t.Errorf("Write wrote %q before failing", buf.String())
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, nil); err != nil || buf.String() != "card_id,review_rating,review_time,review_duration\n" {
		t.Errorf("Write(nil) = %q, %v", buf.String(), err)
	}
}

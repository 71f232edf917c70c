// Package revlogcsv reads and writes review logs in the CSV format the FSRS
// community uses to share them (fsrs-rs, fsrs-optimizer, the FSRS
// benchmark): one review per line,
//
//	card_id,review_rating,review_time,review_duration
//	1695052342115,3,2023-09-18T15:52:22.115Z,5300
//
// where card_id is any non-empty string (often an integer), review_rating is
// 1 Again, 2 Hard, 3 Good or 4 Easy, review_time is when the answer was
// given and review_duration how long it took, in milliseconds.
//
// Reading is lenient about layout and strict about values:
//
//   - the header is the first non-empty line; its columns may come in any
//     order, names are matched ignoring case and surrounding spaces, and
//     extra columns (review_state, ...) are ignored; card_id, review_rating
//     and review_time are required, review_duration is optional;
//   - a UTF-8 byte order mark, CRLF line endings, blank lines and quoted
//     fields (RFC 4180) are accepted;
//   - review_time may be RFC 3339 with or without fractional seconds and
//     with Z or an offset (also with a space instead of the "T"),
//     "2006-01-02T15:04:05" or "2006-01-02 15:04:05" with optional
//     fractional seconds (taken as UTC), or an integer number of Unix
//     milliseconds, as some exporters write; its year (in UTC) must be 1990
//     to 2200;
//   - review_duration is a non-negative integer number of milliseconds, or
//     empty for 0;
//   - card_id is trimmed, must be non-empty, at most 200 bytes of valid
//     UTF-8 without control characters.
//
// Read returns every row or an error naming the line, such as
// "line 7: review_rating: 5 is not 1 to 4"; Limits bound the number of rows
// and the length of a line, so hostile input cannot exhaust memory. Write
// produces the canonical form: the header above, times in RFC 3339 with
// nanoseconds in UTC, durations in whole milliseconds.
package revlogcsv

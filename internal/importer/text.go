package importer

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// utf8BOM is the byte-order mark some editors put at the start of files.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// checkUTF8 returns a problem naming the line of the first byte sequence in
// data that is not UTF-8, or nil.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return problemf(1+bytes.Count(data[:i], []byte{'\n'}), "text is not valid UTF-8")
		}
		i += n
	}
	return nil // not reached: utf8.Valid said there is a bad sequence
}

// normalizeText checks data is UTF-8 and returns it as a string without a
// byte-order mark and with CRLF line ends turned into LF, so a file saved on
// Windows parses and hashes like the same file saved elsewhere.
func normalizeText(data []byte) (string, error) {
	if err := checkUTF8(data); err != nil {
		return "", err
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	s := string(data)
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	return s, nil
}

// collapseSpace trims s and turns every run of white space in it (including
// line ends) into one space, for fields shown on one line.
func collapseSpace(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || (c == ' ' && i+1 < len(s) && s[i+1] == ' ') {
			return strings.Join(strings.Fields(s), " ")
		} else if c >= utf8.RuneSelf {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// nextLine returns the line of s starting at off, without its line end, and
// the offset of the line after it (len(s) at the end).
func nextLine(s string, off int) (line string, next int) {
	if i := strings.IndexByte(s[off:], '\n'); i >= 0 {
		return s[off : off+i], off + i + 1
	}
	return s[off:], len(s)
}

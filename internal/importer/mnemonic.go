package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stripMnemonics removes the mnemonic brackets tldr pages put around the
// letters an option stands for — "E[x]tract", "[c]reate", "[eq]ual" — so
// the text reads and searches as plain words. A bracket pair is removed
// when it holds one or more letters, digits or combining marks and nothing
// else; "[-n]", "[4 5 *]" and "[]" stay. Code spans (`...`) are copied
// unchanged, so "{{placeholders}}" and "[options]" in code keep their
// brackets.
func stripMnemonics(s string) string {
	if strings.IndexByte(s, '[') < 0 {
		return s
	}
	var (
		b       strings.Builder
		noClose map[int]bool // backtick run lengths with no closing run later in s
	)
	b.Grow(len(s))
	for i := 0; i < len(s); {
		switch s[i] {
		case '`':
			n := 1
			for i+n < len(s) && s[i+n] == '`' {
				n++
			}
			end := -1
			if !noClose[n] {
				if end = closingRun(s, i+n, n); end < 0 {
					if noClose == nil {
						noClose = make(map[int]bool)
					}
					noClose[n] = true
				}
			}
			if end < 0 {
				end = i + n // an unmatched run is literal text
			}
			b.WriteString(s[i:end])
			i = end
		case '[':
			if j := mnemonicEnd(s, i+1); j > 0 {
				b.WriteString(s[i+1 : j])
				i = j + 1
				continue
			}
			b.WriteByte('[')
			i++
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

// closingRun returns the offset just past the first run of exactly n
// backticks in s at or after from, or -1.
func closingRun(s string, from, n int) int {
	for i := from; i < len(s); {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			return -1
		}
		i += j
		k := i
		for k < len(s) && s[k] == '`' {
			k++
		}
		if k-i == n {
			return k
		}
		i = k
	}
	return -1
}

// mnemonicEnd returns the offset of the "]" closing a mnemonic whose text
// starts at from, or -1 if the text is empty or has anything but letters,
// digits and marks.
func mnemonicEnd(s string, from int) int {
	for i := from; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == ']' {
			if i == from {
				return -1
			}
			return i
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			return -1
		}
		i += n
	}
	return -1
}

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
	var b strings.Builder
	b.Grow(len(s))
	runs := backtickRuns(s)
	text := 0 // start of the text not yet copied
	for i := 0; i < len(runs); i++ {
		j := runs[i].next
		if j < 0 {
			continue // an unmatched run is literal text
		}
		// Text up to the code span, then the span as it is.
		writeStripped(&b, s[text:runs[i].start])
		end := runs[j].start + runs[j].n
		b.WriteString(s[runs[i].start:end])
		text, i = end, j
	}
	writeStripped(&b, s[text:])
	return b.String()
}

// backtickRun is a run of n backticks at start; next is the index of the
// next run of the same length, which closes a code span it opens, or -1.
type backtickRun struct{ start, n, next int }

// backtickRuns finds the runs of backticks in s in one pass, and links each
// to the next run of the same length, so finding code spans takes linear
// time however the runs are arranged.
func backtickRuns(s string) []backtickRun {
	var runs []backtickRun
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			break
		}
		start := i + j
		i = start
		for i < len(s) && s[i] == '`' {
			i++
		}
		runs = append(runs, backtickRun{start: start, n: i - start, next: -1})
	}
	last := make(map[int]int)
	for i := len(runs) - 1; i >= 0; i-- {
		if j, ok := last[runs[i].n]; ok {
			runs[i].next = j
		}
		last[runs[i].n] = i
	}
	return runs
}

// writeStripped writes text that is not code, without mnemonic brackets.
func writeStripped(b *strings.Builder, s string) {
	for {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			b.WriteString(s)
			return
		}
		b.WriteString(s[:i])
		if j := mnemonicEnd(s, i+1); j > 0 {
			b.WriteString(s[i+1 : j])
			s = s[j+1:]
		} else {
			b.WriteByte('[')
			s = s[i+1:]
		}
	}
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

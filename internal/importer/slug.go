package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// maxSlugLen bounds a slug made from a name so a long file or folder name
// still leaves room in an id.
const maxSlugLen = 100

// slug turns a name into an id segment: ASCII letters (lowercased) and
// digits are kept, every other run of characters becomes one "-", and
// leading and trailing dashes go. A name with no ASCII letter or digit gets
// "x" followed by 8 hex digits of its SHA-256, so it still has a stable id.
func slug(name string) string {
	b := make([]byte, 0, len(name))
	dash := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		default:
			dash = len(b) > 0
			continue
		}
		if dash {
			b = append(b, '-')
			dash = false
		}
		b = append(b, c)
	}
	if len(b) > maxSlugLen {
		b = []byte(strings.TrimRight(string(b[:maxSlugLen]), "-"))
	}
	if len(b) == 0 {
		sum := sha256.Sum256([]byte(name))
		return "x" + hex.EncodeToString(sum[:4])
	}
	return string(b)
}

// slugPath slugs each segment of a slash-separated path.
func slugPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = slug(s)
	}
	return strings.Join(segs, "/")
}

// escapeIDSegment makes name usable as one segment of an id without losing
// information: ASCII letters, digits and _ - + are kept, and so is a "."
// that neither starts the name nor follows another "."; every other byte
// (including ":") is written as ":" and two lowercase hex digits. So "tar"
// stays "tar", "[" becomes ":5b", "." becomes ":2e" and no segment holds "..".
func escapeIDSegment(name string) string {
	const hexDigits = "0123456789abcdef"
	var b []byte
	for i := 0; i < len(name); i++ {
		c := name[i]
		keep := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == '-' || c == '+' || c == '.' && i > 0 && name[i-1] != '.'
		if keep {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(name)+8), name[:i]...)
		}
		b = append(b, ':', hexDigits[c>>4], hexDigits[c&15])
	}
	if b == nil {
		return name
	}
	return string(b)
}

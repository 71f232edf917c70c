package course

import (
	"regexp"
	"strings"
)

// imageRef matches a Markdown image, ![alt](target "title"), capturing the
// target. Markdown in a manifest shows package images by their path from
// the package root; the player serves them from the profile.
var imageRef = regexp.MustCompile(`!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(\s+"[^"]*")?\s*\)`)

// ImageRefs lists the package files a Markdown text shows as images:
// targets without a URL scheme, in order, without repeats.
func ImageRefs(md string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range imageRef.FindAllStringSubmatch(md, -1) {
		t := m[1]
		if isURL(t) || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// RewriteImageRefs replaces each image target that is not a URL with
// fn(target); fn returns the new target, or an error that stops it.
func RewriteImageRefs(md string, fn func(target string) (string, error)) (string, error) {
	var err error
	out := imageRef.ReplaceAllStringFunc(md, func(whole string) string {
		if err != nil {
			return whole
		}
		m := imageRef.FindStringSubmatchIndex(whole)
		t := whole[m[2]:m[3]]
		if isURL(t) {
			return whole
		}
		var nt string
		if nt, err = fn(t); err != nil {
			return whole
		}
		return whole[:m[2]] + nt + whole[m[3]:]
	})
	return out, err
}

// isURL reports a target with a scheme (https:, data:, mailto:) or a
// protocol-relative "//host" one.
func isURL(t string) bool {
	if strings.HasPrefix(t, "//") || strings.HasPrefix(t, "#") {
		return true
	}
	i := strings.IndexByte(t, ':')
	return i > 0 && !strings.ContainsAny(t[:i], "/.")
}

// Texts calls fn with every Markdown text of a lesson's blocks.
func (l *Lesson) Texts(fn func(b *Block, md string)) {
	for i := range l.Blocks {
		b := &l.Blocks[i]
		for _, s := range []string{b.Markdown, b.Solution} {
			if s != "" {
				fn(b, s)
			}
		}
	}
}

package importer

import (
	"strings"
)

// tldrPage is what one tldr page says.
type tldrPage struct {
	Title     string   // the "# name" heading
	Summary   string   // the "> " lines but the last "More information" one, joined
	InfoURL   string   // the URL of the "More information: <url>." line, if any
	KeyPoints []string // the "- ...:" example descriptions, without the colon
	Body      string   // the page's Markdown, mnemonic brackets removed
}

// parseTldrPage reads a tldr page:
//
//	# tar
//
//	> Archiving utility.
//	> More information: <https://www.gnu.org/software/tar/manual/tar.html>.
//
//	- [c]reate an archive and write it to a [f]ile:
//
//	`tar cf {{path/to/target.tar}} {{path/to/file1 path/to/file2 ...}}`
//
// The heading is required; everything else is read leniently. Mnemonic
// brackets such as "E[x]tract" are removed from description and example
// text (not from code) so the words can be found by search. Errors are
// problems carrying the line.
func parseTldrPage(data []byte) (*tldrPage, error) {
	text, err := normalizeText(data)
	if err != nil {
		return nil, err
	}
	p := &tldrPage{}
	var (
		body    strings.Builder
		desc    []string
		lineNo  int
		heading bool
	)
	body.Grow(len(text))
	for off := 0; off < len(text); {
		var line string
		line, off = nextLine(text, off)
		lineNo++
		switch {
		case !heading:
			if strings.TrimSpace(line) == "" {
				break
			}
			t, ok := strings.CutPrefix(line, "#")
			if !ok || (t != "" && t[0] != ' ' && t[0] != '\t') {
				return nil, problemf(lineNo, "a tldr page must start with a \"# command\" heading")
			}
			if p.Title = collapseSpace(t); p.Title == "" {
				return nil, problemf(lineNo, "the heading is empty")
			}
			heading = true
		case strings.HasPrefix(line, ">"):
			line = stripMnemonics(line)
			if d := collapseSpace(line[1:]); d != "" {
				desc = append(desc, d)
			}
		case strings.HasPrefix(line, "- "):
			line = stripMnemonics(line)
			kp := strings.TrimSpace(line[2:])
			kp = strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(kp, ":"), "："), " \t")
			if kp = collapseSpace(kp); kp != "" {
				p.KeyPoints = append(p.KeyPoints, kp)
			}
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	if !heading {
		return nil, problemf(0, "a tldr page must start with a \"# command\" heading")
	}
	if n := len(desc); n > 0 {
		if u, ok := moreInfoURL(desc[n-1]); ok {
			p.InfoURL = u
			desc = desc[:n-1]
		}
	}
	p.Summary = strings.Join(desc, " ")
	p.Body = trimBlankLines(body.String())
	return p, nil
}

// moreInfoURL recognises the "More information: <url>." line that ends a
// page's description, in any language: a label ending in ":" or "：", then
// an http(s) URL in angle brackets, then at most a full stop.
func moreInfoURL(d string) (string, bool) {
	d = strings.TrimRight(d, " .。")
	if !strings.HasSuffix(d, ">") {
		return "", false
	}
	i := strings.LastIndexByte(d, '<')
	if i < 0 {
		return "", false
	}
	u := d[i+1 : len(d)-1]
	label := strings.TrimRight(d[:i], " ")
	if !strings.HasSuffix(label, ":") && !strings.HasSuffix(label, "：") {
		return "", false
	}
	if !isWebURL(u) {
		return "", false
	}
	return u, true
}

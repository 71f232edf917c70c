package render

import (
	"strings"
	"testing"
)

func FuzzMarkdown(f *testing.F) {
	for _, s := range hostile {
		if len(s) < 2000 {
			f.Add(s)
		}
	}
	f.Add(typicalItem)
	f.Fuzz(func(t *testing.T, in string) {
		out, err := Markdown(in)
		if err != nil {
			t.Fatalf("Markdown: %v", err)
		}
		if errs := checkHTML(out); len(errs) > 0 {
			t.Fatalf("unsafe output %v\ninput:  %q\noutput: %q", errs, in, out)
		}
		if p := PlainText(in); strings.Contains(p, "\n\n") {
			t.Fatalf("PlainText left a blank line: %q", p)
		}
	})
}

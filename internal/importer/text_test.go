package importer

import (
	"strings"
	"testing"
)

func TestCollapseSpace(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "a": "a", "a b": "a b", " a": "a", "a ": "a", "a  b": "a b", "a\tb": "a b",
		"a\nb\n": "a b", "  ": "", "\u00a0a\u3000b\u2028": "a b", "日本 語": "日本 語", "x\xffy  z": "x\xffy z",
	} {
		if got := collapseSpace(in); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", in, got, want)
		}
		if want == in && !isCollapsed(in) {
			t.Errorf("isCollapsed(%q) = false", in)
		}
		if got, fields := collapseSpace(in), strings.Join(strings.Fields(in), " "); got != fields {
			t.Errorf("collapseSpace(%q) = %q, strings.Fields gives %q", in, got, fields)
		}
	}
}

func TestCheckUTF8Line(t *testing.T) {
	for in, line := range map[string]int{"ok\n": 0, "\xff": 1, "a\nb\n\xc3\x28": 3, "a\r\n\r\nb\xe2\x82": 3} {
		err := checkUTF8([]byte(in))
		if line == 0 && err != nil || line > 0 && (err == nil || err.(*problem).line != line) {
			t.Errorf("checkUTF8(%q) = %v, want line %d", in, err, line)
		}
	}
}

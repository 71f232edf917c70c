package bleveindex

import (
	"strings"
	"testing"
)

func TestSnippet(t *testing.T) {
	x := &Index{analyzer: wordAnalyzer{}}
	m := &matcher{exact: map[string]bool{"tar": true, "files": true}, prefix: "ext"}
	cases := []struct{ text, want string }{
		{"", ""},
		{"Extract tar files", "<mark>Extract</mark> <mark>tar</mark> <mark>files</mark>"},
		{"<b>tar</b> & co", "&lt;b&gt;<mark>tar</mark>&lt;/b&gt; &amp; co"},
		{`"TAR" 'x'`, "&#34;<mark>TAR</mark>&#34; &#39;x&#39;"},
		{"guitars", "guitars"},
	}
	for _, c := range cases {
		if got := x.snippet(c.text, m); got != c.want {
			t.Errorf("snippet(%q)\n got %q\nwant %q", c.text, got, c.want)
		}
	}

	long := strings.Repeat("lorem ipsum dolor ", 40) + "the tar word " + strings.Repeat("sit amet ", 40)
	got := x.snippet(long, m)
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "<mark>tar</mark>") {
		t.Errorf("long snippet %q", got)
	}
	if n := len(strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(got)); n > maxSnippet {
		t.Errorf("long snippet has %d bytes of text", n)
	}

	fuzzy := &matcher{exact: map[string]bool{"repositry": true}, fuzzy: []string{"repositry"}}
	if got := x.snippet("the repository", fuzzy); got != "the <mark>repository</mark>" {
		t.Errorf("fuzzy snippet %q", got)
	}
}

func TestWithinOneEdit(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"abc", "abc", true}, {"abc", "abd", true}, {"abc", "ab", true}, {"ab", "abc", true},
		{"abc", "xabc", true}, {"abc", "acb", false}, {"abc", "a", false}, {"", "a", true},
		{"über", "uber", true}, {"日本", "日", true},
	} {
		if got := withinOneEdit(c.a, c.b); got != c.want {
			t.Errorf("withinOneEdit(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

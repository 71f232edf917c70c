package render

import "testing"

func TestWithoutTitle(t *testing.T) {
	for _, c := range []struct{ md, title, want string }{
		{"# tar\n\n> Archiving utility.\n", "tar", "\n> Archiving utility.\n"},
		{"\n\n# Tar  \nbody", "tar", "body"},
		{"# Other\nbody", "tar", "# Other\nbody"},
		{"## tar\nbody", "tar", "## tar\nbody"},
		{"body only", "tar", "body only"},
		{"# tar", "tar", ""},
	} {
		if got := WithoutTitle(c.md, c.title); got != c.want {
			t.Errorf("WithoutTitle(%q, %q) = %q, want %q", c.md, c.title, got, c.want)
		}
	}
}

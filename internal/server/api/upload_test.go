package api

import "testing"

func TestUploadName(t *testing.T) {
	for in, want := range map[string]string{
		"vpn.md": "vpn.md", "../../etc/passwd": "passwd", `..\..\x.zip`: "x.zip", "..": "pack.zip",
		"": "pack.zip", "my pack (2).zip": "mypack2.zip", "/abs/path/p.zip": "p.zip",
	} {
		if got := uploadName(in); got != want {
			t.Errorf("uploadName(%q) = %q, want %q", in, got, want)
		}
	}
}

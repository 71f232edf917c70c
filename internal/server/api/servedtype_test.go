package api

import "testing"

func TestServedType(t *testing.T) {
	for in, want := range map[string]string{
		"video/mp4": "video/mp4", "image/png": "image/png", "audio/ogg": "audio/ogg", "text/markdown": "text/markdown",
		"": "application/octet-stream", "text/html": "application/octet-stream", "image/svg+xml": "application/octet-stream",
		"application/javascript": "application/octet-stream", "text/html; charset=utf-8": "application/octet-stream",
		"IMAGE/SVG+XML": "application/octet-stream",
	} {
		if got := servedType(in); got != want {
			t.Errorf("servedType(%q) = %q, want %q", in, got, want)
		}
	}
}

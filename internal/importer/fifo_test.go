//go:build unix

package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestFIFONotRead checks that a link to a named pipe is refused instead of
// blocking the import on opening it.
func TestFIFONotRead(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"a.md": "# A\n"})
	if err := syscall.Mkfifo(filepath.Join(root, "pipe.md"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink("pipe.md", filepath.Join(root, "link.md")); err != nil {
		t.Skipf("symlink: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Load(context.Background(), root, testOptions())
		done <- err
	}()
	select {
	case err := <-done:
		var fe *FileError
		if !errors.As(err, &fe) || fe.File != "link.md" {
			t.Errorf("got %v, want an error for link.md", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Load blocked on a FIFO")
	}
}

package desktoptest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDesktopSmoke starts the built app in a real X window, waits for its
// window to map and render, screenshots it, and checks that SIGTERM shuts
// it down cleanly with exit status 0.
func TestDesktopSmoke(t *testing.T) {
	bin := os.Getenv("INFLOW_DESKTOP_BIN")
	if bin == "" {
		t.Skip("INFLOW_DESKTOP_BIN not set: run through `make test-smoke`, which builds the app and starts Xvfb")
	}
	if os.Getenv("DISPLAY") == "" || os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("needs DISPLAY and DBUS_SESSION_BUS_ADDRESS (run under xvfb-run and dbus-run-session)")
	}
	for _, tool := range []string{"xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not installed: run build/scripts/setup.sh test", tool)
		}
	}
	dataDir := t.TempDir()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--data-dir", dataDir)
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-exited
		}
	})

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	win, err := waitForWindow(ctx, exited, "Inflow")
	if err != nil {
		t.Fatalf("window never appeared: %v\napp output:\n%s", err, stderr.String())
	}
	shot := filepath.Join(t.TempDir(), "window.png")
	if err := waitForRender(ctx, exited, win, shot); err != nil {
		t.Fatalf("window did not render: %v\napp output:\n%s", err, stderr.String())
	}
	if dir := os.Getenv("INFLOW_SCREENSHOT_DIR"); dir != "" {
		if b, err := os.ReadFile(shot); err == nil {
			os.WriteFile(filepath.Join(dir, "smoke.png"), b, 0o644)
		}
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\napp output:\n%s", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("app did not exit within 20s of SIGTERM\napp output:\n%s", stderr.String())
	}
	// The profile must have been closed cleanly: reopening it works.
	if _, err := os.Stat(filepath.Join(dataDir, "store")); err != nil {
		t.Fatalf("profile store missing after run: %v", err)
	}
}

// waitForWindow polls xdotool until a visible window with the given name
// exists, or the app exits.
func waitForWindow(ctx context.Context, exited <-chan error, name string) (string, error) {
	for {
		out, err := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "^"+name+"$").Output()
		if err == nil {
			if ids := strings.Fields(string(out)); len(ids) > 0 {
				return ids[0], nil
			}
		}
		select {
		case err := <-exited:
			return "", fmt.Errorf("app exited: %v", err)
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// waitForRender screenshots the window until it shows more than a blank
// background: the library UI has text, icons and colour, so many distinct
// colours; an unrendered WebKit view is one or two.
func waitForRender(ctx context.Context, exited <-chan error, win, path string) error {
	var last int
	for {
		if err := exec.CommandContext(ctx, "import", "-window", win, path).Run(); err == nil {
			n, err := distinctColours(path)
			if err != nil {
				return err
			}
			last = n
			if n >= 64 {
				return nil
			}
		}
		select {
		case err := <-exited:
			return fmt.Errorf("app exited: %v", err)
		case <-ctx.Done():
			return errors.Join(ctx.Err(), fmt.Errorf("last screenshot had %d colours", last))
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func distinctColours(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return 0, err
	}
	return countColours(img), nil
}

func countColours(img image.Image) int {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
		}
	}
	return len(seen)
}

package hotkey

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Shortcut{
		"Ctrl+Shift+Space": {Mods: ModControl | ModShift, Keysym: 0x20, Text: "Ctrl+Shift+Space"},
		"shift+ctrl+space": {Mods: ModControl | ModShift, Keysym: 0x20, Text: "Ctrl+Shift+Space"},
		"Super+k":          {Mods: ModSuper, Keysym: 'k', Text: "Super+K"},
		"Alt+F2":           {Mods: ModAlt, Keysym: 0xffbf, Text: "Alt+F2"},
		"Ctrl+Alt+7":       {Mods: ModControl | ModAlt, Keysym: '7', Text: "Ctrl+Alt+7"},
		" Ctrl + Slash ":   {Mods: ModControl, Keysym: '/', Text: "Ctrl+Slash"},
	} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "Space", "Shift+A", "Ctrl+", "Hyper+A", "Ctrl+F25", "Ctrl+Banana", "Ctrl+é"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestNoDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	sc, _ := Parse(DefaultShortcut)
	if _, err := Register(sc, func() {}); !errors.Is(err, ErrNoDisplay) {
		t.Errorf("no display: %v", err)
	}
	t.Setenv("DISPLAY", ":4095")
	if _, err := Register(sc, func() {}); !errors.Is(err, ErrNoDisplay) {
		t.Errorf("unreachable display: %v", err)
	}
}

// xvfb starts a private X server for the test and points DISPLAY at it.
func xvfb(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (make test installs it): %v", tool, err)
		}
	}
	for n := 150; n < 250; n++ {
		if _, err := os.Stat(filepath.Join("/tmp/.X11-unix", fmt.Sprintf("X%d", n))); err == nil {
			continue
		}
		cmd := exec.Command("Xvfb", fmt.Sprintf(":%d", n), "-screen", "0", "640x480x24", "-nolisten", "tcp", "-noreset")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		sock := filepath.Join("/tmp/.X11-unix", fmt.Sprintf("X%d", n))
		for i := 0; i < 100; i++ {
			if _, err := os.Stat(sock); err == nil {
				t.Setenv("DISPLAY", fmt.Sprintf(":%d", n))
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("Xvfb :%d did not start", n)
	}
	t.Skip("no free X display number")
}

func TestGrabAndPress(t *testing.T) {
	xvfb(t)
	sc, _ := Parse(DefaultShortcut)
	pressed := make(chan struct{}, 10)
	h, err := Register(sc, func() { pressed <- struct{}{} })
	if err != nil {
		t.Fatal(err)
	}
	key := func(combo string) {
		t.Helper()
		if out, err := exec.Command("xdotool", "key", combo).CombinedOutput(); err != nil {
			t.Fatalf("xdotool: %v %s", err, out)
		}
	}
	key("ctrl+shift+space")
	select {
	case <-pressed:
	case <-time.After(3 * time.Second):
		t.Fatal("the shortcut press did not arrive")
	}
	// Another combination is not ours.
	key("ctrl+space")
	select {
	case <-pressed:
		t.Fatal("Ctrl+Space fired Ctrl+Shift+Space")
	case <-time.After(300 * time.Millisecond):
	}
	// A second program cannot take the same shortcut; it gets an error.
	if _, err := Register(sc, func() {}); err == nil || !strings.Contains(err.Error(), "already taken") {
		t.Errorf("second grab: %v", err)
	}
	h.Close()
	h.Close()
	// Once released, it can be grabbed again.
	h2, err := Register(sc, func() {})
	if err != nil {
		t.Fatalf("grab after release: %v", err)
	}
	h2.Close()
}

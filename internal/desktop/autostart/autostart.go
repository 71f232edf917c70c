// Package autostart turns "start Inflow at login" on and off: an XDG
// autostart entry on Linux and other freedesktop systems, a LaunchAgent on
// macOS, the Run registry key on Windows.
package autostart

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Entry describes the program to start at login.
type Entry struct {
	Name string   // "Inflow"
	Exec string   // absolute path of the binary
	Args []string // e.g. --background
	// Dir overrides where the entry is written (tests); empty means the
	// platform's place for the current user.
	Dir string
}

// quoteArg quotes one argument for an XDG Exec line or a Windows command
// line (both accept double quotes with backslash escapes).
func quoteArg(a string) string {
	if a != "" && !strings.ContainsAny(a, " \t\"\\'$`") {
		return a
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", "$", `\$`)
	return `"` + r.Replace(a) + `"`
}

func commandLine(e Entry) string {
	parts := []string{quoteArg(e.Exec)}
	for _, a := range e.Args {
		parts = append(parts, quoteArg(a))
	}
	return strings.Join(parts, " ")
}

func validate(e Entry) error {
	if e.Name == "" || strings.ContainsAny(e.Name, "/\\\n") {
		return fmt.Errorf("autostart: bad name %q", e.Name)
	}
	if !filepath.IsAbs(e.Exec) {
		return fmt.Errorf("autostart: program path %q is not absolute", e.Exec)
	}
	for _, a := range append([]string{e.Exec}, e.Args...) {
		if strings.ContainsAny(a, "\n\r") {
			return fmt.Errorf("autostart: argument %q has a line break", a)
		}
	}
	return nil
}

// writeAtomic writes a file through a temporary one, so a crash never
// leaves half an entry.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".inflow-autostart-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

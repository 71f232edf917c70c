//go:build darwin

package autostart

import (
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
)

func path(e Entry) (string, error) {
	dir := e.Dir
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(home, "Library", "LaunchAgents")
	}
	return filepath.Join(dir, "app.inflow."+strings.ToLower(e.Name)+".plist"), nil
}

// Enable writes a LaunchAgent that starts the program at login.
func Enable(e Entry) error {
	if err := validate(e); err != nil {
		return err
	}
	p, err := path(e)
	if err != nil {
		return err
	}
	var args strings.Builder
	for _, a := range append([]string{e.Exec}, e.Args...) {
		fmt.Fprintf(&args, "    <string>%s</string>\n", html.EscapeString(a))
	}
	body := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key><string>app.inflow.%s</string>
  <key>ProgramArguments</key>
  <array>
%s  </array>
  <key>RunAtLoad</key><true/>
</dict>
</plist>
`, html.EscapeString(strings.ToLower(e.Name)), args.String())
	return writeAtomic(p, []byte(body))
}

// Disable removes the LaunchAgent.
func Disable(e Entry) error {
	p, err := path(e)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Enabled reports whether the LaunchAgent exists.
func Enabled(e Entry) (bool, error) {
	p, err := path(e)
	if err != nil {
		return false, err
	}
	_, err = os.Stat(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

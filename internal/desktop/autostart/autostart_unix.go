//go:build !windows && !darwin

package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// path is $XDG_CONFIG_HOME/autostart/<name>.desktop.
func path(e Entry) (string, error) {
	dir := e.Dir
	if dir == "" {
		base := os.Getenv("XDG_CONFIG_HOME")
		if base == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			base = filepath.Join(home, ".config")
		}
		dir = filepath.Join(base, "autostart")
	}
	return filepath.Join(dir, strings.ToLower(e.Name)+".desktop"), nil
}

// Enable writes the XDG autostart entry.
func Enable(e Entry) error {
	if err := validate(e); err != nil {
		return err
	}
	p, err := path(e)
	if err != nil {
		return err
	}
	body := fmt.Sprintf("[Desktop Entry]\nType=Application\nName=%s\nComment=Learning in the flow of work\nExec=%s\nIcon=inflow\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
		e.Name, commandLine(e))
	return writeAtomic(p, []byte(body))
}

// Disable removes the entry; it is not an error if there is none.
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

// Enabled reports whether the entry exists and starts this program.
func Enabled(e Entry) (bool, error) {
	p, err := path(e)
	if err != nil {
		return false, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return strings.Contains(string(b), "\nExec="+quoteArg(e.Exec)), nil
}

package hotkey

import (
	"fmt"
	"strings"
	"unicode"
)

// Modifier masks as X11 defines them.
const (
	ModShift   uint16 = 1
	ModLock    uint16 = 2 // Caps Lock
	ModControl uint16 = 4
	ModAlt     uint16 = 8  // Mod1
	ModNumLock uint16 = 16 // Mod2 on most keyboards
	ModSuper   uint16 = 64 // Mod4
)

// Shortcut is a parsed key combination.
type Shortcut struct {
	Mods   uint16
	Keysym uint32
	Text   string // normalised, e.g. "Ctrl+Shift+Space"
}

// DefaultShortcut is what a new profile uses.
const DefaultShortcut = "Ctrl+Shift+Space"

var namedKeys = map[string]uint32{
	"space": 0x20, "return": 0xff0d, "enter": 0xff0d, "tab": 0xff09, "escape": 0xff1b, "esc": 0xff1b,
	"backspace": 0xff08, "insert": 0xff63, "delete": 0xffff, "home": 0xff50, "end": 0xff57,
	"pageup": 0xff55, "pagedown": 0xff56, "left": 0xff51, "up": 0xff52, "right": 0xff53, "down": 0xff54,
	"slash": 0x2f, "period": 0x2e, "comma": 0x2c, "semicolon": 0x3b, "minus": 0x2d, "equal": 0x3d,
}

// Parse reads a shortcut such as "Ctrl+Shift+Space", "Super+K" or
// "Alt+F2". Modifiers: Ctrl, Shift, Alt, Super (any case, any order); the
// key: a letter, a digit, F1 to F24, or a named key (Space, Enter, Tab,
// Escape, Home, End, PageUp, PageDown, arrows, Slash, Period, ...). A
// shortcut needs at least one modifier other than Shift, so typing is
// never swallowed.
func Parse(s string) (Shortcut, error) {
	parts := strings.Split(strings.TrimSpace(s), "+")
	if len(parts) < 2 {
		return Shortcut{}, fmt.Errorf("shortcut %q needs a modifier and a key, like %s", s, DefaultShortcut)
	}
	var sc Shortcut
	var names []string
	for _, p := range parts[:len(parts)-1] {
		switch strings.ToLower(strings.TrimSpace(p)) {
		case "ctrl", "control":
			sc.Mods |= ModControl
		case "shift":
			sc.Mods |= ModShift
		case "alt":
			sc.Mods |= ModAlt
		case "super", "win", "meta":
			sc.Mods |= ModSuper
		default:
			return Shortcut{}, fmt.Errorf("shortcut %q: %q is not Ctrl, Shift, Alt or Super", s, p)
		}
	}
	if sc.Mods&^ModShift == 0 {
		return Shortcut{}, fmt.Errorf("shortcut %q needs Ctrl, Alt or Super", s)
	}
	for _, m := range []struct {
		bit  uint16
		name string
	}{{ModControl, "Ctrl"}, {ModAlt, "Alt"}, {ModSuper, "Super"}, {ModShift, "Shift"}} {
		if sc.Mods&m.bit != 0 {
			names = append(names, m.name)
		}
	}
	key := strings.TrimSpace(parts[len(parts)-1])
	lower := strings.ToLower(key)
	switch r := []rune(key); {
	case len(r) == 1 && (unicode.IsLetter(r[0]) && r[0] < 128 || unicode.IsDigit(r[0])):
		sc.Keysym = uint32(unicode.ToLower(r[0]))
		key = strings.ToUpper(key)
	case len(lower) >= 2 && lower[0] == 'f' && isNum(lower[1:]):
		n := atoi(lower[1:])
		if n < 1 || n > 24 {
			return Shortcut{}, fmt.Errorf("shortcut %q: no key %s", s, key)
		}
		sc.Keysym = 0xffbe + uint32(n-1)
		key = strings.ToUpper(key)
	default:
		k, ok := namedKeys[lower]
		if !ok {
			return Shortcut{}, fmt.Errorf("shortcut %q: unknown key %q", s, key)
		}
		sc.Keysym = k
		key = strings.ToUpper(lower[:1]) + lower[1:]
	}
	sc.Text = strings.Join(append(names, key), "+")
	return sc, nil
}

func isNum(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

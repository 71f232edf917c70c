package hotkey

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"sync"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// Hotkey is a grabbed shortcut. Its callback runs on the hotkey's own
// goroutine each time the shortcut is pressed.
type Hotkey struct {
	conn     *xgb.Conn
	root     xproto.Window
	keycodes []xproto.Keycode
	mods     uint16
	once     sync.Once
	done     chan struct{}
}

var quiet = log.New(io.Discard, "", 0)

// ErrNoDisplay means there is no X11 display to grab keys on (Wayland, a
// headless machine).
var ErrNoDisplay = errors.New("no X11 display: bind `inflow --search` to a shortcut in your desktop's settings instead")

// Register grabs the shortcut on the X11 display named by $DISPLAY and
// calls fn on every press. It fails, without side effects, when there is
// no display or another program already holds the shortcut.
func Register(sc Shortcut, fn func()) (*Hotkey, error) {
	if os.Getenv("DISPLAY") == "" {
		return nil, ErrNoDisplay
	}
	xgb.Logger = quiet // xgb logs connection details to stderr otherwise
	conn, err := xgb.NewConn()
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrNoDisplay, err)
	}
	h := &Hotkey{conn: conn, mods: sc.Mods, done: make(chan struct{})}
	setup := xproto.Setup(conn)
	h.root = setup.DefaultScreen(conn).Root
	h.keycodes, err = keycodes(conn, setup, sc.Keysym)
	if err != nil {
		conn.Close()
		return nil, err
	}
	// Grab with and without Caps Lock and Num Lock, which X11 counts as
	// modifiers too.
	for _, kc := range h.keycodes {
		for _, extra := range []uint16{0, ModLock, ModNumLock, ModLock | ModNumLock} {
			err := xproto.GrabKeyChecked(conn, true, h.root, sc.Mods|extra, kc, xproto.GrabModeAsync, xproto.GrabModeAsync).Check()
			if err != nil {
				h.ungrab()
				conn.Close()
				var access xproto.AccessError
				if errors.As(err, &access) {
					return nil, fmt.Errorf("%s is already taken by another program; choose another shortcut", sc.Text)
				}
				return nil, fmt.Errorf("grab %s: %v", sc.Text, err)
			}
		}
	}
	go h.loop(fn)
	return h, nil
}

// keycodes finds the keys that produce a keysym (unshifted).
func keycodes(conn *xgb.Conn, setup *xproto.SetupInfo, keysym uint32) ([]xproto.Keycode, error) {
	first, last := setup.MinKeycode, setup.MaxKeycode
	m, err := xproto.GetKeyboardMapping(conn, first, byte(last-first+1)).Reply()
	if err != nil {
		return nil, fmt.Errorf("read keyboard mapping: %v", err)
	}
	per := int(m.KeysymsPerKeycode)
	var out []xproto.Keycode
	for i := 0; per > 0 && i*per < len(m.Keysyms); i++ {
		if uint32(m.Keysyms[i*per]) == keysym {
			out = append(out, xproto.Keycode(int(first)+i))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no key on this keyboard produces keysym %#x", keysym)
	}
	return out, nil
}

func (h *Hotkey) loop(fn func()) {
	defer close(h.done)
	for {
		ev, err := h.conn.WaitForEvent()
		if ev == nil && err == nil {
			return // connection closed
		}
		if kp, ok := ev.(xproto.KeyPressEvent); ok {
			if kp.State&(ModShift|ModControl|ModAlt|ModSuper) == h.mods {
				fn()
			}
		}
	}
}

func (h *Hotkey) ungrab() {
	for _, kc := range h.keycodes {
		for _, extra := range []uint16{0, ModLock, ModNumLock, ModLock | ModNumLock} {
			xproto.UngrabKey(h.conn, kc, h.root, h.mods|extra)
		}
	}
}

// Close releases the shortcut. It is safe to call more than once.
func (h *Hotkey) Close() {
	h.once.Do(func() {
		h.ungrab()
		h.conn.Sync()
		h.conn.Close()
		<-h.done
	})
}

//go:build windows

package notifier

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"

	"git.sr.ht/~jackmordaunt/go-toast/wintoast"
)

// activatorGUID is Inflow's own COM class for toast activation. go-toast's
// default class id is shared by every program built on it, so one of them
// could otherwise receive our clicks, or we theirs.
const activatorGUID = "{DC096829-754C-4D20-BD95-62706C284EBC}"

// active is the Notifier go-toast's single, process-wide activation
// callback reports to: the one most recently made by New.
var (
	activeMu sync.Mutex
	active   *toastNotifier
)

// New returns the platform's notifier: toasts on Windows.
//
// AppName (default "Inflow") is the app id Windows groups the toasts under;
// it and Icon (only if it is an absolute file path) are registered under
// HKCU\Software\Classes\AppUserModelId.
// Actions become toast buttons and a click on the toast body reports
// DefaultActionKey, while this process runs (no activation executable is
// registered, so a click after the app exited does not start it). Timeout
// picks Windows's short or long duration. If the COM path fails, the toast
// is shown through PowerShell and its clicks are not reported (logged).
// Only the most recent Notifier receives clicks.
//
// On Linux and the BSDs New uses freedesktop notifications over D-Bus, on
// macOS beeep; New returns an error wrapping ErrUnavailable, never panics,
// when the platform service cannot be used.
func New(o Options) (Notifier, error) {
	o = o.withDefaults()
	icon := o.Icon
	if !filepath.IsAbs(icon) {
		icon = "" // a theme icon name means nothing to Windows
	}
	err := wintoast.SetAppData(wintoast.AppData{AppID: o.AppName, GUID: activatorGUID, IconPath: icon})
	if err != nil {
		return nil, fmt.Errorf("%w: registering %q for toasts: %w", ErrUnavailable, o.AppName, err)
	}
	var nonce [8]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	n := &toastNotifier{
		session:  hex.EncodeToString(nonce[:]),
		icon:     icon,
		dispatch: newDispatcher(o.OnAction),
		log:      o.Logger,
	}
	activeMu.Lock()
	active = n
	activeMu.Unlock()
	wintoast.SetActivationCallback(activate)
	return n, nil
}

// toastNotifier is the Notifier for Windows toasts.
type toastNotifier struct {
	session  string // tells this run's toasts from those of earlier runs
	icon     string
	next     atomic.Uint64
	dispatch *dispatcher
	log      *slog.Logger
}

// activate receives every toast activation of the process (on a COM
// thread) and hands ours to OnAction on another goroutine.
func activate(_, args string, _ []wintoast.UserData) {
	activeMu.Lock()
	n := active
	activeMu.Unlock()
	if n == nil {
		return
	}
	id, key, ok := parseToastArgs(args, n.session)
	if !ok {
		return
	}
	go n.dispatch.dispatch(id, key)
}

// Send shows note as a toast. The Windows call cannot be interrupted; ctx
// is checked before it.
func (n *toastNotifier) Send(ctx context.Context, note Notification) (string, error) {
	if err := note.validate(); err != nil {
		return "", err
	}
	if n.dispatch.closed.Load() {
		return "", ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("notifier: send %q: %w", note.Title, err)
	}
	id := strconv.FormatUint(n.next.Add(1), 10)
	doc, err := toastXML(n.session, n.icon, id, note)
	if err != nil {
		return "", fmt.Errorf("notifier: send %q: %w", note.Title, err)
	}
	if err := wintoast.Push(doc); err != nil {
		if perr := wintoast.Push(doc, wintoast.PreferPowershell); perr != nil {
			return "", fmt.Errorf("notifier: send %q: %w", note.Title, errors.Join(err, perr))
		}
		n.log.Warn("notifier: toast shown through PowerShell; its clicks are not reported", "err", err)
	}
	return id, nil
}

// Close stops reporting clicks. Toasts already shown stay in the Action
// Center. It is safe to call twice.
func (n *toastNotifier) Close() error {
	n.dispatch.close()
	activeMu.Lock()
	if active == n {
		active = nil
	}
	activeMu.Unlock()
	return nil
}

var _ Notifier = (*toastNotifier)(nil)

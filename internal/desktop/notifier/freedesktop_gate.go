//go:build linux || freebsd || netbsd || openbsd || dragonfly

package notifier

import (
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
)

// Bookkeeping limits of the gate.
const (
	// closedGrace keeps an id after NotificationClosed, because some servers
	// report the close before the ActionInvoked that caused it.
	closedGrace = time.Minute
	// maxTracked bounds the ids kept for servers that never report a close.
	maxTracked = 1024
	// maxParked bounds the signals held while sends are in flight.
	maxParked = 64
)

// gate is the connection's dbus.SignalHandler. It sees every signal in the
// order it arrived on the connection and passes on, to the notify library's
// event loop, only well-formed ActionInvoked and NotificationClosed signals
// about notifications this process sent:
//
//   - The library type-asserts signal bodies and would panic on a malformed
//     signal from any peer; the gate drops those.
//   - Every application's notifications share one id space, and the match
//     rule delivers them all; the gate drops other applications' ids.
//   - A server may emit ActionInvoked before its Notify reply reaches us (a
//     quick click, or a server that acts at once). A signal for an unknown id
//     that arrives while a Send is in flight is parked until that Send knows
//     its id, then passed on or dropped. A signal that arrived before the
//     Send began is never attributed to it.
//   - When the org.freedesktop.Notifications owner changes, the new server
//     starts its own ids, so all ids from before are forgotten.
type gate struct {
	inner signalHandler // sequential: keeps ActionInvoked before NotificationClosed
	log   *slog.Logger
	now   func() time.Time

	mu           sync.Mutex
	ids          map[uint32]time.Time // our ids: zero while open, else when reported closed
	inflight     map[uint64]struct{}  // tokens of Sends awaiting their reply
	nextToken    uint64
	parked       []parkedSignal
	ownerChanged bool
}

// parkedSignal is a signal for an unknown id held until the Sends that were
// in flight when it arrived have their ids.
type parkedSignal struct {
	member  string
	sig     *dbus.Signal
	id      uint32
	closed  bool
	waiting map[uint64]struct{}
}

// signalHandler is what godbus needs from a handler that channels can be
// registered with and that is shut down with the connection.
type signalHandler interface {
	dbus.SignalHandler
	dbus.SignalRegistrar
	dbus.Terminator
}

func newGate(log *slog.Logger) (*gate, error) {
	inner, ok := dbus.NewSequentialSignalHandler().(signalHandler)
	if !ok {
		return nil, fmt.Errorf("notifier: godbus's sequential signal handler cannot register channels")
	}
	return &gate{
		inner:    inner,
		log:      log,
		now:      time.Now,
		ids:      make(map[uint32]time.Time),
		inflight: make(map[uint64]struct{}),
	}, nil
}

// DeliverSignal implements dbus.SignalHandler. It runs on the connection's
// reader goroutine, so it never calls the bus.
func (g *gate) DeliverSignal(iface, member string, sig *dbus.Signal) {
	if iface == dbusIface && member == "NameOwnerChanged" {
		g.ownerChange(sig)
		return
	}
	if iface != notificationsIface || sig.Path != notificationsPath {
		return
	}
	id, closed, ok := parseNotificationSignal(member, sig.Body)
	if !ok {
		g.log.Debug("notifier: ignoring unexpected notification signal", "signal", sig.Name, "body", fmt.Sprint(sig.Body))
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ours := g.ids[id]; ours {
		g.passLocked(member, sig, id, closed)
		return
	}
	if len(g.inflight) > 0 && len(g.parked) < maxParked {
		g.parked = append(g.parked, parkedSignal{member: member, sig: sig, id: id, closed: closed, waiting: maps.Clone(g.inflight)})
	}
}

// parseNotificationSignal checks the body of a Notifications signal the
// library understands and returns the notification id it is about.
func parseNotificationSignal(member string, body []any) (id uint32, closed, ok bool) {
	if len(body) < 2 {
		return 0, false, false
	}
	if id, ok = body[0].(uint32); !ok {
		return 0, false, false
	}
	switch member {
	case "ActionInvoked":
		_, ok = body[1].(string)
		return id, false, ok
	case "NotificationClosed":
		_, ok = body[1].(uint32)
		return id, true, ok
	}
	return 0, false, false
}

// passLocked hands a signal about one of our notifications to the library.
// Delivering under g.mu keeps parked signals in order with later ones.
func (g *gate) passLocked(member string, sig *dbus.Signal, id uint32, closed bool) {
	if closed && g.ids[id].IsZero() {
		g.ids[id] = g.now()
	}
	g.inner.DeliverSignal(notificationsIface, member, sig)
}

// ownerChange forgets every id when the notification server goes away or is
// replaced, and marks the server's capabilities for a fresh look.
func (g *gate) ownerChange(sig *dbus.Signal) {
	if sig.Sender != dbusName || len(sig.Body) < 3 {
		return
	}
	name, _ := sig.Body[0].(string)
	oldOwner, _ := sig.Body[1].(string)
	newOwner, _ := sig.Body[2].(string)
	if name != notificationsName {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ownerChanged = true
	if oldOwner != "" {
		clear(g.ids)
		g.parked = nil
		g.log.Info("notifier: notification server went away; clicks on earlier notifications are no longer reported",
			"old_owner", oldOwner, "new_owner", newOwner)
	}
}

// takeOwnerChanged reports whether the server changed since the last call.
func (g *gate) takeOwnerChanged() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	changed := g.ownerChanged
	g.ownerChanged = false
	return changed
}

// beginSend registers a Send about to call Notify.
func (g *gate) beginSend() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.nextToken++
	g.inflight[g.nextToken] = struct{}{}
	return g.nextToken
}

// endSend records the id a Send got (when ok) and settles the signals parked
// while it was in flight.
func (g *gate) endSend(token uint64, id uint32, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.inflight, token)
	if ok {
		g.ids[id] = time.Time{}
		g.pruneLocked()
	}
	kept := g.parked[:0]
	for _, p := range g.parked {
		if _, waited := p.waiting[token]; !waited {
			kept = append(kept, p)
			continue
		}
		if ok && p.id == id {
			g.passLocked(p.member, p.sig, p.id, p.closed)
			continue
		}
		delete(p.waiting, token)
		if len(p.waiting) > 0 {
			kept = append(kept, p)
		}
	}
	clear(g.parked[len(kept):])
	g.parked = kept
}

// pruneLocked drops ids closed longer than closedGrace ago and, past
// maxTracked, the lowest (oldest) ids.
func (g *gate) pruneLocked() {
	now := g.now()
	for id, closedAt := range g.ids {
		if !closedAt.IsZero() && now.Sub(closedAt) > closedGrace {
			delete(g.ids, id)
		}
	}
	if len(g.ids) <= maxTracked {
		return
	}
	ids := slices.Sorted(maps.Keys(g.ids))
	for _, id := range ids[:len(ids)-maxTracked] {
		delete(g.ids, id)
	}
}

// AddSignal implements dbus.SignalRegistrar for the library's channel.
func (g *gate) AddSignal(ch chan<- *dbus.Signal) {
	g.inner.AddSignal(ch)
}

// RemoveSignal implements dbus.SignalRegistrar.
func (g *gate) RemoveSignal(ch chan<- *dbus.Signal) {
	g.inner.RemoveSignal(ch)
}

// Terminate implements dbus.Terminator: closing the connection closes the
// library's channel, which ends its event loop.
func (g *gate) Terminate() {
	g.inner.Terminate()
}

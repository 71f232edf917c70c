package library

import "github.com/inflow-learning/inflow/internal/inflow"

// Watcher hears about events after they are stored: local ones made on
// this device (so sync can push them soon) and ones pulled from other
// devices (so views can refresh). It runs on the recording goroutine, so
// it must return quickly: signal a channel, do not sync in it.
type Watcher func(evs []*inflow.Event)

// Watch adds a watcher of recorded events. It returns a function that
// removes it.
func (l *Library) Watch(w Watcher) (stop func()) {
	l.watchMu.Lock()
	defer l.watchMu.Unlock()
	l.watchSeq++
	id := l.watchSeq
	if l.watchers == nil {
		l.watchers = map[int]Watcher{}
	}
	l.watchers[id] = w
	return func() {
		l.watchMu.Lock()
		defer l.watchMu.Unlock()
		delete(l.watchers, id)
	}
}

// notify tells the watchers about stored events.
func (l *Library) notify(evs []*inflow.Event) {
	if len(evs) == 0 {
		return
	}
	l.watchMu.Lock()
	ws := make([]Watcher, 0, len(l.watchers))
	for _, w := range l.watchers {
		ws = append(ws, w)
	}
	l.watchMu.Unlock()
	for _, w := range ws {
		w(evs)
	}
}

// IsLocal reports whether an event was made on this device.
func (l *Library) IsLocal(ev *inflow.Event) bool { return ev.Device == l.device }

package notifier

import (
	"sync"
	"sync/atomic"
)

// dispatcher hands clicks to Options.OnAction one at a time and stops doing
// so once the Notifier is closed. Every platform shares it so the callback
// contract is the same everywhere.
type dispatcher struct {
	mu     sync.Mutex // one OnAction call at a time
	closed atomic.Bool
	fn     func(id, key string)
}

func newDispatcher(fn func(id, key string)) *dispatcher {
	return &dispatcher{fn: fn}
}

// dispatch calls OnAction unless the Notifier is closed. It reports whether
// the callback ran.
func (d *dispatcher) dispatch(id, key string) bool {
	if d.closed.Load() {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed.Load() {
		return false
	}
	d.fn(id, key)
	return true
}

// close stops further calls. It does not wait for a running call, so
// OnAction may itself call Close.
func (d *dispatcher) close() { d.closed.Store(true) }

package auth

import (
	"sync"
	"time"
)

// Limiter allows at most Burst attempts per key within Window, then asks
// callers to wait until the oldest attempt leaves the window. Sign-in uses
// one keyed by user name and one keyed by client address, so neither one
// account nor one address can be guessed at quickly.
type Limiter struct {
	Burst  int
	Window time.Duration

	mu       sync.Mutex
	attempts map[string][]time.Time
	sweep    time.Time
}

// NewLimiter returns a limiter of burst attempts per window.
func NewLimiter(burst int, window time.Duration) *Limiter {
	return &Limiter{Burst: burst, Window: window, attempts: map[string][]time.Time{}}
}

// Allow records an attempt for key at now; when refused it says how long
// to wait.
func (l *Limiter) Allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.sweep) > l.Window {
		l.sweep = now
		for k, ts := range l.attempts {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= l.Window {
				delete(l.attempts, k)
			}
		}
	}
	ts := l.attempts[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.Window {
		i++
	}
	ts = ts[i:]
	if len(ts) >= l.Burst {
		l.attempts[key] = ts
		return false, l.Window - now.Sub(ts[0])
	}
	l.attempts[key] = append(ts, now)
	return true, 0
}

// Reset forgets a key's attempts (after a successful sign-in).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.attempts, key)
}

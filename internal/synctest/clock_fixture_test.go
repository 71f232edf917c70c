package synctest

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"
)

// t0 is when every test's world starts: a fixed instant, so schedules and
// ids do not depend on when the tests run.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// world is the true time of a test, advanced by the test alone. Devices
// read it through their own skewed clocks.
type world struct {
	mu  sync.Mutex
	now time.Time
}

func newWorld() *world { return &world{now: t0} }

func (w *world) Now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *world) advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = w.now.Add(d)
}

// deviceClock is a device's wall clock: the world's time plus the device's
// error (negative: the clock is behind).
type deviceClock struct {
	w    *world
	skew time.Duration
}

func (c deviceClock) Now() time.Time { return c.w.Now().Add(c.skew) }

// idSource makes UUIDv7s from a device's clock, as the device would with
// its own system clock, so ids of a device whose clock is off sort where
// that device would put them. Ids are increasing per source (a 12-bit
// counter within a millisecond, moving into the next millisecond when it
// runs out) and their random bits come from a seeded generator.
type idSource struct {
	clock  interface{ Now() time.Time }
	mu     sync.Mutex
	rng    *rand.Rand
	lastMs int64
	seq    uint16
}

func newIDSource(clock interface{ Now() time.Time }, seed uint64) *idSource {
	return &idSource{clock: clock, rng: rand.New(rand.NewPCG(seed, 0x1d5))}
}

// NewID returns the next id in canonical UUID text form.
func (s *idSource) NewID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ms := s.clock.Now().UnixMilli()
	if ms > s.lastMs {
		s.lastMs, s.seq = ms, 0
	} else if s.seq++; s.seq > 0xfff {
		s.lastMs, s.seq = s.lastMs+1, 0
	}
	var u uuid.UUID
	for i := range 6 {
		u[i] = byte(s.lastMs >> (40 - 8*i))
	}
	u[6] = 0x70 | byte(s.seq>>8) // version 7, top of the counter
	u[7] = byte(s.seq)
	r := s.rng.Uint64()
	for i := 8; i < 16; i++ {
		u[i] = byte(r >> (8 * (i - 8)))
	}
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u.String()
}

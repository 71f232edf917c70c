package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/fsrs"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/review"
)

// history makes one device's review events: every tenth event creates a
// card, the others answer a card made before. Ids are UUIDv7s of the
// event's time, as the app makes them, so the log spreads over the
// syncclient's digest buckets the way a real one does. Seeded: every run
// makes the same events.
type history struct {
	device string
	rng    *rand.Rand
	n      int // events made so far
}

func newHistory(device string, seed uint64) *history {
	return &history{device: device, rng: rand.New(rand.NewPCG(seed, 7))}
}

// next makes the next event, at time at (callers keep times distinct to
// the millisecond and increasing).
func (h *history) next(at time.Time) *inflow.Event {
	k := h.n
	h.n++
	ev := &inflow.Event{ID: h.uuidAt(at), Device: h.device, Time: at.UTC(), HLC: inflow.HLC{Wall: at.UnixMilli()}}
	var data any
	if k%10 == 0 {
		c := k / 10
		ev.Type, ev.Subject = review.EventCardCreated, fmt.Sprintf("card/%07d", c)
		data = review.Content{
			Deck:   fmt.Sprintf("Deck %02d", c%20),
			Prompt: fmt.Sprintf("What does word number %d mean in the sentence on page %d?", c, c%300),
			Answer: fmt.Sprintf("Meaning number %d, as in the example", c),
		}
	} else {
		ev.Type, ev.Subject = review.EventAnswered, fmt.Sprintf("card/%07d", h.rng.IntN(k/10+1))
		data = review.AnswerData{Rating: fsrs.Rating(2 + h.rng.IntN(3)), DurationMs: int64(2000 + h.rng.IntN(9000))}
	}
	ev.Data, _ = json.Marshal(data)
	return ev
}

// spread makes n events evenly over [from, to).
func (h *history) spread(n int, from, to time.Time) []*inflow.Event {
	step := to.Sub(from) / time.Duration(n)
	if step < time.Millisecond {
		panic("history: events closer than a millisecond")
	}
	evs := make([]*inflow.Event, n)
	for i := range evs {
		evs[i] = h.next(from.Add(time.Duration(i) * step))
	}
	return evs
}

// uuidAt is a UUIDv7 of time t with seeded random bits.
func (h *history) uuidAt(t time.Time) string {
	var u uuid.UUID
	var ms [8]byte
	binary.BigEndian.PutUint64(ms[:], uint64(t.UnixMilli()))
	copy(u[:6], ms[2:])
	binary.BigEndian.PutUint64(u[8:], h.rng.Uint64())
	binary.BigEndian.PutUint16(u[6:], uint16(h.rng.Uint32()))
	u[6] = 0x70 | u[6]&0x0f
	u[8] = 0x80 | u[8]&0x3f
	return u.String()
}

// stepClock is the devices' clock: it moves only when told, so the
// incremental runs can stand for syncs minutes apart.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *stepClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

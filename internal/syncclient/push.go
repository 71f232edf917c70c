package syncclient

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

const (
	scanPage      = 1000                           // events read from the local log at a time
	pushBudget    = 1 << 20                        // body size a push batch aims under
	maxEventBytes = syncproto.MaxBodyBytes - 1<<10 // an event alone must fit a push body
	// passMargin: the push cursor may pass other devices' events only when
	// their UUIDv7 time is this far behind this device's clock, so that
	// this device's next events (stamped with its clock) sort after it.
	// Should this clock be set back further, new events land below the
	// cursor and check finds them (it compares the buckets from the last
	// check's time on). Short, so a sync does not re-read the other
	// devices' recent events every time.
	passMargin = 10 * time.Minute
)

// outgoing is one own event, encoded for a push.
type outgoing struct {
	id  string
	raw json.RawMessage
}

// batch is the next push: own events to send, own events that cannot be
// sent, and where the push cursor goes once the server has answered.
type batch struct {
	events []outgoing
	size   int
	unsent []syncproto.Rejection
	next   string
}

// fits reports whether an encoded event of n bytes may join the batch.
func (b *batch) fits(n int) bool {
	return len(b.events) < syncproto.MaxBatch && (len(b.events) == 0 || b.size+n+1 <= pushBudget)
}

func (b *batch) add(o outgoing) {
	b.events = append(b.events, o)
	b.size += len(o.raw) + 1
}

// ids lists every own event the batch settles, sent or not.
func (b *batch) ids() []string {
	ids := make([]string, 0, len(b.events)+len(b.unsent))
	for _, o := range b.events {
		ids = append(ids, o.id)
	}
	for _, r := range b.unsent {
		ids = append(ids, r.ID)
	}
	return ids
}

// push sends own events after the push cursor, one batch at a time,
// advancing the cursor after each answer.
func (s *session) push(ctx context.Context) error {
	cursor, err := s.loadString(ctx, "pushCursor")
	if err != nil {
		return err
	}
	s.fromStart = cursor == ""
	for {
		b, err := s.nextBatch(ctx, cursor)
		if err != nil {
			return err
		}
		if len(b.events) > 0 {
			if err := s.send(ctx, b.events); err != nil {
				return err
			}
		}
		s.reject(b.unsent...)
		if err := s.markPushed(ctx, b.ids()); err != nil {
			return err
		}
		if b.next == cursor {
			return nil
		}
		if err := s.saveString(ctx, "pushCursor", b.next); err != nil {
			return err
		}
		cursor = b.next
	}
}

// nextBatch reads the local log after cursor into the next batch of own
// events. The cursor it proposes is the last own event of the batch, or
// further past other devices' events old enough to pass (see passMargin).
func (s *session) nextBatch(ctx context.Context, cursor string) (*batch, error) {
	b := &batch{next: cursor}
	blocked := false // an event that may not be passed was seen since b.next
	after := cursor
	for {
		evs, err := rawEvents(ctx, s.c.store, after, scanPage)
		if err != nil {
			return nil, fmt.Errorf("read local log: %w", err)
		}
		for _, ev := range evs {
			after = ev.ID
			if ev.Device != s.c.device {
				if !blocked && s.c.passable(ev.ID) {
					b.next = ev.ID
				} else {
					blocked = true
				}
				continue
			}
			o, rej := encode(ev)
			if rej != nil {
				b.unsent = append(b.unsent, *rej)
			} else if b.fits(len(o.raw)) {
				b.add(o)
			} else {
				return b, nil // o starts the next batch
			}
			b.next, blocked = ev.ID, false
		}
		if len(evs) < scanPage {
			return b, nil
		}
	}
}

// encode prepares an own event for a push, as stored, or says why it
// cannot go.
func encode(ev inflow.RawEvent) (outgoing, *syncproto.Rejection) {
	if len(ev.JSON) == 0 {
		return outgoing{}, &syncproto.Rejection{ID: ev.ID, Code: inflow.EINVALID, Message: "the event cannot be encoded"}
	}
	if len(ev.JSON) > maxEventBytes {
		return outgoing{}, &syncproto.Rejection{ID: ev.ID, Code: inflow.ETOOLARGE,
			Message: fmt.Sprintf("the event is %d bytes, over the %d one push may carry", len(ev.JSON), maxEventBytes)}
	}
	return outgoing{id: ev.ID, raw: ev.JSON}, nil
}

// send pushes events and adds the answer to the result. A batch the server
// finds too large is split in halves; a single event it refuses as too
// large is reported and passed.
func (s *session) send(ctx context.Context, evs []outgoing) error {
	var resp syncproto.PushResponse
	err := s.c.do(ctx, http.MethodPost, s.a.Server, "/api/v1/events", nil, s.token, pushBody(evs), &resp)
	if isStatus(err, http.StatusRequestEntityTooLarge) {
		if len(evs) == 1 {
			s.reject(syncproto.Rejection{ID: evs[0].id, Code: inflow.ETOOLARGE, Message: "the server refused the event as too large"})
			return nil
		}
		if err := s.send(ctx, evs[:len(evs)/2]); err != nil {
			return err
		}
		return s.send(ctx, evs[len(evs)/2:])
	}
	if err != nil {
		return err
	}
	if n := resp.Stored + resp.Duplicates + len(resp.Rejected); n != len(evs) {
		s.c.log.Warn("sync: push answer does not add up", "sent", len(evs), "accounted", n)
	}
	s.res.Pushed += resp.Stored
	s.res.Duplicates += resp.Duplicates
	s.reject(resp.Rejected...)
	return nil
}

// pushBody is a syncproto.PushRequest made of already encoded events.
func pushBody(evs []outgoing) []byte {
	var b bytes.Buffer
	b.WriteString(`{"events":[`)
	for i, o := range evs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(o.raw)
	}
	b.WriteString("]}")
	return b.Bytes()
}

// passable reports whether the push cursor may move past another device's
// event: its id is a UUIDv7 made well before this device's now.
func (c *Client) passable(id string) bool {
	u, err := uuid.Parse(id)
	if err != nil || u.Version() != 7 {
		return false
	}
	ms := int64(binary.BigEndian.Uint64(append([]byte{0, 0}, u[:6]...)))
	return time.UnixMilli(ms).Before(c.clock.Now().Add(-passMargin))
}

// pending counts own events after the push cursor, reading at most
// PendingScanLimit events.
func (c *Client) pending(ctx context.Context, a account) (int, error) {
	var cursor string
	if _, err := c.store.Setting(ctx, a.key("pushCursor"), &cursor); err != nil {
		return 0, err
	}
	n, scanned := 0, 0
	for scanned < PendingScanLimit {
		evs, err := rawEvents(ctx, c.store, cursor, min(scanPage, PendingScanLimit-scanned))
		if err != nil {
			return 0, err
		}
		for _, ev := range evs {
			if ev.Device == c.device {
				n++
			}
		}
		scanned += len(evs)
		if len(evs) == 0 || len(evs) < scanPage {
			break
		}
		cursor = evs[len(evs)-1].ID
	}
	return n, nil
}

package syncclient

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// bucketLen is the length of the id prefix that names a digest bucket: for
// UUIDv7s the top 24 bits of the millisecond time, about 4.7 hours.
const bucketLen = 6

// digest sums up a set of event ids: their count and the XOR of their
// hashes, so adding an id is cheap and two sets compare in O(1). Through
// is the largest id added by the push path, which adds each id once even
// when a batch is sent again after a crash.
type digest struct {
	N       int    `json:"n"`
	X       uint64 `json:"x"`
	Through string `json:"through,omitempty"`
}

func (d *digest) add(id string) {
	h := fnv.New64a()
	h.Write([]byte(id))
	d.N++
	d.X ^= h.Sum64()
	d.Through = max(d.Through, id)
}

func bucketOf(id string) string { return id[:min(len(id), bucketLen)] }

// bucketAt is the bucket of the UUIDv7s made at t.
func bucketAt(t time.Time) string {
	return fmt.Sprintf("%012x", max(t.UnixMilli(), 0))[:bucketLen]
}

// below returns a key that sorts before every id with the given prefix,
// and after (almost) every id without it, to list a bucket from its start.
func below(prefix string) string {
	for prefix != "" {
		last := prefix[len(prefix)-1]
		if last > 0 {
			return prefix[:len(prefix)-1] + string([]byte{last - 1}) + "\xff\xff\xff\xff"
		}
		prefix = prefix[:len(prefix)-1]
	}
	return ""
}

func (s *session) loadDigest(ctx context.Context, bucket string) (digest, error) {
	var d digest
	if _, err := s.c.store.Setting(ctx, s.a.key("pushed."+bucket), &d); err != nil {
		return d, fmt.Errorf("read push digest: %w", err)
	}
	return d, nil
}

func (s *session) saveDigest(ctx context.Context, bucket string, d digest) error {
	if err := s.c.store.SetSetting(ctx, s.a.key("pushed."+bucket), d); err != nil {
		return fmt.Errorf("save push digest: %w", err)
	}
	return nil
}

// markPushed adds ids the server answered for to their buckets' digests.
func (s *session) markPushed(ctx context.Context, ids []string) error {
	for len(ids) > 0 {
		bucket := bucketOf(ids[0])
		n := 1
		for n < len(ids) && bucketOf(ids[n]) == bucket {
			n++
		}
		d, err := s.loadDigest(ctx, bucket)
		if err != nil {
			return err
		}
		before := d
		for _, id := range ids[:n] {
			if id > d.Through {
				d.add(id)
			}
		}
		if d != before {
			if err := s.saveDigest(ctx, bucket, d); err != nil {
				return err
			}
		}
		ids = ids[n:]
	}
	return nil
}

// check looks for own events at or below the push cursor that were never
// pushed: in every bucket on a full check (the first sync of the Client,
// after Recheck, and a background sync once fullCheckEvery has passed),
// else from the cursor's bucket,
// where events committed out of id order land, or from the bucket of the
// previous check's time when that is lower: after the device clock was
// set back, new ids sort below the cursor, in older buckets.
func (s *session) check(ctx context.Context) error {
	c := s.c
	cursor, err := s.loadString(ctx, "pushCursor")
	if err != nil || cursor == "" {
		return err
	}
	c.mu.Lock()
	recheck := c.recheck
	c.recheck = false
	c.mu.Unlock()
	now := c.clock.Now()
	full := recheck || c.lastFullCheck.IsZero() || (s.sweep && now.Sub(c.lastFullCheck) >= c.fullCheckEvery)
	from := ""
	if s.fromStart && !recheck {
		full, from = false, bucketOf(cursor) // the push just digested every own event
	} else if !full {
		from = bucketOf(cursor)
		since := c.lastCheck
		if now.Before(since) {
			since = now
		}
		if b := bucketAt(since.Add(-time.Minute)); b < from {
			from = b
		}
	}
	if err := s.checkFrom(ctx, cursor, from); err != nil {
		if recheck {
			c.Recheck()
		}
		return err
	}
	// Only a check that completed moves the window the next one starts
	// from, so a failed one leaves nothing unchecked.
	c.lastCheck = now
	if full || s.fromStart {
		c.lastFullCheck = now
	}
	return nil
}

// checkFrom compares the digests of the buckets from the given one ("":
// the first) up to the cursor's with the local log, and pushes every
// bucket that differs again.
func (s *session) checkFrom(ctx context.Context, cursor, from string) error {
	local := map[string]*digest{}
	var buckets []string
	err := s.scanOwnRange(ctx, from, cursor, func(ev inflow.RawEvent) error {
		b := bucketOf(ev.ID)
		d := local[b]
		if d == nil {
			d = &digest{}
			local[b] = d
			buckets = append(buckets, b)
		}
		d.add(ev.ID)
		return nil
	})
	if err != nil {
		return err
	}
	for _, b := range buckets {
		pushed, err := s.loadDigest(ctx, b)
		if err != nil {
			return err
		}
		if pushed.N == local[b].N && pushed.X == local[b].X {
			continue
		}
		s.c.log.Info("sync: pushing a bucket again", "bucket", b, "local", local[b].N, "pushed", pushed.N)
		if err := s.repush(ctx, b, cursor); err != nil {
			return err
		}
	}
	return nil
}

// repush sends every own event of a bucket up to the cursor, then records
// them as the bucket's digest.
func (s *session) repush(ctx context.Context, bucket, cursor string) error {
	var d digest
	b := &batch{}
	flush := func() error {
		if len(b.events) > 0 {
			if err := s.send(ctx, b.events); err != nil {
				return err
			}
		}
		*b = batch{}
		return nil
	}
	err := s.scanOwn(ctx, bucket, cursor, func(ev inflow.RawEvent) error {
		d.add(ev.ID)
		o, rej := encode(ev)
		if rej != nil {
			return nil // reported when the push cursor passed it
		}
		if !b.fits(len(o.raw)) {
			if err := flush(); err != nil {
				return err
			}
		}
		b.add(o)
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	return s.saveDigest(ctx, bucket, d)
}

// scanOwnRange calls fn for each own event from the bucket from ("": the
// start of the log) up to and including last, in id order.
func (s *session) scanOwnRange(ctx context.Context, from, last string, fn func(inflow.RawEvent) error) error {
	after := below(from)
	for {
		evs, err := rawEvents(ctx, s.c.store, after, scanPage)
		if err != nil {
			return fmt.Errorf("read local log: %w", err)
		}
		for _, ev := range evs {
			after = ev.ID
			if ev.ID > last {
				return nil
			}
			if ev.Device != s.c.device || ev.ID < from {
				continue
			}
			if err := fn(ev); err != nil {
				return err
			}
		}
		if len(evs) < scanPage {
			return nil
		}
	}
}

// scanOwn calls fn for each own event whose id starts with prefix ("":
// any) and is at most last, in id order.
func (s *session) scanOwn(ctx context.Context, prefix, last string, fn func(inflow.RawEvent) error) error {
	if prefix != "" {
		last = min(last, prefix+"\xff") // every id with the prefix sorts below
	}
	return s.scanOwnRange(ctx, prefix, last, fn)
}

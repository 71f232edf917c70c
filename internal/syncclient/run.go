package syncclient

import (
	"context"
	"errors"
	"time"
)

// Run keeps the profile in sync until ctx ends: it syncs at once, about
// 2 s after a change (more changes within that wait for each other, up to
// 30 s after the first), every 5 minutes, and after a failure again with
// exponential backoff (see backoff); changes do not cut a backoff short.
//
// changes signals that events were recorded locally; send without
// blocking on a channel with a buffer of one, so a signal during a sync
// is kept for the next. A nil or closed channel is never read.
func (c *Client) Run(ctx context.Context, changes <-chan struct{}) {
	var (
		failures    int
		next        = c.clock.Now() // the next scheduled sync: at once
		notBefore   time.Time       // end of the current backoff
		firstChange time.Time       // first change not yet synced
		changeDue   time.Time       // when changes are synced; zero: none
	)
	for {
		due := next
		if !changeDue.IsZero() && changeDue.Before(due) {
			due = changeDue
		}
		fire, stop := c.timer(max(due.Sub(c.clock.Now()), 0))
		select {
		case <-ctx.Done():
			stop()
			return
		case _, ok := <-changes:
			stop()
			if !ok {
				changes = nil
				continue
			}
			now := c.clock.Now()
			if firstChange.IsZero() {
				firstChange = now
			}
			changeDue = now.Add(c.debounce)
			if last := firstChange.Add(c.maxDebounce); changeDue.After(last) {
				changeDue = last
			}
			if changeDue.Before(notBefore) {
				changeDue = notBefore
			}
			c.refreshPending(ctx)
		case <-fire:
			// Syncs on the interval (not for a change) may sweep.
			sweep := changeDue.IsZero() || next.Before(changeDue)
			firstChange, changeDue = time.Time{}, time.Time{}
			_, err := c.syncOnce(ctx, sweep)
			if ctx.Err() != nil {
				return
			}
			now := c.clock.Now()
			if err == nil {
				failures, notBefore = 0, time.Time{}
				next = now.Add(c.interval)
				continue
			}
			failures++
			d := c.backoff(failures, err)
			if errors.Is(err, ErrOffline) {
				c.log.Debug("sync: offline", "retry in", d, "err", err)
			} else {
				c.log.Warn("sync failed", "retry in", d, "err", err)
			}
			next = now.Add(d)
			notBefore = next
		}
	}
}

// backoff is the wait before retrying after the n-th failure in a row:
// "full jitter", uniform below a ceiling that starts at backoffMin and
// doubles up to backoffMax, yet never under half of backoffMin, and at
// least what a 429's Retry-After asks. Signed out waits the longest: only
// a new sign-in helps.
func (c *Client) backoff(n int, err error) time.Duration {
	if errors.Is(err, ErrSignedOut) {
		return c.backoffMax
	}
	ceiling := c.backoffMin
	for i := 1; i < n && ceiling < c.backoffMax; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, c.backoffMax)
	d := max(time.Duration(c.rand()*float64(ceiling)), c.backoffMin/2)
	var se *ServerError
	if errors.As(err, &se) && se.RetryAfter > d {
		d = se.RetryAfter
	}
	return d
}

// refreshPending recounts pending events after a local change.
func (c *Client) refreshPending(ctx context.Context) {
	a, err := c.account(ctx)
	if err != nil {
		return
	}
	n, err := c.pending(ctx, a)
	if err != nil {
		return
	}
	c.update(func(st *Status) { st.Pending = n })
}

package syncclient

import (
	"context"
	"fmt"
	"strings"

	"github.com/inflow-learning/inflow/internal/syncproto"
)

// session is one sync's working state.
type session struct {
	c     *Client
	a     account
	token string
	res   *Result
	// fromStart: this session's push walked the whole local log, so a
	// full check right after it would only re-read what it just pushed.
	fromStart bool
	// sweep allows the periodic full check (background syncs).
	sweep bool
}

// SyncOnce pushes every pending own event, checks that nothing below the
// push cursor was missed, pulls until the server has no more, then applies
// the catalog's changes when Config.Catalog is set. An error leaves the
// cursors at the last batch or page that completed, so the next sync
// resumes there. The Result counts what was done, also when
// it fails part way.
//
// The periodic full check of every bucket (every 6 hours) is left to the
// background syncs of Run, so a sync after a change stays quick; the first
// sync of a Client and the one after Recheck always do it.
func (c *Client) SyncOnce(ctx context.Context) (Result, error) {
	return c.syncOnce(ctx, false)
}

// syncOnce is SyncOnce; sweep allows the periodic full check.
func (c *Client) syncOnce(ctx context.Context, sweep bool) (Result, error) {
	c.syncMu.Lock()
	defer c.syncMu.Unlock()
	c.update(func(st *Status) { st.Syncing = true })
	var res Result
	a, err := c.sync(ctx, &res, sweep)
	c.finish(ctx, a, res, err)
	return res, err
}

func (c *Client) sync(ctx context.Context, res *Result, sweep bool) (account, error) {
	a, err := c.account(ctx)
	if err != nil {
		return a, err
	}
	token, err := c.token()
	if err != nil {
		return a, fmt.Errorf("read device token: %w", err)
	}
	if token == "" {
		return a, ErrSignedOut
	}
	s := &session{c: c, a: a, token: token, res: res, sweep: sweep}
	if err := s.push(ctx); err != nil {
		return a, fmt.Errorf("push: %w", err)
	}
	if err := s.check(ctx); err != nil {
		return a, fmt.Errorf("check pushed events: %w", err)
	}
	if err := s.pull(ctx); err != nil {
		return a, fmt.Errorf("pull: %w", err)
	}
	if err := s.catalog(ctx); err != nil {
		return a, fmt.Errorf("catalog: %w", err)
	}
	if err := c.store.SetSetting(ctx, a.key("lastSuccess"), c.clock.Now().UTC()); err != nil {
		return a, fmt.Errorf("save sync time: %w", err)
	}
	if res.Pushed+res.Pulled+len(res.Rejected)+res.Catalog+len(res.CatalogRejected) > 0 {
		c.log.Info("sync: done", "pushed", res.Pushed, "pulled", res.Pulled,
			"duplicates", res.Duplicates, "rejected", len(res.Rejected),
			"catalog", res.Catalog, "catalogRejected", len(res.CatalogRejected))
	}
	return a, nil
}

// finish records the outcome of a sync in the status.
func (c *Client) finish(ctx context.Context, a account, res Result, err error) {
	now := c.clock.Now()
	pending := -1
	if a.Server != "" {
		if n, perr := c.pending(context.WithoutCancel(ctx), a); perr == nil {
			pending = n
		}
	}
	c.update(func(st *Status) {
		st.Syncing = false
		st.Online = c.online
		if a.Server != "" {
			st.Server, st.User = a.Server, a.User
		}
		if pending >= 0 {
			st.Pending = pending
		}
		switch {
		case err == nil:
			st.LastSuccess = now
			st.LastError = rejectedText(res)
		case ctx.Err() != nil:
			// Stopped, not failed: keep what the last real outcome said.
		default:
			st.LastError = err.Error()
		}
	})
}

// rejectedText sums up rejected events and catalog packs for
// Status.LastError.
func rejectedText(res Result) string {
	var parts []string
	if len(res.Rejected) > 0 {
		parts = append(parts, summary("event(s) could not be synced", res.Rejected))
	}
	if len(res.CatalogRejected) > 0 {
		parts = append(parts, summary("catalog pack(s) could not be applied", res.CatalogRejected))
	}
	return strings.Join(parts, "; ")
}

// summary names the first of rs and counts the others.
func summary(what string, rs []syncproto.Rejection) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s: %s %s: %s", len(rs), what, rs[0].ID, rs[0].Code, rs[0].Message)
	if len(rs) > 1 {
		fmt.Fprintf(&b, " (and %d more; see the log)", len(rs)-1)
	}
	return b.String()
}

// reject records events that will not be synced, and logs them.
func (s *session) reject(rs ...syncproto.Rejection) {
	for _, r := range rs {
		s.c.log.Warn("sync: event not synced", "id", r.ID, "code", r.Code, "message", r.Message)
	}
	s.res.Rejected = append(s.res.Rejected, rs...)
}

// loadString reads a string setting of the account; "" when unset.
func (s *session) loadString(ctx context.Context, name string) (string, error) {
	var v string
	if _, err := s.c.store.Setting(ctx, s.a.key(name), &v); err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	return v, nil
}

func (s *session) saveString(ctx context.Context, name, v string) error {
	if err := s.c.store.SetSetting(ctx, s.a.key(name), v); err != nil {
		return fmt.Errorf("save %s: %w", name, err)
	}
	return nil
}

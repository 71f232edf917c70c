package syncclient

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// pull applies pages of the person's events after the pull cursor until
// the server has no more, saving the cursor after each applied page.
func (s *session) pull(ctx context.Context) error {
	cursor, err := s.loadString(ctx, "pullCursor")
	if err != nil {
		return err
	}
	for {
		var page syncproto.PullResponse
		q := url.Values{"after": {cursor}, "limit": {strconv.Itoa(syncproto.MaxBatch)}}
		if err := s.c.do(ctx, http.MethodGet, s.a.Server, "/api/v1/events", q, s.token, nil, &page); err != nil {
			return err
		}
		evs := make([]*inflow.Event, 0, len(page.Events))
		for i := range page.Events {
			ev := &page.Events[i]
			if msg := malformed(ev); msg != "" {
				s.reject(syncproto.Rejection{ID: ev.ID, Code: inflow.EINVALID, Message: "pulled event " + msg})
				continue
			}
			evs = append(evs, ev)
		}
		if len(evs) > 0 {
			n, err := s.c.store.RecordMany(ctx, evs)
			if err != nil {
				return fmt.Errorf("apply pulled events: %w", err)
			}
			s.res.Pulled += n
		}
		if page.Cursor != "" && page.Cursor != cursor {
			if err := s.saveString(ctx, "pullCursor", page.Cursor); err != nil {
				return err
			}
		} else if page.More {
			return inflow.Errorf(inflow.EINTERNAL, "the server said more events follow but did not advance its cursor")
		}
		if !page.More {
			return nil
		}
		cursor = page.Cursor
	}
}

// malformed says what a pulled event lacks, or "" if it is whole. The
// library would stamp missing parts as this device's, making it another
// event than the one on the server.
func malformed(ev *inflow.Event) string {
	switch {
	case ev.ID == "":
		return "has no id"
	case ev.Type == "":
		return "has no type"
	case ev.Device == "":
		return "has no device"
	case ev.HLC == (inflow.HLC{}):
		return "has no clock stamp"
	case ev.Time.IsZero():
		return "has no time"
	}
	return ""
}

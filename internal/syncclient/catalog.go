package syncclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// CatalogSink is where published packs land: the local library
// (*library.Library) in the app and the CLI.
type CatalogSink interface {
	// ApplyPack stores a pack, replacing the items of the pack with its id;
	// after an error nothing of it is stored.
	ApplyPack(ctx context.Context, p *inflow.Pack) (*library.PackReport, error)
	// RemovePack deletes a pack and its items; ENOTFOUND if it is not there.
	RemovePack(ctx context.Context, id string) (*library.PackReport, error)
	// Packs lists the packs there, with their origin.
	Packs(ctx context.Context) ([]*inflow.PackInfo, error)
}

var _ CatalogSink = (*library.Library)(nil)

// defaultCatalogPage is how many catalog changes one request asks for.
// Each change carries a whole pack, so pages are small; a page over
// maxResponseBytes is asked for again with half the limit.
const defaultCatalogPage = 20

// catalog applies pages of catalog changes after the catalog cursor until
// the server has no more, saving the cursor after each applied page.
func (s *session) catalog(ctx context.Context) error {
	if s.c.catalog == nil {
		return nil
	}
	cursor, err := s.loadString(ctx, "catalogCursor")
	if err != nil {
		return err
	}
	limit := s.c.catalogPage
	for {
		var page syncproto.CatalogResponse
		q := url.Values{"after": {cursor}, "limit": {strconv.Itoa(limit)}}
		err := s.c.do(ctx, http.MethodGet, s.a.Server, "/api/v1/catalog", q, s.token, nil, &page)
		if errors.Is(err, errAnswerTooLarge) && limit > 1 {
			limit = max(limit/2, 1)
			continue
		}
		if err != nil {
			return err
		}
		for i := range page.Changes {
			if err := s.applyChange(ctx, &page.Changes[i]); err != nil {
				return err
			}
		}
		if page.Cursor != "" && page.Cursor != cursor {
			if err := s.saveString(ctx, "catalogCursor", page.Cursor); err != nil {
				return err
			}
		} else if page.More {
			return inflow.Errorf(inflow.EINTERNAL, "the server said more catalog changes follow but did not advance its cursor")
		}
		if !page.More {
			return nil
		}
		cursor = page.Cursor
	}
}

// applyChange puts or removes one pack. A change the library refuses
// (invalid, in conflict with a local pack, too large) is reported and
// passed: it would be refused again on every sync and hold back every
// change after it, and the library still has the pack's previous copy.
// Other failures (the disk) stop the sync, to apply the page again later.
func (s *session) applyChange(ctx context.Context, ch *syncproto.CatalogChange) error {
	var err error
	switch {
	case ch.Removed:
		err = s.removePack(ctx, ch.PackID)
	case ch.Pack == nil || ch.Pack.ID != ch.PackID:
		err = inflow.Errorf(inflow.EINVALID, "the change of pack %s carries no pack of that id", ch.PackID)
	default:
		// The origin marks the pack as this server's: see removePack.
		ch.Pack.Origin = s.a.Server
		_, err = s.c.catalog.ApplyPack(ctx, ch.Pack)
	}
	switch inflow.ErrorCode(err) {
	case "":
		s.res.Catalog++
		return nil
	case inflow.EINVALID, inflow.ECONFLICT, inflow.ETOOLARGE:
		r := syncproto.Rejection{ID: ch.PackID, Code: inflow.ErrorCode(err), Message: err.Error()}
		s.c.log.Warn("sync: catalog pack not applied", "pack", r.ID, "code", r.Code, "message", r.Message)
		s.res.CatalogRejected = append(s.res.CatalogRejected, r)
		return nil
	}
	return fmt.Errorf("apply catalog pack %s: %w", ch.PackID, err)
}

// removePack removes a pack the catalog brought. A pack with that id that
// came from elsewhere (imported from a file since) stays: the catalog
// removes only what it put. A pack already gone is not an error, so a
// page applied again after a crash applies cleanly.
func (s *session) removePack(ctx context.Context, id string) error {
	packs, err := s.c.catalog.Packs(ctx)
	if err != nil {
		return fmt.Errorf("list local packs: %w", err)
	}
	for _, p := range packs {
		if p.ID != id {
			continue
		}
		if p.Origin != s.a.Server {
			s.c.log.Info("sync: catalog removed a pack kept here, imported from elsewhere", "pack", id, "origin", p.Origin)
			return nil
		}
		if _, err := s.c.catalog.RemovePack(ctx, id); err != nil && inflow.ErrorCode(err) != inflow.ENOTFOUND {
			return err
		}
		return nil
	}
	return nil
}

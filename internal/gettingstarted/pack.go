package gettingstarted

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/inflow-learning/inflow/internal/importer"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// ID is the built-in pack's id.
const ID = "inflow.getting-started"

// Format is the built-in pack's format.
const Format = "builtin"

//go:embed content
var content embed.FS

// Pack returns the built-in pack, validated. now stamps the items' Updated
// time; it does not change their hashes, so storing the pack again on every
// start leaves unchanged items alone.
func Pack(now time.Time) (*inflow.Pack, error) {
	files, err := fs.Sub(content, "content")
	if err != nil {
		return nil, err
	}
	packs, err := importer.LoadFS(context.Background(), files, "getting-started", importer.Options{
		Now: func() time.Time { return now },
	})
	if err != nil {
		return nil, fmt.Errorf("getting started pack: %w", err)
	}
	if len(packs) != 1 || packs[0].ID != ID {
		return nil, inflow.Errorf(inflow.EINTERNAL, "getting started pack: want one pack %q", ID)
	}
	p := packs[0]
	p.Format = Format
	return p, nil
}

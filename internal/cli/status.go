package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// statusJSON is the --json shape of inflow status.
type statusJSON struct {
	DataDir      string             `json:"dataDir"`
	Schema       int                `json:"schema"`
	Device       string             `json:"device"`
	Items        int                `json:"items"`
	Indexed      uint64             `json:"indexed"`
	IndexCurrent bool               `json:"indexCurrent"`
	IndexRebuilt bool               `json:"indexRebuilt"`
	Languages    []inflow.Facet     `json:"languages"`
	Packs        []*inflow.PackInfo `json:"packs"`
	Bookmarks    int                `json:"bookmarks"`
	Events       int                `json:"events"`
}

func newStatusCmd(env Env, g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show what the library holds",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			p, err := g.open(ctx, env)
			if err != nil {
				return err
			}
			defer p.Close()
			st := statusJSON{DataDir: p.Dir, Device: p.Library.Device(), IndexRebuilt: p.IndexRebuilt}
			if st.Schema, err = p.Store.Schema(); err != nil {
				return err
			}
			if st.Languages, err = p.Store.Languages(ctx); err != nil {
				return err
			}
			for _, l := range st.Languages {
				st.Items += l.Count
			}
			if st.Indexed, err = p.Index.Count(); err != nil {
				return err
			}
			if st.IndexCurrent, err = p.Library.IndexCurrent(ctx); err != nil {
				return err
			}
			if st.Packs, err = p.Store.Packs(ctx); err != nil {
				return err
			}
			bms, err := p.Store.Bookmarks(ctx)
			if err != nil {
				return err
			}
			st.Bookmarks = len(bms)
			if st.Events, err = p.Store.EventCount(ctx); err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(st)
			}
			w := env.Stdout
			fmt.Fprintf(w, "Profile:   %s (schema %d, device %s)\n", st.DataDir, st.Schema, st.Device)
			fmt.Fprintf(w, "Items:     %d in %d packs, %d indexed (index current: %v)\n", st.Items, len(st.Packs), st.Indexed, st.IndexCurrent)
			for _, pk := range st.Packs {
				fmt.Fprintf(w, "  %-32s %6d items  %s\n", pk.ID, pk.ItemCount, pk.Title)
			}
			fmt.Fprintf(w, "Languages: %d\n", len(st.Languages))
			fmt.Fprintf(w, "Bookmarks: %d   Events recorded: %d\n", st.Bookmarks, st.Events)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print status as JSON")
	return cmd
}

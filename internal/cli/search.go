package cli

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"github.com/spf13/cobra"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func newSearchCmd(env Env, g *globals) *cobra.Command {
	var asJSON bool
	var limit int
	var lang string
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Search the library",
		Long:  "Search the library. Words match in any order; the last word also matches as a prefix; \"quoted words\" match as a phrase.",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.open(cmd.Context(), env)
			if err != nil {
				return err
			}
			defer p.Close()
			res, err := p.Library.Search(cmd.Context(), inflow.SearchRequest{
				Query: strings.Join(args, " "), Language: lang, Limit: limit,
			})
			if err != nil {
				return err
			}
			if asJSON {
				return writeSearchJSON(env, res)
			}
			return writeSearchText(env, res)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print results as JSON")
	cmd.Flags().IntVarP(&limit, "limit", "n", 10, "maximum number of results")
	cmd.Flags().StringVar(&lang, "lang", "en", "language to rank first (empty for none)")
	return cmd
}

// searchHitJSON is the --json shape of one hit: stable field names for
// scripts.
type searchHitJSON struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Kind     string  `json:"kind"`
	Topic    string  `json:"topic"`
	Language string  `json:"language"`
	Snippet  string  `json:"snippet"`
	Score    float64 `json:"score"`
}

func writeSearchJSON(env Env, res *inflow.SearchResult) error {
	out := struct {
		Query string          `json:"query"`
		Total uint64          `json:"total"`
		Hits  []searchHitJSON `json:"hits"`
	}{Query: res.Query, Total: res.Total, Hits: []searchHitJSON{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, searchHitJSON{ID: h.ID, Title: h.Title, Kind: string(h.Kind), Topic: h.Topic,
			Language: h.Language, Snippet: plainSnippet(h.Snippet), Score: h.Score})
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeSearchText(env Env, res *inflow.SearchResult) error {
	if len(res.Hits) == 0 {
		_, err := fmt.Fprintf(env.Stdout, "No results for %q.\n", res.Query)
		return err
	}
	for i, h := range res.Hits {
		fmt.Fprintf(env.Stdout, "%2d. %s  [%s · %s · %s]\n    %s\n    %s\n", i+1, h.Title, h.Kind, h.Topic, h.Language, plainSnippet(h.Snippet), h.ID)
	}
	_, err := fmt.Fprintf(env.Stdout, "%d of %d results\n", len(res.Hits), res.Total)
	return err
}

// plainSnippet turns an HTML snippet with <mark> into plain text.
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	return html.UnescapeString(s)
}

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
	var asJSON, facets bool
	var limit, offset int
	var lang string
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Search the library",
		Long: "Search the library. Words match in any order; the last word also matches as a prefix;\n" +
			"\"quoted words\" match as a phrase; kind:, topic:, tag:, lang: and course: filter\n" +
			"(e.g. inflow search tar kind:snippet lang:en).",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.open(cmd.Context(), env)
			if err != nil {
				return err
			}
			defer p.Close()
			res, err := p.Library.Search(cmd.Context(), inflow.SearchRequest{
				Query: strings.Join(args, " "), Language: lang, Limit: limit, Offset: offset, Facets: facets,
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
	cmd.Flags().IntVar(&offset, "offset", 0, "skip this many results (paging)")
	cmd.Flags().BoolVar(&facets, "facets", false, "also count the matches by kind, topic, language and tag")
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
		Query      string                `json:"query"`
		Filters    []inflow.SearchFilter `json:"filters"`
		Total      uint64                `json:"total"`
		Hits       []searchHitJSON       `json:"hits"`
		Facets     *inflow.SearchFacets  `json:"facets,omitempty"`
		Suggestion string                `json:"suggestion,omitempty"`
	}{Query: res.Query, Filters: res.Filters, Total: res.Total, Hits: []searchHitJSON{}, Facets: res.Facets, Suggestion: res.Suggestion}
	if out.Filters == nil {
		out.Filters = []inflow.SearchFilter{}
	}
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
		fmt.Fprintf(env.Stdout, "No results for %q.\n", res.Query)
		if res.Suggestion != "" {
			fmt.Fprintf(env.Stdout, "Did you mean: %s\n", res.Suggestion)
		}
		return nil
	}
	for i, h := range res.Hits {
		fmt.Fprintf(env.Stdout, "%2d. %s  [%s · %s · %s]\n    %s\n    %s\n", i+1, h.Title, h.Kind, h.Topic, h.Language, plainSnippet(h.Snippet), h.ID)
	}
	fmt.Fprintf(env.Stdout, "%d of %d results\n", len(res.Hits), res.Total)
	if f := res.Facets; f != nil {
		for _, g := range []struct {
			name   string
			facets []inflow.Facet
		}{{"kinds", f.Kinds}, {"topics", f.Topics}, {"languages", f.Languages}, {"tags", f.Tags}} {
			if len(g.facets) > 0 {
				fmt.Fprintf(env.Stdout, "%-10s", g.name+":")
				for i, fc := range g.facets {
					if i == 8 {
						break
					}
					fmt.Fprintf(env.Stdout, " %s (%d)", fc.Value, fc.Count)
				}
				fmt.Fprintln(env.Stdout)
			}
		}
	}
	return nil
}

// plainSnippet turns an HTML snippet with <mark> into plain text.
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	return html.UnescapeString(s)
}

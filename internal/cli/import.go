package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/reviewimport"
)

func newImportCmd(env Env, g *globals) *cobra.Command {
	var asJSON, quiet bool
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import Markdown folders, zips, tldr-pages trees or Anki collections",
		Long: "Import folders or .zip files of Markdown with YAML front matter (see docs/content-format.md),\n" +
			"or a tldr-pages tree (recognised automatically). Each pack is stored all or nothing;\n" +
			"re-importing updates items in place.\n\n" +
			"An Anki package (.apkg, .colpkg) or collection (collection.anki2, .anki21) becomes review\n" +
			"cards with their whole review history; importing it again stores nothing twice.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.open(cmd.Context(), env)
			if err != nil {
				return err
			}
			defer p.Close()
			var bar *progressBar
			if env.StderrIsTerminal && !quiet && !asJSON {
				bar = &progressBar{w: env.Stderr}
			}
			ankiPaths, rest := reviewimport.SplitAnki(args)
			rep := &importReport{ImportReport: &library.ImportReport{Packs: []library.PackReport{}, Failed: []library.PathError{}}}
			if len(rest) > 0 {
				rep.ImportReport = p.Library.Import(cmd.Context(), env.Loader, rest, bar.update)
			}
			bar.finish()
			for _, path := range ankiPaths {
				sum, err := reviewimport.ImportAnkiFile(cmd.Context(), p.Library, p.Store, path)
				if err != nil {
					rep.Failed = append(rep.Failed, library.PathError{Path: path, Code: inflow.ErrorCode(err), Error: inflow.ErrorMessage(err)})
					continue
				}
				rep.Reviews = append(rep.Reviews, reviewimport.FileSummary{Path: path, Summary: sum})
			}
			if asJSON {
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else {
				printReport(env.Stdout, env.Stderr, rep)
			}
			if len(rep.Failed) > 0 {
				return inflow.Errorf(rep.Failed[0].Code, "%d of %d paths failed to import", countPaths(rep.Failed), len(args))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the import report as JSON")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

func countPaths(failed []library.PathError) int {
	seen := map[string]bool{}
	for _, f := range failed {
		seen[f.Path] = true
	}
	return len(seen)
}

// importReport is the import report with review histories added.
type importReport struct {
	*library.ImportReport
	Reviews []reviewimport.FileSummary `json:"reviews,omitempty"`
}

func printReport(out, errw io.Writer, rep *importReport) {
	for _, pk := range rep.Packs {
		fmt.Fprintf(out, "%s: %d added, %d updated, %d unchanged, %d removed (%s)\n",
			pk.PackID, pk.Added, pk.Updated, pk.Unchanged, pk.Removed, pk.Path)
	}
	for _, r := range rep.Reviews {
		fmt.Fprintf(out, "%s: %d cards (%d new) in %d decks, %d answers, %d cards and answers already there, %d skipped\n",
			r.Path, r.Cards, r.NewCards, len(r.Decks), r.Answers, r.Duplicates, r.Skipped)
		for _, n := range r.Notes {
			fmt.Fprintf(out, "  note: %s\n", n)
		}
	}
	for _, f := range rep.Failed {
		fmt.Fprintf(errw, "inflow: %s: %s\n", f.Path, f.Error)
	}
}

// progressBar draws one bar per import phase on a terminal. A nil
// *progressBar draws nothing.
type progressBar struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	phase string
}

func (b *progressBar) update(p library.Progress) {
	if b == nil || p.Phase == library.PhaseDone {
		return
	}
	if b.bar == nil || b.phase != p.Phase+p.Path {
		if b.bar != nil {
			b.bar.Finish()
			fmt.Fprintln(b.w)
		}
		b.phase = p.Phase + p.Path
		b.bar = progressbar.NewOptions(p.Total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(fmt.Sprintf("%-8s %s", p.Phase, p.Path)),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100_000_000),
			progressbar.OptionClearOnFinish(),
		)
	}
	b.bar.ChangeMax(p.Total)
	b.bar.Set(p.Done)
}

func (b *progressBar) finish() {
	if b != nil && b.bar != nil {
		b.bar.Finish()
	}
}

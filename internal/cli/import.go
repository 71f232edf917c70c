package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
)

func newImportCmd(env Env, g *globals) *cobra.Command {
	var asJSON, quiet bool
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import Markdown folders, zips or tldr-pages trees",
		Long: "Import folders or .zip files of Markdown with YAML front matter (see docs/content-format.md),\n" +
			"or a tldr-pages tree (recognised automatically). Each pack is stored all or nothing;\n" +
			"re-importing updates items in place.",
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
			rep := p.Library.Import(cmd.Context(), env.Loader, args, bar.update)
			bar.finish()
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

func printReport(out, errw io.Writer, rep *library.ImportReport) {
	for _, pk := range rep.Packs {
		fmt.Fprintf(out, "%s: %d added, %d updated, %d unchanged, %d removed (%s)\n",
			pk.PackID, pk.Added, pk.Updated, pk.Unchanged, pk.Removed, pk.Path)
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

package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/inflow-learning/inflow/internal/coursepkg"
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
			"a course (a folder or zip with course.yaml or course.json, or an mdBook with SUMMARY.md),\n" +
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
			coursePaths, rest := splitCourses(rest)
			rep := &importReport{ImportReport: &library.ImportReport{Packs: []library.PackReport{}, Failed: []library.PathError{}}}
			if len(rest) > 0 {
				rep.ImportReport = p.Library.Import(cmd.Context(), env.Loader, rest, bar.update)
			}
			bar.finish()
			for _, path := range coursePaths {
				c, err := p.Courses.Import(cmd.Context(), path, coursepkg.Options{})
				if err != nil {
					rep.Failed = append(rep.Failed, library.PathError{Path: path, Code: inflow.ErrorCode(err), Error: inflow.ErrorMessage(err)})
					continue
				}
				rep.Courses = append(rep.Courses, courseReport{Path: path, ID: c.Manifest.ID, Version: c.Manifest.Version,
					Title: c.Manifest.Title, Lessons: c.Manifest.Lessons(), Files: len(c.Manifest.Files), Size: c.Manifest.TotalSize()})
			}
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
	Courses []courseReport             `json:"courses,omitempty"`
}

// courseReport is one course installed by import.
type courseReport struct {
	Path    string `json:"path"`
	ID      string `json:"id"`
	Version string `json:"version"`
	Title   string `json:"title"`
	Lessons int    `json:"lessons"`
	Files   int    `json:"files"`
	Size    int64  `json:"size"`
}

// splitCourses separates course folders and zips from other paths.
func splitCourses(paths []string) (courses, rest []string) {
	for _, p := range paths {
		if coursepkg.IsCourse(p) {
			courses = append(courses, p)
		} else {
			rest = append(rest, p)
		}
	}
	return courses, rest
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
	for _, c := range rep.Courses {
		fmt.Fprintf(out, "%s: course %q version %s installed: %d lessons, %d files, %s (%s)\n",
			c.ID, c.Title, c.Version, c.Lessons, c.Files, humanBytes(c.Size), c.Path)
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

// humanBytes writes a size the way file managers do.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

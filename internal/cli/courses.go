package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"text/tabwriter"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/inflow-learning/inflow/internal/coursecatalog"
	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/profile"
)

// coursesReport is what `inflow courses` prints (see coursecatalog).
type coursesReport = coursecatalog.Report

func newCoursesCmd(env Env, g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "courses",
		Short: "List courses: installed ones with progress, and the server's (when signed in)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.open(cmd.Context(), env)
			if err != nil {
				return err
			}
			defer p.Close()
			rep, err := listCourses(cmd.Context(), p, env)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(env.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			printCourses(env.Stdout, rep)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	cmd.AddCommand(newCourseDownloadCmd(env, g), newCourseRemoveCmd(env, g))
	return cmd
}

// listCourses merges installed courses with the server's catalog; an
// unreachable server is reported, not an error.
func listCourses(ctx context.Context, p *profile.Profile, env Env) (*coursesReport, error) {
	c, _ := syncFor(p, env)
	return coursecatalog.List(ctx, p.Courses, p.Lessons, func(ctx context.Context) (coursecatalog.Catalog, error) {
		r, err := c.Courses(ctx)
		if err != nil {
			return nil, err
		}
		return r, nil
	})
}

func printCourses(w io.Writer, rep *coursesReport) {
	if len(rep.Courses) == 0 {
		fmt.Fprintln(w, "No courses yet. Sign in to a server (inflow login) or import a course folder (inflow import).")
	} else {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTITLE\tSTATE\tPROGRESS\tSIZE")
		for _, c := range rep.Courses {
			state := c.State
			if c.State == coursecatalog.StateUpdateAvailable {
				state = fmt.Sprintf("update available (%s → %s)", c.Installed, c.Available)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d/%d lessons\t%s\n", c.ID, c.Title, state, c.Done, c.Lessons, humanBytes(c.Size))
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "Course files on this device: %s\n", humanBytes(rep.Storage))
	if rep.Offline != "" {
		fmt.Fprintf(w, "The server's courses are not listed: %s\n", rep.Offline)
	}
}

func newCourseDownloadCmd(env Env, g *globals) *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:   "download ID",
		Short: "Download a course (or its new version) for offline use; Ctrl+C pauses, running it again resumes",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.open(cmd.Context(), env)
			if err != nil {
				return err
			}
			defer p.Close()
			c, _ := syncFor(p, env)
			remote, err := c.Courses(cmd.Context())
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			var bar *progressbar.ProgressBar
			inst, err := p.Courses.Download(ctx, remote, args[0], func(pr courses.Progress) {
				if quiet || !env.StderrIsTerminal {
					return
				}
				if bar == nil {
					bar = progressbar.NewOptions64(pr.Total, progressbar.OptionSetWriter(env.Stderr),
						progressbar.OptionSetDescription(args[0]), progressbar.OptionShowBytes(true),
						progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100_000_000), progressbar.OptionClearOnFinish())
				}
				bar.Set64(pr.Done)
			})
			if bar != nil {
				bar.Finish()
			}
			if errors.Is(err, context.Canceled) && cmd.Context().Err() == nil {
				fmt.Fprintf(env.Stdout, "Paused %s; run the same command to resume.\n", args[0])
				return nil
			}
			if err != nil {
				return err
			}
			m := inst.Manifest
			fmt.Fprintf(env.Stdout, "%s: %q version %s is available offline (%d lessons, %s).\n", m.ID, m.Title, m.Version, m.Lessons(), humanBytes(m.TotalSize()))
			return nil
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

func newCourseRemoveCmd(env Env, g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: "Remove a downloaded course and free its space (progress and review cards stay)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := g.open(cmd.Context(), env)
			if err != nil {
				return err
			}
			defer p.Close()
			freed, err := p.Courses.Remove(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "Removed %s; freed %s.\n", args[0], humanBytes(freed))
			return nil
		},
	}
}

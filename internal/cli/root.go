package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/profile"
)

// GUIOptions are handed to RunGUI.
type GUIOptions struct {
	DataDir string
	Logger  *slog.Logger
	// Search opens quick search with Query typed; Review opens the review
	// session; Background starts in the tray with no window (at login).
	// A running Inflow on the same profile is handed these instead.
	Search     bool
	Query      string
	Review     bool
	Background bool
}

// Env is what the command line runs against: its streams, the version, how
// to load import paths and how to start the desktop app.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Version        string
	Loader         library.Loader
	RunGUI         func(GUIOptions) error
	Clock          inflow.Clock
	// StderrIsTerminal enables progress bars.
	StderrIsTerminal bool
}

// Execute runs the command line with args (without the program name) and
// returns the process exit code.
func Execute(ctx context.Context, env Env, args []string) int {
	root := newRoot(env)
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(env.Stderr, "inflow:", errorText(err))
		return 1
	}
	return 0
}

func errorText(err error) string {
	if c := inflow.ErrorCode(err); c != inflow.EINTERNAL {
		return inflow.ErrorMessage(err)
	}
	return err.Error()
}

type globals struct {
	dataDir string
	verbose bool
}

func newRoot(env Env) *cobra.Command {
	g := &globals{}
	var launch GUIOptions
	root := &cobra.Command{
		Use:   "inflow",
		Short: "Inflow: learning in the flow of work",
		Long: "Inflow keeps a local, instantly searchable library of short how-tos, cheat sheets and guides.\n" +
			"Run without a command to open the desktop app; the commands below work without a display.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 && !launch.Search {
				return inflow.Errorf(inflow.EINVALID, "unknown command %q; see inflow --help", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if env.RunGUI == nil {
				return inflow.Errorf(inflow.EINVALID, "this build has no desktop app; see inflow --help")
			}
			o := launch
			o.DataDir, o.Logger = g.dir(), g.logger(env)
			if o.Search {
				o.Query = strings.Join(args, " ")
			}
			return env.RunGUI(o)
		},
	}
	root.Flags().BoolVar(&launch.Search, "search", false, "open quick search, with the words that follow typed in (in the running Inflow if there is one)")
	root.Flags().BoolVar(&launch.Review, "review", false, "open the review session (in the running Inflow if there is one)")
	root.Flags().BoolVar(&launch.Background, "background", false, "start in the tray without a window (used at login)")
	root.PersistentFlags().StringVar(&g.dataDir, "data-dir", "", "profile directory (default $"+profile.EnvDataDir+" or the per-user data directory)")
	root.PersistentFlags().BoolVarP(&g.verbose, "verbose", "v", false, "log details to stderr")
	root.AddCommand(
		newImportCmd(env, g),
		newReviewCmd(env, g),
		newLoginCmd(env, g),
		newLogoutCmd(env, g),
		newSyncCmd(env, g),
		newSearchCmd(env, g),
		newCoursesCmd(env, g),
		newStatusCmd(env, g),
		newVersionCmd(env),
	)
	return root
}

func (g *globals) dir() string {
	if g.dataDir != "" {
		return g.dataDir
	}
	return profile.DefaultDir()
}

func (g *globals) logger(env Env) *slog.Logger {
	level := slog.LevelWarn
	if g.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
}

// open opens the profile for a command; on a terminal it counts the items
// re-indexed when the search index has to be rebuilt.
func (g *globals) open(ctx context.Context, env Env) (*profile.Profile, error) {
	o := profile.Options{Logger: g.logger(env), Clock: env.Clock}
	if env.StderrIsTerminal {
		o.OnRebuild = func(done int) { fmt.Fprintf(env.Stderr, "\rrebuilding the search index: %d items", done) }
	}
	p, err := profile.Open(ctx, g.dir(), o)
	if err == nil && p.IndexRebuilt && env.StderrIsTerminal {
		fmt.Fprintln(env.Stderr)
	}
	return p, err
}

// Command inflow is the Inflow desktop app and its headless command line.
// main only wires: the CLI decides what to run, the app package runs the
// window, the importer reads packs.
package main

import (
	"context"
	"embed"
	"io/fs"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // IANA zones for reminder settings on systems without them (Windows)

	"golang.org/x/term"

	"github.com/inflow-learning/inflow/app"
	"github.com/inflow-learning/inflow/internal/cli"
	"github.com/inflow-learning/inflow/internal/importer"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	loader := func(ctx context.Context, path string, progress func(done, total int, name string)) ([]*inflow.Pack, error) {
		return importer.Load(ctx, path, importer.Options{Progress: progress, Now: time.Now})
	}
	code := cli.Execute(ctx, cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Version:          version,
		Loader:           loader,
		Clock:            inflow.SystemClock{},
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
		RunGUI: func(o cli.GUIOptions) error {
			// The window handles SIGTERM itself (a clean GTK shutdown).
			stop()
			dist, err := fs.Sub(assets, "frontend/dist")
			if err != nil {
				return err
			}
			return app.Run(app.RunOptions{
				Assets: dist, DataDir: o.DataDir, Version: version, Loader: loader, Logger: o.Logger,
				Launch: app.Launch{Search: o.Search, Query: o.Query, Review: o.Review, Background: o.Background},
			})
		},
	}, os.Args[1:])
	stop()
	os.Exit(code)
}

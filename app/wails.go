package app

import (
	"context"
	_ "embed"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/profile"
)

// RunOptions configure the desktop window.
type RunOptions struct {
	Assets  fs.FS // the built frontend (frontend/dist)
	DataDir string
	Version string
	Loader  library.Loader
	Logger  *slog.Logger
	Launch  Launch // what this start asks for (--search, --review, --background)
}

//go:embed trayicon.png
var trayIcon []byte

// Run opens the Inflow window and blocks until it closes. The profile is
// opened after the window starts, so a slow index rebuild never delays the
// first paint; the frontend waits for the app:ready event.
func Run(o RunOptions) error {
	id := instanceID(o.DataDir)
	if handOff(id, o.Launch) {
		return nil // the running Inflow took it
	}
	core := NewCore(nil, o.Loader, o.Version)
	// SIGTERM and Ctrl+C end the app even when closing only hides it.
	// Wails turns them into a close request; this channel tells the close
	// handler it is one.
	terminate := make(chan os.Signal, 1)
	signal.Notify(terminate, syscall.SIGTERM, os.Interrupt)
	defer signal.Stop(terminate)
	desk := newDesktop(core, trayIcon, o.Logger)
	core.setDesktop(desk)
	var prof *profile.Profile
	opened := make(chan struct{}) // closed once the profile open has finished
	return wails.Run(&options.App{
		StartHidden: o.Launch.Background || o.Launch.Search,
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: id,
			OnSecondInstanceLaunch: func(d options.SecondInstanceData) {
				core.launch(ParseLaunch(d.Args))
			},
		},
		OnBeforeClose: func(ctx context.Context) bool {
			select {
			case <-terminate:
				core.quitting.Store(true)
			case <-time.After(30 * time.Millisecond): // the signal, if any, is delivered by now
			}
			if core.quitting.Load() || !desk.closeToTray() {
				return false
			}
			core.endQuick()
			runtime.WindowHide(ctx)
			return true // keep running in the tray
		},
		Title:     "Inflow",
		Width:     1180,
		Height:    780,
		MinWidth:  720,
		MinHeight: 480,
		// Course files are served from the profile (see MediaHandler).
		AssetServer:      &assetserver.Options{Assets: o.Assets, Handler: MediaHandler(core.courseFiles)},
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 250, A: 255},
		DragAndDrop:      &options.DragAndDrop{EnableFileDrop: true, DisableWebViewDrop: true},
		Linux:            &linux.Options{ProgramName: "inflow", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
		OnStartup: func(ctx context.Context) {
			core.SetShell(wailsShell{ctx: ctx, onShow: core.windowShown})
			desk.startTray()
			if o.Launch.Search {
				core.quickSearch(o.Launch.Query)
			}
			go func() {
				defer close(opened)
				p, err := profile.Open(ctx, o.DataDir, profile.Options{Logger: o.Logger})
				if err != nil {
					o.Logger.Error("open profile", "dir", o.DataDir, "err", err)
					core.SetFailure(inflow.ErrorMessage(err))
					core.emit(EventFailed, inflow.ErrorMessage(err))
					return
				}
				prof = p
				core.SetLibrary(p.Library, p.Dir)
				core.SetReviews(p.Reviews)
				core.SetCourses(p.Courses, p.Lessons, core.syncRemote)
				desk.start(p)
				core.startSync(p, desk.setSync, o.Logger)
				core.emit(EventReady, NewSystemService(core).Info())
				if o.Launch.Review {
					core.startReview()
				}
			}()
		},
		OnShutdown: func(ctx context.Context) {
			desk.stop()
			<-opened // never close badger under a running open
			core.stopCourses()
			core.stopSync()
			if prof != nil {
				if err := prof.Close(); err != nil {
					o.Logger.Error("close profile", "err", err)
				}
			}
		},
		Bind: []any{
			NewLibraryService(core),
			NewReviewService(core),
			NewSearchService(core),
			NewImportService(core),
			NewSystemService(core),
			NewWindowService(core),
			NewDesktopService(core),
			NewSyncService(core),
			NewCourseService(core),
		},
	})
}

// wailsShell is the Shell of a real Wails window; onShow runs whenever it
// shows the window.
type wailsShell struct {
	ctx    context.Context
	onShow func()
}

func (w wailsShell) Emit(event string, data any) { runtime.EventsEmit(w.ctx, event, data) }

func (w wailsShell) ChooseFiles(title string) ([]string, error) {
	return runtime.OpenMultipleFilesDialog(w.ctx, runtime.OpenDialogOptions{
		Title: title,
		Filters: []runtime.FileFilter{
			{DisplayName: "Markdown, zip and Anki (*.md, *.zip, *.apkg, *.anki2)", Pattern: "*.md;*.markdown;*.zip;*.apkg;*.colpkg;*.anki2;*.anki21"},
		},
	})
}

func (w wailsShell) ChooseFolder(title string) (string, error) {
	return runtime.OpenDirectoryDialog(w.ctx, runtime.OpenDialogOptions{Title: title})
}

// Window sizes: the normal window and the compact quick-search panel.
const (
	fullW, fullH   = 1180, 780
	fullMinW       = 720
	fullMinH       = 480
	quickW, quickH = 640, 440
)

func (w wailsShell) Show() {
	runtime.WindowShow(w.ctx)
	runtime.WindowUnminimise(w.ctx)
	if w.onShow != nil {
		w.onShow()
	}
}

func (w wailsShell) Hide() { runtime.WindowHide(w.ctx) }

// SetQuick switches between the compact, centred, always-on-top quick
// search panel and the normal window. The page stays loaded either way, so
// the switch is immediate.
func (w wailsShell) SetQuick(on bool) {
	if on {
		runtime.WindowSetMinSize(w.ctx, 420, 300)
		w.resize(quickW, quickH)
		runtime.WindowCenter(w.ctx)
		runtime.WindowSetAlwaysOnTop(w.ctx, true)
		return
	}
	runtime.WindowSetAlwaysOnTop(w.ctx, false)
	w.resize(fullW, fullH)
	runtime.WindowSetMinSize(w.ctx, fullMinW, fullMinH)
	runtime.WindowCenter(w.ctx)
}

// resize sets the window size until it holds. On Linux Wails applies a new
// minimum size on the GTK thread later but resizes at once, so a shrink
// right after lowering the minimum is clamped to the old one; trying again
// for a moment gets the size asked for.
func (w wailsShell) resize(width, height int) {
	for range 20 {
		runtime.WindowSetSize(w.ctx, width, height)
		if gw, gh := runtime.WindowGetSize(w.ctx); gw == width && gh == height {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func (w wailsShell) Quit() { runtime.Quit(w.ctx) }

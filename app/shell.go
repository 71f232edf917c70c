package app

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
	"github.com/inflow-learning/inflow/internal/review"
)

// Shell is what the services need from the desktop: pushing events to the
// frontend and native file dialogs. The Wails implementation is in
// wails.go; tests use a fake.
type Shell interface {
	Emit(event string, data any)
	ChooseFiles(title string) ([]string, error)
	ChooseFolder(title string) (string, error)
	// Show and Hide the window; SetQuick switches it between the compact
	// quick-search panel and the normal window; Quit ends the app.
	Show()
	Hide()
	SetQuick(on bool)
	Quit()
}

// Events the backend emits to the frontend.
const (
	EventImportProgress = "import:progress" // library.Progress
	EventLibraryChanged = "library:changed" // no data
	EventReady          = "app:ready"       // AppInfo, once the profile is open
	EventFailed         = "app:failed"      // string, when the profile cannot open
	EventQuickShow      = "quick:show"      // QuickShow: quick-search mode is on
	EventQuickHide      = "quick:hide"      // no data: Go left quick-search mode itself
	EventReviewStart    = "review:start"    // no data: open the review session
	EventDesktopChanged = "desktop:changed" // no data: DesktopService.Status changed
)

// QuickShow is the data of EventQuickShow.
type QuickShow struct {
	Query string `json:"query"`
}

// Core is shared by the services: the open library, set once the profile
// is open at start-up.
type Core struct {
	mu      sync.RWMutex
	lib     *library.Library
	rev     *review.Service
	dataDir string
	loader  library.Loader
	shell   Shell
	version string
	failure string // why the profile could not be opened, if it could not

	quitting atomic.Bool // Quit was chosen: closing the window really ends the app
	inQuick  atomic.Bool // the window is the quick-search panel
	// pageReady is set once the page asked for Pending; launches before
	// that wait in pending.
	pageReady bool
	pending   *Launch
	desk      *desktop     // tray, notifications, shortcut, reminders (the desktop app only)
	bgSync    *syncer      // background sync, once the profile is open (see sync.go)
	crs       *courseParts // courses and lessons, once the profile is open (see courses.go)
}

// setDesktop attaches the desktop integration.
func (c *Core) setDesktop(d *desktop) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.desk = d
}

func (c *Core) getDesktop() *desktop {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.desk
}

// reviewsChanged tells the frontend, the tray and the reminder loop.
func (c *Core) reviewsChanged() {
	c.emit(EventReviewChanged, nil)
	if d := c.getDesktop(); d != nil {
		d.changed()
	}
}

// NewCore returns a Core whose library is set later with SetLibrary.
func NewCore(shell Shell, loader library.Loader, version string) *Core {
	return &Core{shell: shell, loader: loader, version: version}
}

// SetLibrary makes the library available to the services.
func (c *Core) SetLibrary(lib *library.Library, dataDir string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lib, c.dataDir = lib, dataDir
}

// SetReviews makes the review service available to the services.
func (c *Core) SetReviews(r *review.Service) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rev = r
}

func (c *Core) reviews() (*review.Service, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.rev == nil {
		return nil, inflow.Errorf(inflow.ECONFLICT, "the library is still opening")
	}
	return c.rev, nil
}

// SetFailure records that the profile could not be opened.
func (c *Core) SetFailure(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failure = msg
}

// SetShell sets the desktop shell once the window exists.
func (c *Core) SetShell(s Shell) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.shell = s
}

func (c *Core) library() (*library.Library, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.lib == nil {
		return nil, inflow.Errorf(inflow.ECONFLICT, "the library is still opening")
	}
	return c.lib, nil
}

func (c *Core) getShell() Shell {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.shell
}

func (c *Core) emit(event string, data any) {
	if s := c.getShell(); s != nil {
		s.Emit(event, data)
	}
}

// wrap turns any error into a domain error so the frontend always gets
// "code: message".
func wrap(err error) error {
	if err == nil {
		return nil
	}
	return &inflow.Error{Code: inflow.ErrorCode(err), Message: inflow.ErrorMessage(err)}
}

var bg = context.Background

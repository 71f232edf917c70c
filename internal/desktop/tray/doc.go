// Package tray shows Inflow's icon and menu in the system tray (notification
// area): quick search, review now with the due count, continue the last
// course, a sync status line, open the window and quit.
//
// It wraps fyne.io/systray. On Linux that library is pure Go: it exports a
// StatusNotifierItem and a com.canonical.dbusmenu menu on the session bus and
// registers with org.kde.StatusNotifierWatcher (the desktop's tray host). On
// Windows and macOS it uses the native APIs (macOS needs cgo).
//
// # Once per process
//
// fyne.io/systray is a package-level singleton: one menu tree, one id
// counter, one quit channel closed by a sync.Once, one D-Bus connection that
// stopping closes. A second start in the same process would add a second set
// of entries to the first menu and never see its quit. So Start succeeds at
// most once per process; later calls return ErrAlreadyStarted, even after
// Stop. A Start that fails its precondition (no session bus) has not touched
// systray and may be retried.
//
// Importing this package imports systray, whose init locks the main goroutine
// to the main OS thread (GTK and AppKit want that anyway); it does nothing
// else at load, so the headless command line in the same binary is unaffected.
// systray reports its own errors through the standard log package.
//
// # Beside the Wails loop
//
// On Linux and macOS Start uses systray.RunWithExternalLoop and calls its
// start function; Stop calls its end function. Call Start from Wails'
// OnStartup and Stop from OnShutdown. Neither needs the GTK or AppKit loop to
// be systray's own.
//
// On Linux, Start first insists on a usable session bus:
// DBUS_SESSION_BUS_ADDRESS must be set (godbus would otherwise probe
// /run/user and launch dbus-launch, which outlives the app) and the bus must
// answer. systray's end function dereferences a nil connection when its start
// could not connect, and under WebKit's signal handlers that crash cannot be
// recovered; Start also checks, after starting, that the menu really is on the
// bus, and otherwise never calls end. Without a bus Start returns an error
// wrapping ErrNoSessionBus and the caller falls back (notifications, a badge
// elsewhere, or nothing).
//
// On Windows, systray's external loop pumps messages on a different OS thread
// from the one that created its hidden window, so the menu never opens
// (fyne-io/systray#67). Start therefore runs systray.Run on a goroutine locked
// to its own thread, and Stop calls systray.Quit.
//
// # Menu
//
// MenuState.Items is the pure description of the menu (labels, enabled,
// visible); the Tray applies the difference to systray whenever a setter is
// called. Clicks on entries that are disabled or hidden are ignored, because
// systray itself delivers "clicked" events for any id a D-Bus client names.
// Handlers run on their own goroutine, so a handler that calls Stop (Quit does,
// through Wails' OnShutdown) cannot deadlock the tray.
//
// On macOS (compile-checked only), systray's start creates the NSStatusItem
// on the calling thread, which AppKit wants to be the main thread, and every
// later change runs on the main thread while the caller waits: call Start on
// the main thread, and no other Tray method from it.
package tray

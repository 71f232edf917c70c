// Package cli is Inflow's headless command line: the same binary as the
// desktop app, driven by subcommands (import, search, status, version) that
// need no window or display. With no subcommand it starts the desktop app
// through the RunGUI function it is given, so this package never imports
// Wails and builds with CGO_ENABLED=0.
package cli

// Package desktoptest holds tests that drive the built desktop binary in a
// real X window (Xvfb) with a real D-Bus session. They run from `make test`
// (target test-smoke), which builds the binary, starts Xvfb and
// dbus-run-session, and sets INFLOW_DESKTOP_BIN; elsewhere they skip.
package desktoptest

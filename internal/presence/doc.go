// Package presence is Inflow speaking up without being opened: it keeps the
// tray's due count live and, when the reminder planner (internal/remind)
// says so, shows a notification with "Review now" and "Snooze 1 h".
//
// It owns no desktop code: notifications and the tray come in through small
// interfaces, so it is tested with fakes and an injected clock, and the app
// wires the real D-Bus ones. When no notification service is available it
// falls back to a badge on the tray (and logs why), never failing.
package presence

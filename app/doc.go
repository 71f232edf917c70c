// Package app holds the services bound to the Wails window: one per area of
// the UI (library, search, import, review, sync, courses, system). Each
// method converts its arguments, calls the library core and converts the
// result back; there is no storage or search logic here. Errors reach the
// frontend as "code: message" strings (see inflow.Error).
//
// Desktop edges (window events, file dialogs) sit behind the small Shell
// interface so the services can be tested without a window. Course files
// reach the webview through MediaHandler, the Wails AssetServer handler.
package app

// Package publish puts a course package read by coursepkg into the server
// store: first the files the server does not have yet, each streamed and
// checked by the store, then the manifest. The HTTP API and the
// inflow-server command both publish through it, so both apply the same
// rules of who may publish, replace and remove a course.
package publish

// Package library is the application core of the desktop client: it keeps
// the canonical store and the derived search index in step, turns what a
// person does (opening an item, bookmarking it) into recorded events, and
// imports packs. The CLI and the Wails services both call it; it knows
// nothing of either, nor of badger or bleve, only the interfaces in package
// inflow.
package library

// Package profile opens a person's local Inflow profile: it finds the data
// directory, takes an exclusive lock so a second process gets a clear error
// instead of corrupting anything, opens the canonical badger store and the
// derived bleve index (rebuilding the index when it is missing, outdated or
// corrupt), and seeds the built-in "Getting started" pack. It is the one
// place that wires the concrete adapters into a library.Library.
package profile

// Package inflow holds Inflow's domain: the types every other package speaks
// (micro items, packs, events, hybrid-logical-clock stamps), the small
// interfaces that storage and search adapters implement, and the one way to
// say an error (Error with a Code).
//
// It imports nothing of ours and nothing of Wails, badger or bleve, so the
// domain can be read, tested and reused without any adapter.
package inflow

// Package badgerstore implements inflow.LibraryStore on an embedded badger
// database: the canonical local library of one profile. It owns the key
// layout (keys.go), the schema version and its append-only migrations
// (migrate.go), and keeps browse indexes and the event log in the same
// transactions as the data they describe.
package badgerstore

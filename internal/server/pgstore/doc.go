// Package pgstore implements store.Store on PostgreSQL: the Inflow
// server's storage when several stateless replicas share one database.
// Every method is safe across processes. The schema is created and
// upgraded by numbered SQL migrations embedded in the binary
// (migrations/*.sql, see migrate.go).
//
// Order: each user's events get sequence numbers 1, 2, 3, ... and a pull
// returns them by number after the cursor. A global BIGSERIAL would not
// do: numbers are drawn when a transaction inserts but become visible when
// it commits, so a reader could see 11, move its cursor past 10 while 10
// is still uncommitted, and never see it. Instead a push locks the user's
// row in event_seqs (SELECT ... FOR UPDATE), numbers its events from the
// last_seq it reads there, and keeps the lock until it commits. The next
// push of that user, on any replica, waits for the lock and then reads
// the committed last_seq (READ COMMITTED re-reads a row it waited for), so
// a user's numbers are handed out in commit order. PostgreSQL makes a
// transaction visible before it releases its locks, so when a reader's
// snapshot holds number n it holds every number below it. Pushes of
// different users do not wait for each other. The catalog works the same
// way, with one row (catalog_seq) for all publishers.
//
// Course files (blobs) are rows of 1 MiB chunks written in one
// transaction with the blob's row, so a refused or interrupted upload
// leaves nothing, and any replica can serve any file a chunk at a time.
// Replicas writing one blob or publishing one course take turns on
// advisory locks named for it.
//
// This relies on synchronous_commit being on (the default): with it off, a
// commit is visible before it is durable, and after a crash the lost
// numbers would be handed out again to events that readers, their cursors
// already past those numbers, would never see.
package pgstore

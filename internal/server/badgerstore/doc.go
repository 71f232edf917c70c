// Package serverbadger implements store.Store on an embedded badger
// database: the Inflow server's storage when it runs as one process on one
// machine. It owns its key layout (keys.go) and keeps every user's event
// log, the users and their device tokens, the catalog of published
// packs, and published courses with their files.
//
// Course files (blobs) are written one chunk per transaction, so a video
// never sits in a transaction's memory, and the blob's record last, so
// a blob without its record does not exist. Writers of one blob take
// turns on a lock (one process owns the directory); a writer whose bytes
// do not match deletes what it wrote. Chunks of an upload cut short by a
// crash stay until the same blob is uploaded again.
//
// Order: each user's events get sequence numbers 1, 2, 3, ... and a pull
// returns them by number after the cursor. Pushes of one user are
// serialised by a lock (one of a fixed set of stripes, chosen by user id)
// held from reading the user's last number until the commit has returned,
// so numbers are committed in order. Badger gives every read a snapshot
// that contains all transactions committed before it started, so a reader
// that sees number n also sees every number below it: it can never pass an
// event that is committed later. The catalog is ordered the same way under
// one lock for all publishers.
//
// Durability: every write is synced to disk as part of its commit
// (badger's SyncWrites), before any reader can see it. Syncing after the
// commit, as the client store does for answers, would leave a window in
// which a reader sees events that a power cut then loses; their numbers
// would be handed out again to other events, which that reader, its
// cursor already past them, would never see.
package serverbadger

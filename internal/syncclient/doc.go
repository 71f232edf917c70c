// Package syncclient is the client side of sync: it ships this device's
// events to the Inflow server, brings back the events the person's other
// devices recorded, and the packs authors published, over the protocol of
// package syncproto.
//
// A sync (Client.SyncOnce) pushes, then pulls, then follows the catalog:
//
//   - Push sends the events recorded on this device (ev.Device equals
//     Config.Device) in batches of at most syncproto.MaxBatch events and
//     about 1 MiB (bodies are not compressed: the protocol does not say
//     servers accept gzip), walking the local log from a push cursor.
//     Events pulled from other devices are never pushed back: the server
//     has them already. The cursor moves past them only when their UUIDv7
//     is a day older than this device's clock, so that this device's next
//     events, stamped by its own clock, still sort after it. The cursor
//     advances only after the server answered for the batch, so a crash
//     re-sends at most one batch, which the server counts as duplicates. Events the server rejects (conflict, invalid) are
//     logged, reported in Result and Status.LastError and passed, so one
//     bad event cannot stall sync.
//   - Pull fetches pages of the person's events after a pull cursor,
//     applies each page with LocalStore.RecordMany, then saves the cursor.
//     A crash between the two re-applies the page, which is harmless:
//     recording is idempotent and state does not depend on arrival order.
//   - Catalog (when Config.Catalog is set) fetches pages of published-pack
//     changes after a catalog cursor, applies each in order (a put with
//     CatalogSink.ApplyPack, a removal with RemovePack), then saves the
//     cursor. A cut connection or a crash before the save applies the page
//     again: a put of the same pack changes nothing, a removal of a pack
//     already gone is skipped. The server keeps only each pack's latest
//     change, so a new device gets the current catalog, not its history.
//
// A pack from the catalog replaces the local pack with the same id,
// whatever its origin (it is the published copy), and is stored with the
// server's address as its PackInfo.Origin. A removal deletes a pack only
// if it has that origin: a pack imported from a file, or from another
// server, with the same id stays. A pack the library refuses (invalid,
// an item that belongs to another local pack, too large) is reported in
// Result.CatalogRejected and Status.LastError and passed: the library keeps
// its previous copy, and retrying would refuse it again and hold back
// every later change; its next publication comes as a new change. Other
// failures (the disk) stop the sync and the page is applied again later.
//
// The local log is ordered by event id, and ids are not always made in
// order: imported review history carries ids dated in the past, a device
// clock can step back, and two events recorded concurrently can commit in
// the other order. A cursor alone would skip such events for ever. So the
// client also keeps, per bucket of ids (a 6-character id prefix, about 4.7
// hours of UUIDv7s), a digest (count and XOR of hashes) of the events it
// pushed. Every sync compares the buckets from the cursor's, or from the
// bucket of the previous check's time when the clock went back, with the
// log; the first sync of a Client, the one after Recheck and, every 6
// hours, a background sync of Run compare every bucket (a sync made for
// a change skips that sweep, so it stays quick). A bucket that differs is
// pushed again (the server de-duplicates) and its digest replaced. A full
// first push digests every event it sends, so no sweep follows it.
//
// Sync state is kept in the profile's settings, per account (server and
// user, hashed to <acct>):
//
//	sync.account                 the server and user of the last sign-in
//	sync.<acct>.pushCursor       last local event id pushed and acknowledged
//	sync.<acct>.pullCursor       the server's opaque cursor after the last applied page
//	sync.<acct>.catalogCursor    the same, of the catalog
//	sync.<acct>.pushed.<bucket>  digest of the events of a bucket that were pushed
//	sync.<acct>.lastSuccess      time of the last complete sync
//
// so signing in to another server or as another user starts from the
// beginning, and signing back in resumes.
//
// Errors carry inflow codes. A 401 is ErrSignedOut (code "invalid", "signed
// out or token revoked: run inflow login"); any transport failure, also a
// response cut off in the middle, wraps ErrOffline and shows as
// Status.Online false; other refusals are *ServerError with an inflow code
// (the server's when it sent one, else derived from the HTTP status: 429
// and 5xx are "internal"), and RetryAfter for a 429. ErrOffline is
// "internal" too: there is no inflow code for "unreachable", and the UI
// reads Status.Online instead.
//
// Client.Run keeps a device in sync in the background: at start, about 2 s
// after local changes, every 5 minutes, and after failures with
// exponential backoff (2 s doubling to 5 minutes, full jitter, at least
// the server's Retry-After).
//
// Wiring in the app and CLI: Store is Local(profileStore,
// profile.RecordPulled), so pulled events pass through the library, whose
// clock observes their stamps, and a pulled change of review settings
// reschedules the cards it affects; Catalog is the library, which keeps the search index in step;
// Token is TokenFrom(secrets), the device token kept by package secret
// under TokenKey.
package syncclient

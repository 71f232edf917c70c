// Package storetest is the conformance suite for store.Store: every server
// backend runs the same subtests with a few lines of its own test code
// (Run), so they all behave alike (see testing/fstest for the pattern).
//
// ConcurrentPushers and ConcurrentPublishers are exported as well, so a
// backend that several processes share (PostgreSQL) can run them with
// pushers on separate Store instances, and Persistence checks that what
// was stored is still there after Close and a reopen.
package storetest

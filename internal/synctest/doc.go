// Package synctest holds the fault and convergence tests of sync, run end
// to end: real device profiles (badger store, library, review service, each
// with its own injected clock) syncing through a real Inflow server over
// loopback HTTP, in process or as the built cmd/inflow-server binary.
//
// The tests cover what the sync design promises: two devices working
// offline on the same cards end with the same review logs, card states and
// bookmarks whatever the interleaving of work and syncs (a property test
// over random interleavings; INFLOW_SYNC_SEED replays one, and
// INFLOW_SYNC_ITERATIONS runs more); a server killed during a push loses
// and doubles nothing; a connection cut in the middle of a response (a
// proxy between client and server) is an offline error that corrupts
// nothing; device clocks hours apart still settle last-writer-wins state
// by causality (HLC); and 10,000 events per device converge.
//
// Everything is in _test.go files; this file only documents the package.
package synctest

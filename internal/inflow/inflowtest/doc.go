// Package inflowtest is the conformance suite for inflow.LibraryStore: every
// backend runs the same subtests with a few lines of its own test code, so
// they all behave alike (see testing/fstest for the pattern).
package inflowtest

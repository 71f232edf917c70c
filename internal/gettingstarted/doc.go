// Package gettingstarted holds the built-in "Getting started with Inflow"
// pack: a few short items, written as Markdown files with front matter and
// embedded in the binary, that explain searching, browsing, bookmarks,
// importing and writing content. The profile stores it on every start;
// unchanged items are left as they are.
//
// The files are parsed by the importer's Markdown pack reader, so they
// follow docs/content-format.md like any imported pack.
package gettingstarted

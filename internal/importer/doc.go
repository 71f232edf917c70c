// Package importer turns a path — a folder, a .zip file or a single .md
// file — into validated packs of micro items, entirely in memory. It stores
// nothing: the library hands the packs to the store, which applies each one
// all or nothing.
//
// Two formats are recognised automatically:
//
//   - Markdown packs: .md files with optional YAML front matter, plus an
//     optional pack.yaml at the root. One path gives one pack.
//   - tldr-pages trees: pages/<platform>/<name>.md and
//     pages.<lang>/<platform>/<name>.md. One path gives one pack per language.
//
// Input is untrusted. Every limit (file size, file count, total bytes,
// compression ratio) is enforced on the bytes actually read, zip entry names
// and symbolic links cannot reach outside the input, and any bad file fails
// the whole path with an error that names the file and, where there is one,
// the line. docs/content-format.md describes the formats and the rules.
package importer

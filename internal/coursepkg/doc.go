// Package coursepkg reads course packages from an author's disk: a folder or
// zip holding course.json or course.yaml with its files, or an mdBook
// (SUMMARY.md plus chapter files). It turns either into a checked
// course.Manifest whose Markdown is inline and whose every other file is
// listed by path, size and SHA-256, and opens those files for whoever
// stores or uploads them.
//
// Hostile input is expected: entry names that leave the package, symbolic
// links, zip bombs, oversized files, hashes that do not match the
// manifest. Each is a clear error with code invalid or too_large, and
// nothing is written anywhere: reading a package has no side effects.
package coursepkg

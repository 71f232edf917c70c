// Package course is the domain of macro learning: a course package's
// manifest (modules, lessons and their blocks: Markdown text, media, quiz
// questions, exercises and case studies), the files it names by SHA-256,
// and the rules a manifest must keep. It parses and validates only; reading
// folders and archives, storing, downloading and playing live elsewhere.
//
// docs/content-format.md ("Courses") is the reference for authors.
package course

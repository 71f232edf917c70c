// Package courses is the learner's side of macro learning: the courses
// installed in a profile, where they came from, installing one from a
// package on disk or downloading it from the server (resumable, every file
// verified), and removing one to free its space.
//
// Files live in a blobstore.Store, named by SHA-256; the installed course
// records live in a Store (badger in production). A version becomes the
// installed one in a single write, after every file it needs is stored and
// verified, so a failed or paused download, a hash mismatch or a broken
// package leaves the previous version fully usable.
package courses

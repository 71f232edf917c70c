// Package syncproto is the wire format between Inflow clients and the
// Inflow server: JSON over HTTPS, shared by both sides so they cannot drift.
//
// Endpoints (all JSON unless noted; all but sign-in and /healthz need
// "Authorization: Bearer <token>"):
//
//	POST /api/v1/signin            SignInRequest  → SignInResponse   (rate-limited per user and per address)
//	POST /api/v1/signout           (revokes the calling token)       → 204
//	POST /api/v1/events            PushRequest    → PushResponse     (at most MaxBatch events, MaxBodyBytes)
//	GET  /api/v1/events?after=CURSOR&limit=N      → PullResponse     (the caller's own events only)
//	GET  /api/v1/catalog?after=CURSOR&limit=N     → CatalogResponse  (published micro content)
//	POST /api/v1/catalog/packs     multipart file (a zip in the `inflow import` formats) → PublishResponse (author, admin)
//	DELETE /api/v1/catalog/packs/ID                                  → 204 (author, admin; 404 if not published)
//	GET  /api/v1/courses                          → CoursesResponse  (published courses, by id)
//	GET  /api/v1/courses/manifest?id=ID           → the course.Manifest of the current version,
//	                                                 ETag "<CourseInfo.Digest>"; If-None-Match → 304
//	GET  /api/v1/blobs/SHA256                     → a course file's bytes (not JSON): Content-Type
//	                                                 from the manifest, ETag "<sha256>", Accept-Ranges:
//	                                                 bytes; Range bytes=a-b, a- or -n → 206 with
//	                                                 Content-Range, unsatisfiable → 416; If-Range
//	                                                 that does not match → the whole file, 200
//	POST /api/v1/courses[?id=ID&version=V]        multipart file field "course" (a zip of a course
//	                                                 folder or an mdBook; at most MaxCourseBytes; id and
//	                                                 version name an mdBook) → PublishCourseResponse
//	                                                 (author, admin; an author only their own courses)
//	DELETE /api/v1/courses?id=ID                                     → 204 (same roles; 404 if not published)
//	GET  /healthz                  → 200 "ok"
//
// A client downloads a course by fetching its manifest and then each
// file by SHA-256 that it does not already have, so a new version costs
// only its changed files; an interrupted download resumes with Range and
// If-Range. Files are immutable (named by content) and may be cached.
//
// Errors are ErrorResponse with an HTTP status: 400 invalid, 401 unauthorised
// (no, bad or revoked token; wrong password), 403 forbidden (role), 404,
// 409 conflict, 413 too large, 416 (a range past the end), 429
// rate-limited (with Retry-After), 500.
package syncproto

import (
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Limits of one request.
const (
	MaxBatch     = 1000     // events per push or pull page
	MaxBodyBytes = 8 << 20  // request body of a push
	MaxPackBytes = 64 << 20 // a published pack

	// MaxCourseBytes is the largest course upload (a zip), streamed to
	// disk on the server, never held in memory.
	MaxCourseBytes = 4 << 30
)

// SignInRequest signs a device in with a password.
type SignInRequest struct {
	User       string `json:"user"`
	Password   string `json:"password"`
	DeviceID   string `json:"deviceId"`   // the client's device id (events carry it)
	DeviceName string `json:"deviceName"` // shown in `inflow-server device list`, e.g. "laptop (linux)"
}

// SignInResponse carries the device's token: 256 random bits, base64url;
// the server keeps only its SHA-256.
type SignInResponse struct {
	Token string `json:"token"`
	User  string `json:"user"`
	Role  string `json:"role"` // learner, author, admin
}

// PushRequest sends events recorded on a device.
type PushRequest struct {
	Events []inflow.Event `json:"events"`
}

// Rejection is one refused event, e.g. an id already stored with other
// content (code "conflict"), or a malformed event ("invalid").
type Rejection struct {
	ID      string `json:"id"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// PushResponse says what became of each event: stored, already there
// (same id, same content: not an error), or rejected.
type PushResponse struct {
	Stored     int         `json:"stored"`
	Duplicates int         `json:"duplicates"`
	Rejected   []Rejection `json:"rejected"`
}

// PullResponse is one page of the caller's events after a cursor, in the
// server's per-user order. Cursor is opaque; pass it back as `after`. More
// says another page follows at once.
type PullResponse struct {
	Events []inflow.Event `json:"events"`
	Cursor string         `json:"cursor"`
	More   bool           `json:"more"`
}

// CatalogChange is one change of published content: a pack put (with its
// items, replacing what it had) or removed.
type CatalogChange struct {
	PackID  string       `json:"packId"`
	Removed bool         `json:"removed"`
	Pack    *inflow.Pack `json:"pack,omitempty"`
}

// CatalogResponse is one page of catalog changes after a cursor.
type CatalogResponse struct {
	Changes []CatalogChange `json:"changes"`
	Cursor  string          `json:"cursor"`
	More    bool            `json:"more"`
}

// PublishResponse reports a published pack.
type PublishResponse struct {
	Packs []inflow.PackResult `json:"packs"`
}

// CourseInfo summarises a published course's current version.
type CourseInfo struct {
	ID          string    `json:"id"`
	Version     string    `json:"version"`
	Digest      string    `json:"digest"` // of the manifest: its ETag, changes with every version
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Language    string    `json:"language"`
	Minutes     int       `json:"minutes,omitempty"`
	Topics      []string  `json:"topics,omitempty"`
	Lessons     int       `json:"lessons"`
	Size        int64     `json:"size"`  // bytes of all its files
	Files       int       `json:"files"` // number of files
	Updated     time.Time `json:"updated"`
	By          string    `json:"by"` // who published this version
}

// CoursesResponse lists the published courses.
type CoursesResponse struct {
	Courses []CourseInfo `json:"courses"`
}

// PublishCourseResponse reports a published course: how many of its
// files were uploaded now and how many the server already had.
type PublishCourseResponse struct {
	Course   CourseInfo `json:"course"`
	Uploaded int        `json:"uploaded"`
	Present  int        `json:"present"`
}

// ErrorResponse is the body of every error.
type ErrorResponse struct {
	Code    string `json:"code"` // an inflow error code
	Message string `json:"message"`
}

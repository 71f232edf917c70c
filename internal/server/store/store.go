// Package store is the server's storage: users, device tokens, every
// user's event log, the catalog of published packs, and published courses
// with their files (blobs, by SHA-256). One interface,
// two backends (badger for one machine, PostgreSQL for several stateless
// replicas), one conformance suite (storetest) run against each.
package store

import (
	"context"
	"io"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// Roles of users.
const (
	RoleLearner = "learner"
	RoleAuthor  = "author" // may publish
	RoleAdmin   = "admin"  // may publish and manage users
)

// User is an account.
type User struct {
	ID           string    `json:"id"`   // server-made, stable
	Name         string    `json:"name"` // unique, case-insensitive, 1-64 of [a-z0-9._@-]
	Role         string    `json:"role"`
	PasswordHash string    `json:"-"` // argon2id, PHC string format
	Disabled     bool      `json:"disabled"`
	Created      time.Time `json:"created"`
}

// Token is a device's sign-in. Only the SHA-256 of the secret is stored.
type Token struct {
	ID         string    `json:"id"` // short public id, for listing and revoking
	UserID     string    `json:"userId"`
	Hash       []byte    `json:"-"` // sha256(secret)
	DeviceID   string    `json:"deviceId"`
	DeviceName string    `json:"deviceName"`
	Created    time.Time `json:"created"`
	LastUsed   time.Time `json:"lastUsed"`
	Revoked    bool      `json:"revoked"`
}

// PushResult counts what a push did; Rejected lists refused events (same
// id with different content: code inflow.ECONFLICT; malformed: EINVALID).
type PushResult struct {
	Stored, Duplicates int
	Rejected           []Rejected
}

// Rejected is one refused event.
type Rejected struct {
	ID, Code, Message string
}

// Store is what the server keeps. Every method is safe for concurrent use,
// also across processes for backends that say so (PostgreSQL).
type Store interface {
	// Users. Names are unique case-insensitively (EConflict on a clash).
	CreateUser(ctx context.Context, u User) (User, error)
	UserByName(ctx context.Context, name string) (User, error) // ENOTFOUND
	UserByID(ctx context.Context, id string) (User, error)
	Users(ctx context.Context) ([]User, error)
	UpdateUser(ctx context.Context, u User) error // role, password hash, disabled

	// Tokens.
	CreateToken(ctx context.Context, t Token) (Token, error)
	TokenByHash(ctx context.Context, hash []byte) (Token, error) // ENOTFOUND, also when revoked
	Tokens(ctx context.Context, userID string) ([]Token, error)  // "" = all users
	RevokeToken(ctx context.Context, id string) error
	TouchToken(ctx context.Context, id string, at time.Time) error

	// PushEvents stores a user's events. The same id with the same content
	// is a duplicate (counted, not an error); with different content it is
	// rejected alone. Events are validated (id, type, device, HLC).
	PushEvents(ctx context.Context, userID string, evs []inflow.Event) (PushResult, error)
	// PullEvents returns up to limit of a user's events after cursor ("" =
	// from the start) in the user's order, and the cursor to pass next. The
	// order must never let a reader pass an event whose transaction commits
	// later (see storetest.ConcurrentPushers).
	PullEvents(ctx context.Context, userID, cursor string, limit int) ([]inflow.Event, string, error)

	// The catalog of published packs: each put or removal is a change with
	// a cursor, in the same never-skip order.
	PutPack(ctx context.Context, p *inflow.Pack, by string) (inflow.PackResult, error)
	RemovePack(ctx context.Context, packID, by string) error
	CatalogChanges(ctx context.Context, cursor string, limit int) ([]CatalogChange, string, error)

	// Blobs are course files named by their SHA-256 (lowercase hex),
	// shared by every course and version, kept in chunks of BlobChunk
	// bytes so no file is ever held in memory whole. PutBlob streams r,
	// checks its size and hash as it writes and keeps nothing on a
	// mismatch (EINVALID); a blob already there is not read again.
	PutBlob(ctx context.Context, sha256 string, size int64, r io.Reader) error
	HasBlobs(ctx context.Context, hashes []string) (map[string]bool, error)
	OpenBlob(ctx context.Context, sha256 string) (Blob, error) // ENOTFOUND

	// Courses: each has one current version. PutCourse validates the
	// manifest (Validate, RequireFiles) and needs every listed file's blob
	// (EINVALID naming the missing file). Publishing the current version
	// string again is a no-op with the same content, ECONFLICT with other.
	PutCourse(ctx context.Context, m *course.Manifest, by string) (CourseInfo, error)
	Courses(ctx context.Context) ([]CourseInfo, error)                           // by id
	Course(ctx context.Context, id string) (*course.Manifest, CourseInfo, error) // ENOTFOUND
	RemoveCourse(ctx context.Context, id, by string) error                       // ENOTFOUND

	Close() error
}

// CatalogChange is one catalog change: a pack put (whole) or removed.
type CatalogChange struct {
	PackID  string
	Removed bool
	Pack    *inflow.Pack
}

// BlobChunk is the size of the chunks blobs are stored in: small enough
// to hold one in memory per reader, large enough that a 2 GiB video is
// 2,048 rows or keys.
const BlobChunk = 1 << 20

// Blob is an open stored file. It reads and seeks without loading the
// file, fetching one chunk at a time, so it can serve HTTP ranges.
type Blob interface {
	io.ReadSeeker
	io.ReaderAt
	io.Closer
	Size() int64
	// Type is the media type a published course gave the file, or "".
	Type() string
}

// CourseInfo summarises a course's current version for the list.
type CourseInfo struct {
	ID          string    `json:"id"`
	Version     string    `json:"version"`
	Digest      string    `json:"digest"` // SHA-256 of the stored manifest: the manifest's ETag
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty"`
	Language    string    `json:"language"`
	Minutes     int       `json:"minutes,omitempty"`
	Topics      []string  `json:"topics,omitempty"`
	Lessons     int       `json:"lessons"`
	Size        int64     `json:"size"`  // bytes of all files
	Files       int       `json:"files"` // number of files
	Updated     time.Time `json:"updated"`
	By          string    `json:"by"` // who published this version
}

package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// StoredBlob is what a backend knows of a blob: its size and media type.
type StoredBlob struct {
	Size int64  `json:"size"`
	Type string `json:"type,omitempty"`
}

// CheckCourse validates a manifest to publish (it normalises it, as
// course.Validate does) and returns its canonical JSON and digest.
func CheckCourse(m *course.Manifest) (body []byte, digest string, err error) {
	if m == nil {
		return nil, "", inflow.Errorf(inflow.EINVALID, "no course manifest")
	}
	if err := m.Validate(); err != nil {
		return nil, "", err
	}
	if err := m.RequireFiles(); err != nil {
		return nil, "", err
	}
	body, err = json.Marshal(m)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(body)
	return body, hex.EncodeToString(sum[:]), nil
}

// CheckBlobsPresent reports the first file of m whose blob is not stored
// (absent from have) or is stored with another size.
func CheckBlobsPresent(m *course.Manifest, have map[string]StoredBlob) error {
	for _, f := range m.Files {
		b, ok := have[f.SHA256]
		switch {
		case !ok:
			return inflow.Errorf(inflow.EINVALID, "course %s: file %q (sha256 %s) has not been uploaded", m.ID, f.Path, f.SHA256)
		case b.Size != f.Size:
			return inflow.Errorf(inflow.EINVALID, "course %s: file %q is %d bytes in the manifest, but its blob has %d", m.ID, f.Path, f.Size, b.Size)
		}
	}
	return nil
}

// Hashes lists the distinct blob hashes of a manifest's files.
func Hashes(m *course.Manifest) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range m.Files {
		if !seen[f.SHA256] {
			seen[f.SHA256] = true
			out = append(out, f.SHA256)
		}
	}
	return out
}

// Republish decides a put of a version over the course's current one
// (nil if none): ECONFLICT for the same version string with other
// content, unchanged (true) for the same content.
func Republish(cur *store.CourseInfo, version, digest string) (unchanged bool, err error) {
	switch {
	case cur == nil || cur.Version != version:
		return false, nil
	case cur.Digest == digest:
		return true, nil
	}
	return false, inflow.Errorf(inflow.ECONFLICT, "course %s: version %q is already published with other content; give the new content a new version", cur.ID, version)
}

// CourseInfo summarises a checked manifest.
func CourseInfo(m *course.Manifest, digest, by string, at time.Time) store.CourseInfo {
	return store.CourseInfo{
		ID: m.ID, Version: m.Version, Digest: digest, Title: m.Title, Description: m.Description,
		Language: m.Language, Minutes: m.Minutes, Topics: m.Topics, Lessons: m.Lessons(),
		Size: m.TotalSize(), Files: len(m.Files), Updated: Stamp(at), By: by,
	}
}

// DecodeCourse reads a stored manifest.
func DecodeCourse(body []byte) (*course.Manifest, error) {
	var m course.Manifest
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// CourseNotFound is the error for a course that is not published.
func CourseNotFound(id string) error {
	return inflow.Errorf(inflow.ENOTFOUND, "course %s is not published", id)
}

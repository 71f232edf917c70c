package app

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
)

// CourseFiles opens files of installed courses (courses.Service).
type CourseFiles interface {
	OpenFile(ctx context.Context, courseID, sha string) (io.ReadSeekCloser, course.File, error)
}

var reSHA256 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// MediaHandler serves course files to the webview at
// /course-media/<sha256>?course=<course id>: requests the embedded
// frontend does not answer fall through to it (the Wails AssetServer
// Handler). Only files of installed courses are served, from the profile,
// never from the network; Range requests work, so video can seek. files
// returns the installed courses, or an error while the profile opens.
func MediaHandler(files func() (CourseFiles, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sha, ok := strings.CutPrefix(r.URL.Path, mediaPrefix)
		if !ok || !reSHA256.MatchString(sha) {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		courseID := r.URL.Query().Get("course")
		fs, err := files()
		if err != nil {
			http.Error(w, inflow.ErrorMessage(err), http.StatusServiceUnavailable)
			return
		}
		rs, f, err := fs.OpenFile(r.Context(), courseID, sha)
		if err != nil {
			if inflow.ErrorCode(err) == inflow.ENOTFOUND || courseID == "" {
				http.NotFound(w, r)
			} else {
				http.Error(w, "cannot read the file", http.StatusInternalServerError)
			}
			return
		}
		defer rs.Close()
		typ := f.Type
		if typ == "" {
			typ = course.MediaType(f.Path)
		}
		if typ == "" || typ == "text/markdown" {
			typ = "application/octet-stream"
		}
		h := w.Header()
		h.Set("Content-Type", typ)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("Cache-Control", "private, no-cache")
		h.Set("ETag", `"`+sha+`"`)
		http.ServeContent(w, r, "", time.Time{}, rs)
	})
}

// courseFiles is the MediaHandler's source: the installed courses, once
// the profile is open.
func (c *Core) courseFiles() (CourseFiles, error) {
	p, err := c.courseParts()
	if err != nil {
		return nil, err
	}
	return p.courses, nil
}

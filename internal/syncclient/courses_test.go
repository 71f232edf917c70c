package syncclient

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/blobstore"
	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/courses"
)

// courseServer serves one course over real HTTP, with http.ServeContent
// for ranges, and cuts every file response after cut bytes by closing
// the connection: the client must resume with Range.
func courseServer(t *testing.T, file []byte, cut int64) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	sum := sha256.Sum256(file)
	sha := hex.EncodeToString(sum[:])
	m := course.Manifest{ID: "radio", Version: "1", Title: "Radio",
		Modules: []course.Module{{ID: "m", Title: "M", Lessons: []course.Lesson{{ID: "l", Title: "L",
			Blocks: []course.Block{{Type: course.BlockVideo, Src: "v.mp4"}}}}}},
		Files: []course.File{{Path: "v.mp4", SHA256: sha, Size: int64(len(file)), Type: "video/mp4"}}}
	var ranges atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/courses/manifest", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.URL.Query().Get("id") != "radio" {
			http.Error(w, `{"code":"not_found","message":"no"}`, 404)
			return
		}
		json.NewEncoder(w).Encode(m)
	})
	mux.HandleFunc("GET /api/v1/blobs/{sha}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("sha") != sha {
			http.Error(w, "{}", 404)
			return
		}
		if r.Header.Get("Range") != "" {
			ranges.Add(1)
		}
		w.Header().Set("ETag", `"`+sha+`"`)
		cw := &cutWriter{ResponseWriter: w, left: cut}
		http.ServeContent(cw, r, "", time.Time{}, bytes.NewReader(file))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &ranges
}

// cutWriter passes through left body bytes, then kills the connection.
type cutWriter struct {
	http.ResponseWriter
	left int64
}

func (c *cutWriter) Write(b []byte) (int, error) {
	if c.left <= 0 || int64(len(b)) <= c.left {
		c.left -= int64(len(b))
		return c.ResponseWriter.Write(b)
	}
	n, _ := c.ResponseWriter.Write(b[:c.left])
	c.left = 0
	c.ResponseWriter.(http.Flusher).Flush()
	if conn, _, err := http.NewResponseController(c.ResponseWriter).Hijack(); err == nil {
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
	}
	return n, http.ErrAbortHandler
}

func TestCourseDownloadResumesWithRangeOverRealHTTP(t *testing.T) {
	file := bytes.Repeat([]byte("field radio video "), 200_000) // 3.6 MB
	srv, ranges := courseServer(t, file, 700_000)
	st, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := New(Config{Server: srv.URL, Store: st, Device: "dev-a", Token: func() (string, error) { return "tok", nil }})
	remote, err := c.Courses(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	blobs, _ := blobstore.Open(t.TempDir())
	svc := courses.New(courses.Config{Store: st, Blobs: blobs})
	courses.RetryPause = time.Millisecond
	var last courses.Progress
	inst, err := svc.Download(t.Context(), remote, "radio", func(p courses.Progress) { last = p })
	if err != nil {
		t.Fatal(err)
	}
	if inst.Source != srv.URL || last.Done != int64(len(file)) || last.Retries < 4 {
		t.Fatalf("installed from %s, progress %+v", inst.Source, last)
	}
	if ranges.Load() < 5 {
		t.Fatalf("%d range requests; the cut connection was not resumed with Range", ranges.Load())
	}
	if _, err := remote.CourseManifest(t.Context(), "nope"); err == nil || !strings.Contains(err.Error(), "no") {
		t.Fatalf("missing course: %v", err)
	}
}

package api

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/coursepkg"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/publish"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/rules"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// courses lists the published courses.
func (s *Server) courses(w http.ResponseWriter, r *http.Request, c caller) {
	cs, err := s.store.Courses(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	out := syncproto.CoursesResponse{Courses: make([]syncproto.CourseInfo, 0, len(cs))}
	for _, ci := range cs {
		out.Courses = append(out.Courses, wireCourse(ci))
	}
	reply(w, http.StatusOK, out)
}

// courseManifest sends a course's current manifest, tagged with its
// digest so a client that has it gets 304.
func (s *Server) courseManifest(w http.ResponseWriter, r *http.Request, c caller) {
	id := r.URL.Query().Get("id")
	if id == "" {
		s.fail(w, r, http.StatusBadRequest, inflow.EINVALID, "give the course as ?id=")
		return
	}
	m, info, err := s.store.Course(r.Context(), id)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	etag := `"` + info.Digest + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "private, no-cache")
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	reply(w, http.StatusOK, m)
}

// etagMatch reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match) or is "*".
func etagMatch(header, etag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// blob sends a course file. http.ServeContent answers Range (one range
// or several), If-Range, If-None-Match and 416, reading through the
// blob's seeker: one stored chunk at a time, never the whole file.
func (s *Server) blob(w http.ResponseWriter, r *http.Request, c caller) {
	sha := r.PathValue("sha256")
	if !rules.ValidHash(sha) {
		s.fail(w, r, http.StatusBadRequest, inflow.EINVALID, "a file is named by its SHA-256: 64 lowercase hex digits")
		return
	}
	b, err := s.store.OpenBlob(r.Context(), sha)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	defer b.Close()
	h := w.Header()
	h.Set("Content-Type", servedType(b.Type()))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("ETag", `"`+sha+`"`)
	h.Set("Accept-Ranges", "bytes")
	h.Set("Cache-Control", "private, max-age=31536000, immutable") // named by content: never changes
	h.Set("X-Content-Type-Options", "nosniff")
	allowTransfer(w, b.Size())
	http.ServeContent(w, r, "", time.Time{}, b)
}

// servedType is the Content-Type a file is served with: its media type
// when it is one the player shows (media, Markdown), else a download. A
// type such as text/html or image/svg+xml, which a browser would run,
// never reaches the client even if a manifest in the store names it.
func servedType(t string) string {
	mt, _, _ := strings.Cut(t, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	scriptable := strings.Contains(mt, "svg") || strings.Contains(mt, "xml") || strings.Contains(mt, "html")
	shown := mt == "text/markdown" || strings.HasPrefix(mt, "image/") || strings.HasPrefix(mt, "audio/") || strings.HasPrefix(mt, "video/")
	if shown && !scriptable {
		return t
	}
	return "application/octet-stream"
}

// publishCourse stores a course uploaded by an author or admin: the zip
// is streamed to a temporary file, read with coursepkg, and published.
func (s *Server) publishCourse(w http.ResponseWriter, r *http.Request, c caller) {
	if c.user.Role != store.RoleAuthor && c.user.Role != store.RoleAdmin {
		s.fail(w, r, http.StatusForbidden, publish.EFORBIDDEN, "only authors and admins may publish")
		return
	}
	allowTransfer(w, min(max(r.ContentLength, 0), s.maxCourse))
	r.Body = http.MaxBytesReader(w, r.Body, s.maxCourse+1<<20)
	dir, err := os.MkdirTemp("", "inflow-course-")
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	// coursepkg tells a zip by its name.
	path := filepath.Join(dir, "course.zip")
	if err := s.receiveCourse(r, path); err != nil {
		s.failErr(w, r, err)
		return
	}
	q := r.URL.Query()
	pkg, err := coursepkg.Load(r.Context(), path, coursepkg.Options{ID: q.Get("id"), Version: q.Get("version")})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	defer pkg.Close()
	res, err := publish.Course(r.Context(), s.store, pkg, c.user)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.log.Info("published course", "user", c.user.Name, "course", res.Course.ID, "version", res.Course.Version,
		"uploaded", res.Uploaded, "present", res.Present)
	reply(w, http.StatusOK, syncproto.PublishCourseResponse{Course: wireCourse(res.Course), Uploaded: res.Uploaded, Present: res.Present})
}

// receiveCourse copies the multipart field "course" to path, refusing
// more than the upload limit.
func (s *Server) receiveCourse(r *http.Request, path string) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return inflow.Errorf(inflow.EINVALID, "send the course as the multipart file field \"course\": %v", err)
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return inflow.Errorf(inflow.EINVALID, "send the course as the multipart file field \"course\"")
		} else if err != nil {
			return s.uploadErr(err)
		}
		if part.FormName() == "course" {
			return s.saveCourse(part, path)
		}
		part.Close()
	}
}

func (s *Server) saveCourse(part *multipart.Part, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, io.LimitReader(part, s.maxCourse+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return s.uploadErr(err)
	}
	if n > s.maxCourse {
		return tooLargeCourse(s.maxCourse)
	}
	return nil
}

// uploadErr turns a failed read of the request into too_large when the
// body passed its limit.
func (s *Server) uploadErr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLargeCourse(s.maxCourse)
	}
	return inflow.Errorf(inflow.EINVALID, "the upload could not be read: %v", err)
}

func tooLargeCourse(limit int64) error {
	if limit >= 1<<30 {
		return inflow.Errorf(inflow.ETOOLARGE, "a course upload is at most %d GiB", limit>>30)
	}
	return inflow.Errorf(inflow.ETOOLARGE, "a course upload is at most %d bytes", limit)
}

// unpublishCourse removes a course from the list; its files stay.
func (s *Server) unpublishCourse(w http.ResponseWriter, r *http.Request, c caller) {
	id := r.URL.Query().Get("id")
	if id == "" {
		s.fail(w, r, http.StatusBadRequest, inflow.EINVALID, "give the course as ?id=")
		return
	}
	if err := publish.Remove(r.Context(), s.store, id, c.user); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.log.Info("unpublished course", "user", c.user.Name, "course", id)
	w.WriteHeader(http.StatusNoContent)
}

// allowTransfer moves the connection's deadlines so that n bytes have
// time to pass at 256 KiB/s, plus two minutes: the server's own timeouts
// are sized for JSON, not for a video or a course upload.
func allowTransfer(w http.ResponseWriter, n int64) {
	d := 2*time.Minute + time.Duration(n/(256<<10))*time.Second
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(d))
	rc.SetWriteDeadline(time.Now().Add(d))
}

func wireCourse(c store.CourseInfo) syncproto.CourseInfo {
	return syncproto.CourseInfo{ID: c.ID, Version: c.Version, Digest: c.Digest, Title: c.Title, Description: c.Description,
		Language: c.Language, Minutes: c.Minutes, Topics: c.Topics, Lessons: c.Lessons, Size: c.Size, Files: c.Files,
		Updated: c.Updated, By: c.By}
}

package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/coursepkg"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

const radioYAML = `id: field/radio
version: "1"
title: Radio basics
description: Use the radio.
modules:
  - id: m1
    title: Start
    lessons:
      - id: power
        title: Power on
        keyPoints: [Hold PWR for two seconds.]
        blocks:
          - type: text
            markdown: "Hold **PWR**.\n\n![panel](media/panel.png)\n\n<script>alert(1)</script>"
          - type: image
            src: media/panel.png
            alt: The panel
          - id: q1
            type: quiz
            question:
              kind: single
              prompt: How long do you hold PWR?
              feedback: Two seconds avoids accidents.
              choices:
                - {id: a, text: Half a second, feedback: Too short.}
                - {id: b, text: Two seconds, correct: true}
      - id: call
        title: Make a call
        blocks:
          - type: text
            markdown: Say "over".
`

var panelPNG = []byte("\x89PNG panel bytes 0123456789")

func writeRadio(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "media"), 0o755)
	os.WriteFile(filepath.Join(dir, "course.yaml"), []byte(radioYAML), 0o644)
	os.WriteFile(filepath.Join(dir, "media", "panel.png"), panelPNG, 0o644)
	return dir
}

func shaOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// newCourseCore opens a profile with the courses set and no server.
func newCourseCore(t *testing.T) (*Core, *fakeShell, *profile.Profile) {
	t.Helper()
	shell := &fakeShell{}
	core := NewCore(shell, nil, "test")
	p, err := profile.Open(t.Context(), t.TempDir(), profile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { core.stopCourses(); p.Close() })
	core.SetLibrary(p.Library, p.Dir)
	core.SetReviews(p.Reviews)
	core.SetCourses(p.Courses, p.Lessons, nil)
	return core, shell, p
}

func TestTakeALessonThroughTheService(t *testing.T) {
	core, shell, p := newCourseCore(t)
	if _, err := p.Courses.Import(t.Context(), writeRadio(t), coursepkg.Options{}); err != nil {
		t.Fatal(err)
	}
	s := NewCourseService(core)
	list, err := s.Courses()
	if err != nil || len(list.Courses) != 1 || list.Courses[0].State != "installed" || list.Courses[0].Lessons != 2 || list.Storage == 0 || list.SignedIn {
		t.Fatalf("courses: %+v %v", list, err)
	}
	pg, err := s.Lesson("field/radio", "power")
	if err != nil {
		t.Fatal(err)
	}
	media := MediaURL("field/radio", shaOf(panelPNG))
	if media != "/course-media/"+shaOf(panelPNG)+"?course=field%2Fradio" {
		t.Fatalf("media url %q", media)
	}
	text := pg.Blocks[0]
	if !strings.Contains(text.HTML, "<strong>PWR</strong>") || !strings.Contains(text.HTML, `src="`+media+`"`) || strings.Contains(text.HTML, "<script") {
		t.Fatalf("text html: %s", text.HTML)
	}
	if img := pg.Blocks[1]; img.URL != media || img.MediaType != "image/png" || img.Alt != "The panel" {
		t.Fatalf("image block: %+v", img)
	}
	q := pg.Blocks[2].Question
	if q == nil || q.Kind != "single" || len(q.Choices) != 2 || pg.Next != "call" || pg.Prev != "" {
		t.Fatalf("quiz: %+v, next %q", q, pg.Next)
	}
	if err := s.Progress("field/radio", "power", "q1", 30); err != nil {
		t.Fatal(err)
	}
	g, err := s.Answer("field/radio", "power", "q1", course.Response{Choices: []string{"a"}})
	if err != nil || g.Correct || len(g.CorrectChoices) != 1 || g.CorrectChoices[0] != "b" || g.Feedback[0] != "Too short." {
		t.Fatalf("grade: %+v %v", g, err)
	}
	n, err := s.Complete("field/radio", "power")
	if err != nil || n != 1 { // the quiz card exists since the answer: the key points are new
		t.Fatalf("complete: %d %v", n, err)
	}
	o, err := s.Outline("field/radio")
	if err != nil || o.Done != 1 || o.Continue != "call" || o.Seconds != 30 {
		t.Fatalf("outline: %+v %v", o, err)
	}
	if c := s.Continue(); c == nil || c.CourseID != "field/radio" || c.LessonID != "call" {
		t.Fatalf("continue: %+v", c)
	}
	if shell.count(EventReviewChanged) < 2 || shell.count(EventCourseChanged) < 1 {
		t.Fatalf("events: %v", shell.events)
	}
	freed, err := s.Remove("field/radio")
	if err != nil || freed != int64(len(panelPNG)) {
		t.Fatalf("remove: %d %v", freed, err)
	}
	if _, err := s.Lesson("field/radio", "power"); err == nil || !strings.HasPrefix(err.Error(), "not_found: ") {
		t.Fatalf("lesson after removal: %v", err)
	}
}

func TestMediaHandler(t *testing.T) {
	core, _, p := newCourseCore(t)
	if _, err := p.Courses.Import(t.Context(), writeRadio(t), coursepkg.Options{}); err != nil {
		t.Fatal(err)
	}
	h := MediaHandler(core.courseFiles)
	get := func(target string, hdr ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			r.Header.Set(hdr[i], hdr[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	sha := shaOf(panelPNG)
	url := MediaURL("field/radio", sha)

	w := get(url)
	if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), panelPNG) || w.Header().Get("Content-Type") != "image/png" ||
		w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("whole file: %d %v %q", w.Code, w.Header(), w.Body.String())
	}
	w = get(url, "Range", "bytes=4-8")
	if w.Code != http.StatusPartialContent || w.Body.String() != string(panelPNG[4:9]) || !strings.HasPrefix(w.Header().Get("Content-Range"), "bytes 4-8/") {
		t.Fatalf("range: %d %v %q", w.Code, w.Header(), w.Body.String())
	}
	for name, target := range map[string]string{
		"unknown file":          MediaURL("field/radio", shaOf([]byte("other"))),
		"course not installed":  MediaURL("field/other", sha),
		"no course":             "/course-media/" + sha,
		"traversal":             "/course-media/../../etc/passwd?course=field%2Fradio",
		"encoded traversal":     "/course-media/..%2f..%2fetc%2fpasswd?course=field%2Fradio",
		"not a hash":            "/course-media/" + strings.ToUpper(sha) + "?course=field%2Fradio",
		"other path":            "/etc/passwd",
		"course id traversal":   MediaURL("../../field/radio", sha),
		"hash with suffix path": "/course-media/" + sha + "/x?course=field%2Fradio",
	} {
		if w := get(target); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d %q", name, w.Code, w.Body.String())
		}
	}
	r := httptest.NewRequest(http.MethodPost, url, nil)
	rw := httptest.NewRecorder()
	h.ServeHTTP(rw, r)
	if rw.Code != http.StatusMethodNotAllowed {
		t.Fatalf("post: %d", rw.Code)
	}
	// Before the profile is open: unavailable, not a crash.
	w = httptest.NewRecorder()
	MediaHandler(NewCore(nil, nil, "test").courseFiles).ServeHTTP(w, httptest.NewRequest(http.MethodGet, url, nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("not ready: %d", w.Code)
	}
}

// fakeRemote serves a course from a folder read by coursepkg; hold blocks
// every file fetch until released, so a download can be paused midway.
type fakeRemote struct {
	pkg  *coursepkg.Package
	hold chan struct{}
}

func (f *fakeRemote) Source() string { return "http://127.0.0.1:9" }
func (f *fakeRemote) List(_ context.Context, out any) error {
	*(out.(*syncproto.CoursesResponse)) = syncproto.CoursesResponse{Courses: []syncproto.CourseInfo{
		{ID: f.pkg.Manifest.ID, Version: f.pkg.Manifest.Version, Title: f.pkg.Manifest.Title, Lessons: 2, Size: 9}}}
	return nil
}
func (f *fakeRemote) CourseManifest(context.Context, string) (*course.Manifest, error) {
	m := *f.pkg.Manifest
	return &m, nil
}
func (f *fakeRemote) FetchBlob(ctx context.Context, sha string, offset int64) (io.ReadCloser, error) {
	select {
	case <-f.hold:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	for _, file := range f.pkg.Manifest.Files {
		if file.SHA256 == sha {
			rc, err := f.pkg.Open(file.Path)
			if err != nil {
				return nil, err
			}
			io.CopyN(io.Discard, rc, offset)
			return rc, nil
		}
	}
	return nil, errors.New("no such blob")
}

// progressShell records course:progress events.
type progressShell struct {
	fakeShell
	mu    sync.Mutex
	prog  []CourseProgress
	ended chan CourseProgress
}

func (s *progressShell) Emit(event string, data any) {
	s.fakeShell.Emit(event, data)
	if p, ok := data.(CourseProgress); ok && event == EventCourseProgress {
		s.mu.Lock()
		s.prog = append(s.prog, p)
		s.mu.Unlock()
		if p.State != DownloadRunning {
			s.ended <- p
		}
	}
}

func TestDownloadPauseResume(t *testing.T) {
	core, _, p := newCourseCore(t)
	shell := &progressShell{ended: make(chan CourseProgress, 4)}
	core.SetShell(shell)
	pkg, err := coursepkg.Load(t.Context(), writeRadio(t), coursepkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pkg.Close()
	remote := &fakeRemote{pkg: pkg, hold: make(chan struct{})}
	core.SetCourses(p.Courses, p.Lessons, func(context.Context) (courseRemote, error) { return remote, nil })
	s := NewCourseService(core)

	list, err := s.Courses()
	if err != nil || len(list.Courses) != 1 || list.Courses[0].State != "not downloaded" || !list.SignedIn {
		t.Fatalf("before: %+v %v", list, err)
	}
	if err := s.Download("field/radio"); err != nil {
		t.Fatal(err)
	}
	if err := s.Download("field/radio"); err != nil { // running already: nothing new
		t.Fatal(err)
	}
	if err := s.Pause("field/radio"); err != nil {
		t.Fatal(err)
	}
	wait := func() CourseProgress {
		select {
		case e := <-shell.ended:
			return e
		case <-time.After(10 * time.Second):
			t.Fatal("the download never ended")
		}
		return CourseProgress{}
	}
	if e := wait(); e.State != DownloadPaused {
		t.Fatalf("paused: %+v", e)
	}
	list, _ = s.Courses()
	if d := list.Courses[0].Download; d == nil || d.State != DownloadPaused {
		t.Fatalf("listed while paused: %+v", list.Courses[0])
	}
	close(remote.hold)
	if err := s.Resume("field/radio"); err != nil {
		t.Fatal(err)
	}
	if e := wait(); e.State != DownloadDone || e.FilesDone != 1 || e.Done != int64(len(panelPNG)) {
		t.Fatalf("done: %+v", e)
	}
	list, _ = s.Courses()
	if c := list.Courses[0]; c.State != "installed" || c.Download != nil {
		t.Fatalf("after: %+v", c)
	}
	if shell.count(EventLibraryChanged) == 0 {
		t.Fatal("no library:changed after the download")
	}
}

func TestDownloadSignedOut(t *testing.T) {
	core, _, _ := newCourseCore(t)
	shell := &progressShell{ended: make(chan CourseProgress, 4)}
	core.SetShell(shell)
	if err := NewCourseService(core).Download("field/radio"); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-shell.ended:
		if e.State != DownloadFailed || !strings.Contains(e.Error, "not signed in") {
			t.Fatalf("ended: %+v", e)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("never ended")
	}
}

func TestContinueACourseFromTheDesktop(t *testing.T) {
	core, shell, p := newCourseCore(t)
	if _, err := p.Courses.Import(t.Context(), writeRadio(t), coursepkg.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := NewCourseService(core).Progress("field/radio", "power", "q1", 10); err != nil {
		t.Fatal(err)
	}
	started, err := startedCourses(p)(t.Context())
	if err != nil || len(started) != 1 || started[0].ID != "field/radio" || started[0].Title != "Radio basics" || started[0].LastTouched.IsZero() {
		t.Fatalf("started: %+v %v", started, err)
	}
	// Before the page listens, the request waits for Pending.
	core.continueCourse()
	if l := NewWindowService(core).Pending(); l == nil || l.Course != "field/radio" || l.Lesson != "power" {
		t.Fatalf("pending: %+v", l)
	}
	core.openCourse("field/radio")
	if shell.count(EventCourseOpen) != 1 || shell.count("shell:show") != 2 {
		t.Fatalf("events: %v", shell.events)
	}
}

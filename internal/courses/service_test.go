package courses_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/badgerstore"
	"github.com/inflow-learning/inflow/internal/blobstore"
	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/inflow"
)

func sum(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// remote is a fake server: manifests and files in memory, with faults.
type remote struct {
	mu        sync.Mutex
	manifests map[string]*course.Manifest
	blobs     map[string][]byte
	fetched   int64 // bytes sent
	dropAfter int64 // cut each response after this many bytes (0: never)
	throttle  bool  // send 64 KiB every 10 ms
	corrupt   int   // send this many corrupted bodies first
	requests  []int64
}

func (r *remote) Source() string { return "https://inflow.test" }

func (r *remote) CourseManifest(ctx context.Context, id string) (*course.Manifest, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, ok := r.manifests[id]
	if !ok {
		return nil, inflow.Errorf(inflow.ENOTFOUND, "no course %s", id)
	}
	cp := *m
	return &cp, nil
}

func (r *remote) FetchBlob(ctx context.Context, sha string, offset int64) (io.ReadCloser, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.blobs[sha]
	if !ok {
		return nil, errors.New("404")
	}
	r.requests = append(r.requests, offset)
	body := bytes.Clone(b[offset:])
	if r.corrupt > 0 {
		r.corrupt--
		for i := range body {
			body[i] ^= 0xff
		}
	}
	var rd io.Reader = bytes.NewReader(body)
	if r.dropAfter > 0 && int64(len(body)) > r.dropAfter {
		rd = io.MultiReader(bytes.NewReader(body[:r.dropAfter]), errReader{})
	}
	if r.throttle {
		rd = &slow{r: rd}
	}
	return io.NopCloser(&counting{r: rd, n: &r.fetched, mu: &r.mu}), nil
}

type slow struct{ r io.Reader }

func (s *slow) Read(b []byte) (int, error) {
	time.Sleep(10 * time.Millisecond)
	return s.r.Read(b[:min(len(b), 64<<10)])
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset by peer") }

type counting struct {
	r  io.Reader
	n  *int64
	mu *sync.Mutex
}

func (c *counting) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.mu.Lock()
	*c.n += int64(n)
	c.mu.Unlock()
	return n, err
}

// publish puts a version of a course with the given files on the remote.
func (r *remote) publish(id, version string, files map[string][]byte) *course.Manifest {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.manifests == nil {
		r.manifests, r.blobs = map[string]*course.Manifest{}, map[string][]byte{}
	}
	m := &course.Manifest{ID: id, Version: version, Title: "Radio " + version,
		Modules: []course.Module{{ID: "m1", Title: "Start", Lessons: []course.Lesson{{ID: "l1", Title: "Power", Blocks: []course.Block{{Type: course.BlockText, Markdown: "Hold PWR."}}}}}}}
	for p, b := range files {
		m.Files = append(m.Files, course.File{Path: p, SHA256: sum(b), Size: int64(len(b)), Type: course.MediaType(p)})
		r.blobs[sum(b)] = b
		m.Modules[0].Lessons[0].Blocks = append(m.Modules[0].Lessons[0].Blocks, course.Block{Type: course.BlockVideo, Src: p})
	}
	r.manifests[id] = m
	return m
}

func newService(t *testing.T) (*courses.Service, *blobstore.Store) {
	t.Helper()
	st, err := badgerstore.Open("", badgerstore.Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	blobs, err := blobstore.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return courses.New(courses.Config{Store: st, Blobs: blobs}), blobs
}

func video(seed byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = seed + byte(i*7)
	}
	return b
}

func TestDownloadResumesAfterDropsAndUpdatesOnlyChangedFiles(t *testing.T) {
	ctx := context.Background()
	courses.RetryPause = time.Millisecond
	svc, blobs := newService(t)
	r := &remote{dropAfter: 100_000}
	a, b := video(1, 1_000_000), video(2, 300_000)
	r.publish("radio", "1", map[string][]byte{"a.mp4": a, "b.mp4": b})
	var last courses.Progress
	c, err := svc.Download(ctx, r, "radio", func(p courses.Progress) { last = p })
	if err != nil {
		t.Fatal(err)
	}
	if c.Manifest.Version != "1" || c.Source != "https://inflow.test" {
		t.Fatalf("installed %+v", c)
	}
	if last.Done != last.Total || last.Total != 1_300_000 || last.FilesDone != 2 || last.Retries < 10 {
		t.Fatalf("progress %+v", last)
	}
	if r.fetched != 1_300_000 {
		t.Fatalf("fetched %d bytes; resuming must not fetch anything twice", r.fetched)
	}
	// Version 2 changes b only: only b's new bytes travel.
	r.dropAfter, r.fetched = 0, 0
	b2 := video(3, 200_000)
	r.publish("radio", "2", map[string][]byte{"a.mp4": a, "b.mp4": b2})
	if _, err := svc.Download(ctx, r, "radio", nil); err != nil {
		t.Fatal(err)
	}
	if r.fetched != 200_000 {
		t.Fatalf("update fetched %d bytes, want only the changed file's 200000", r.fetched)
	}
	if blobs.Has(sum(b)) || !blobs.Has(sum(b2)) || !blobs.Has(sum(a)) {
		t.Fatal("the replaced version's own file was not freed, or a needed one was")
	}
	freed, err := svc.Remove(ctx, "radio")
	if err != nil || freed != 1_200_000 {
		t.Fatalf("remove freed %d, %v", freed, err)
	}
	if n, _ := svc.Usage(); n != 0 {
		t.Fatalf("usage after removal %d", n)
	}
}

func TestPauseKeepsWhatWasFetchedAndTheOldVersion(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	r := &remote{}
	r.publish("radio", "1", map[string][]byte{"a.mp4": video(1, 1000)})
	if _, err := svc.Download(ctx, r, "radio", nil); err != nil {
		t.Fatal(err)
	}
	big := video(9, 2_000_000)
	r.publish("radio", "2", map[string][]byte{"a.mp4": big})
	r.throttle = true
	pctx, pause := context.WithCancel(ctx)
	_, err := svc.Download(pctx, r, "radio", func(p courses.Progress) {
		if p.Done > 500_000 {
			pause()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("paused download: %v", err)
	}
	if c, err := svc.Get(ctx, "radio"); err != nil || c.Manifest.Version != "1" {
		t.Fatalf("while paused the installed version is %+v, %v", c, err)
	}
	fetchedBefore := r.fetched
	r.fetched = 0
	if _, err := svc.Download(ctx, r, "radio", nil); err != nil {
		t.Fatal(err)
	}
	if fetchedBefore+r.fetched > int64(len(big))+1000+256<<10 || r.requests[len(r.requests)-1] == 0 {
		t.Fatalf("resume fetched %d after %d; requests %v", r.fetched, fetchedBefore, r.requests)
	}
	if c, _ := svc.Get(ctx, "radio"); c.Manifest.Version != "2" {
		t.Fatalf("after resuming: %s", c.Manifest.Version)
	}
}

func TestDamagedFilesAreRefusedAndNothingChanges(t *testing.T) {
	ctx := context.Background()
	svc, blobs := newService(t)
	r := &remote{}
	r.publish("radio", "1", map[string][]byte{"a.mp4": video(1, 1000)})
	if _, err := svc.Download(ctx, r, "radio", nil); err != nil {
		t.Fatal(err)
	}
	bad := video(5, 5000)
	r.publish("radio", "2", map[string][]byte{"a.mp4": bad})
	r.corrupt = 1 // once: downloaded again and accepted
	if _, err := svc.Download(ctx, r, "radio", nil); err != nil {
		t.Fatalf("one damaged transfer should be retried: %v", err)
	}
	r.publish("radio", "3", map[string][]byte{"a.mp4": video(6, 5000)})
	r.corrupt = 2 // twice: refused
	_, err := svc.Download(ctx, r, "radio", nil)
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("damaged twice: %v", err)
	}
	c, _ := svc.Get(ctx, "radio")
	if c.Manifest.Version != "2" || !blobs.Has(sum(bad)) {
		t.Fatalf("a refused download changed the installed course: %s", c.Manifest.Version)
	}
	// A manifest with a traversal path or a bad hash never installs.
	r.mu.Lock()
	r.manifests["radio"].Files[0].Path = "../../etc/passwd.mp4"
	r.mu.Unlock()
	if _, err := svc.Download(ctx, r, "radio", nil); inflow.ErrorCode(err) != inflow.EINVALID {
		t.Fatalf("hostile manifest: %v", err)
	}
	if c, _ := svc.Get(ctx, "radio"); c.Manifest.Version != "2" {
		t.Fatal("a hostile manifest changed the installed course")
	}
}

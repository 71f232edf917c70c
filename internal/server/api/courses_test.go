package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/server/api"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/server/store/storetest"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// radioManifest shows two images (one from Markdown) and a video.
const radioManifest = `{"id": "field/radio", "version": "%s", "title": "Radio basics", "description": "Talk on the radio.",
 "minutes": 20, "topics": ["radio"],
 "modules": [{"id": "m1", "title": "Start", "lessons": [{"id": "power", "title": "Power on", "blocks": [
   {"type": "text", "markdown": "Hold PWR.\n\n![panel](media/panel.png)"},
   {"type": "image", "src": "media/radio.png", "alt": "The radio"},
   {"type": "video", "src": "media/clip.mp4"}]}]}]}`

// radioFiles is version v of the course: the video is 2.5 MiB, so it
// spans several stored chunks; seed changes the panel picture.
func radioFiles(version string, seed uint64) map[string][]byte {
	clip, _ := storetest.BlobData(100, 5*store.BlobChunk/2)
	panel, _ := storetest.BlobData(seed, 700)
	return map[string][]byte{
		"course.json":     fmt.Appendf(nil, radioManifest, version),
		"media/radio.png": []byte("\x89PNG\r\n\x1a\n the radio"),
		"media/panel.png": panel,
		"media/clip.mp4":  clip,
	}
}

// zipOf packs files (stored, not compressed, unless deflate) under prefix.
func zipOf(t *testing.T, prefix string, files map[string][]byte, deflate bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for p, body := range files {
		h := &zip.FileHeader{Name: prefix + p, Method: zip.Store}
		if deflate {
			h.Method = zip.Deflate
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts a course zip as the multipart field "course" (or field)
// and decodes a success into res.
func upload(t *testing.T, base, token, query, field string, zipData []byte, res *syncproto.PublishCourseResponse) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("by", "someone-else") // ignored: the publisher is the token's user
	fw, _ := mw.CreateFormFile(field, "radio.zip")
	fw.Write(zipData)
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/api/v1/courses"+query, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == 200 && res != nil {
		if err := json.Unmarshal(b, res); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode, string(b)
}

// get sends a GET with extra headers and returns the response, body read.
func (e *env) get(path, token string, hdr ...string) (*http.Response, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, b
}

func (e *env) courseList(token string) []syncproto.CourseInfo {
	e.t.Helper()
	var cr syncproto.CoursesResponse
	if code := e.call("GET", "/api/v1/courses", token, nil, &cr); code != 200 {
		e.t.Fatalf("list courses: %d", code)
	}
	return cr.Courses
}

func shaOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestCoursePublishListDownload(t *testing.T) { testCoursePublishListDownload(t, setup(t)) }

func testCoursePublishListDownload(t *testing.T, e *env) {
	ada, bob := e.signIn("ada", "dev-ada"), e.signIn("bob", "dev-b")
	files := radioFiles("1", 1)
	if code, body := upload(t, e.srv.URL, bob, "", "course", zipOf(t, "", files, false), nil); code != 403 {
		t.Errorf("a learner published: %d %s", code, body)
	}
	var res syncproto.PublishCourseResponse
	if code, body := upload(t, e.srv.URL, ada, "?as=bob", "course", zipOf(t, "radio/", files, false), &res); code != 200 {
		t.Fatalf("publish: %d %s", code, body)
	}
	if res.Uploaded != 3 || res.Present != 0 || res.Course.ID != "field/radio" || res.Course.By != "ada" {
		t.Errorf("publish result %+v", res)
	}

	list := e.courseList(bob)
	if len(list) != 1 {
		t.Fatalf("list: %+v", list)
	}
	c := list[0]
	if c.ID != "field/radio" || c.Version != "1" || c.Title != "Radio basics" || c.Description != "Talk on the radio." ||
		c.Language != "en" || c.Minutes != 20 || len(c.Topics) != 1 || c.Lessons != 1 || c.Files != 3 || c.By != "ada" ||
		c.Size != int64(len(files["media/clip.mp4"])+len(files["media/panel.png"])+len(files["media/radio.png"])) || c.Digest == "" {
		t.Errorf("listed %+v", c)
	}

	resp, body := e.get("/api/v1/courses/manifest?id=field/radio", bob)
	var m course.Manifest
	if resp.StatusCode != 200 || json.Unmarshal(body, &m) != nil || m.Version != "1" || len(m.Files) != 3 {
		t.Fatalf("manifest: %d %s", resp.StatusCode, body)
	}
	etag := resp.Header.Get("ETag")
	if etag != `"`+c.Digest+`"` {
		t.Errorf("manifest ETag %q, digest %q", etag, c.Digest)
	}
	if resp, body := e.get("/api/v1/courses/manifest?id=field/radio", bob, "If-None-Match", etag); resp.StatusCode != 304 || len(body) != 0 {
		t.Errorf("If-None-Match with the ETag: %d %q", resp.StatusCode, body)
	}
	if resp, _ := e.get("/api/v1/courses/manifest?id=field/radio", bob, "If-None-Match", `"old", W/`+etag); resp.StatusCode != 304 {
		t.Errorf("If-None-Match with a list: %d", resp.StatusCode)
	}
	if resp, _ := e.get("/api/v1/courses/manifest?id=field/radio", bob, "If-None-Match", `"old"`); resp.StatusCode != 200 {
		t.Errorf("If-None-Match with another ETag: %d", resp.StatusCode)
	}
	for path, want := range map[string]int{"/api/v1/courses/manifest?id=nope": 404, "/api/v1/courses/manifest": 400} {
		if resp, _ := e.get(path, bob); resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}

	clip := files["media/clip.mp4"]
	size := len(clip)
	f, _ := m.File("media/clip.mp4")
	url := "/api/v1/blobs/" + f.SHA256
	resp, body = e.get(url, bob)
	if resp.StatusCode != 200 || !bytes.Equal(body, clip) || resp.Header.Get("Content-Type") != "video/mp4" ||
		resp.Header.Get("ETag") != `"`+f.SHA256+`"` || resp.Header.Get("Accept-Ranges") != "bytes" {
		t.Fatalf("whole blob: %d, %d bytes, headers %v", resp.StatusCode, len(body), resp.Header)
	}
	chunk := 1 << 19 // ranges cross chunk boundaries: 512 KiB in memory, 1 MiB elsewhere
	for rng, want := range map[string][2]int{
		"bytes=0-9": {0, 10},
		fmt.Sprintf("bytes=%d-%d", chunk-5, chunk*2+4): {chunk - 5, chunk*2 + 5},
		"bytes=-100":                                {size - 100, size},
		fmt.Sprintf("bytes=%d-", size-3):            {size - 3, size},
		fmt.Sprintf("bytes=%d-%d", size-2, size+50): {size - 2, size},
	} {
		resp, body := e.get(url, bob, "Range", rng)
		cr := fmt.Sprintf("bytes %d-%d/%d", want[0], want[1]-1, size)
		if resp.StatusCode != 206 || !bytes.Equal(body, clip[want[0]:want[1]]) || resp.Header.Get("Content-Range") != cr {
			t.Errorf("Range %s: %d, %d bytes, Content-Range %q; want 206, %d bytes, %q", rng, resp.StatusCode, len(body), resp.Header.Get("Content-Range"), want[1]-want[0], cr)
		}
	}
	if resp, _ := e.get(url, bob, "Range", fmt.Sprintf("bytes=%d-", size)); resp.StatusCode != 416 || resp.Header.Get("Content-Range") != fmt.Sprintf("bytes */%d", size) {
		t.Errorf("a range past the end: %d %q", resp.StatusCode, resp.Header.Get("Content-Range"))
	}
	if resp, body := e.get(url, bob, "Range", "bytes=10-19", "If-Range", `"`+f.SHA256+`"`); resp.StatusCode != 206 || !bytes.Equal(body, clip[10:20]) {
		t.Errorf("If-Range that matches: %d", resp.StatusCode)
	}
	if resp, body := e.get(url, bob, "Range", "bytes=10-19", "If-Range", `"other"`); resp.StatusCode != 200 || !bytes.Equal(body, clip) {
		t.Errorf("If-Range that does not match: %d, %d bytes; want the whole file", resp.StatusCode, len(body))
	}
	if resp, _ := e.get(url, bob, "If-None-Match", `"`+f.SHA256+`"`); resp.StatusCode != 304 {
		t.Errorf("If-None-Match on a blob: %d", resp.StatusCode)
	}
	png, _ := m.File("media/radio.png")
	if resp, body := e.get("/api/v1/blobs/"+png.SHA256, bob); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || string(body) != string(files["media/radio.png"]) {
		t.Errorf("image blob: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	missing := shaOf([]byte("never uploaded"))
	for path, want := range map[string]int{"/api/v1/blobs/" + missing: 404, "/api/v1/blobs/" + strings.ToUpper(f.SHA256): 400, "/api/v1/blobs/xyz": 400} {
		if resp, _ := e.get(path, bob); resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

// TestCourseNewVersion: a new version where one file changed needs only
// that file; the same version with other content is refused.
func TestCourseNewVersion(t *testing.T) { testCourseNewVersion(t, setup(t)) }

func testCourseNewVersion(t *testing.T, e *env) {
	ada, bob := e.signIn("ada", "dev-ada"), e.signIn("bob", "dev-b")
	var res syncproto.PublishCourseResponse
	if code, body := upload(t, e.srv.URL, ada, "", "course", zipOf(t, "", radioFiles("1", 1), false), &res); code != 200 {
		t.Fatalf("v1: %d %s", code, body)
	}
	_, old := e.get("/api/v1/courses/manifest?id=field/radio", bob)
	var m1 course.Manifest
	json.Unmarshal(old, &m1)
	oldTag := `"` + res.Course.Digest + `"`

	v2 := radioFiles("2", 2)
	// What a client asks before downloading v2: only the changed file is new.
	var hashes []string
	for _, p := range []string{"media/clip.mp4", "media/radio.png", "media/panel.png"} {
		hashes = append(hashes, shaOf(v2[p]))
	}
	has, err := e.st.HasBlobs(context.Background(), hashes)
	if err != nil || !has[hashes[0]] || !has[hashes[1]] || has[hashes[2]] {
		t.Fatalf("HasBlobs before v2 = %v, %v; want only panel.png missing", has, err)
	}
	if code, body := upload(t, e.srv.URL, ada, "", "course", zipOf(t, "", v2, false), &res); code != 200 || res.Uploaded != 1 || res.Present != 2 || res.Course.Version != "2" {
		t.Fatalf("v2: %d %s", code, body)
	}
	resp, body := e.get("/api/v1/courses/manifest?id=field/radio", bob, "If-None-Match", oldTag)
	var m2 course.Manifest
	if resp.StatusCode != 200 || json.Unmarshal(body, &m2) != nil || m2.Version != "2" {
		t.Fatalf("manifest after v2 with the old ETag: %d", resp.StatusCode)
	}
	changed := 0
	for _, f := range m2.Files {
		if old, _ := m1.File(f.Path); old.SHA256 != f.SHA256 {
			changed++
		}
	}
	if changed != 1 {
		t.Errorf("%d files changed between versions, want 1", changed)
	}
	// Version 2 again, with other content: refused, and v2 stays.
	if code, body := upload(t, e.srv.URL, ada, "", "course", zipOf(t, "", radioFiles("2", 3), false), nil); code != 409 {
		t.Errorf("same version, other content: %d %s", code, body)
	}
	if code, _ := upload(t, e.srv.URL, ada, "", "course", zipOf(t, "", v2, false), &res); code != 200 || res.Uploaded != 0 || res.Present != 3 {
		t.Errorf("same version, same content: %d %+v", code, res)
	}
	if l := e.courseList(bob); len(l) != 1 || l[0].Version != "2" {
		t.Errorf("list: %+v", l)
	}
}

// TestHostileCourseUploads: every bad upload is refused with its reason
// and leaves the published version as it was.
func TestHostileCourseUploads(t *testing.T) { testHostileCourseUploads(t, setup(t)) }

func testHostileCourseUploads(t *testing.T, e *env) {
	ada, bob := e.signIn("ada", "dev-ada"), e.signIn("bob", "dev-b")
	good := radioFiles("1", 1)
	if code, body := upload(t, e.srv.URL, ada, "", "course", zipOf(t, "", good, false), nil); code != 200 {
		t.Fatalf("publish: %d %s", code, body)
	}
	before := e.courseList(bob)

	traversal := radioFiles("2", 2)
	traversal["../evil.png"] = []byte("x")
	mismatch := radioFiles("2", 2)
	mismatch["course.json"] = []byte(strings.Replace(string(mismatch["course.json"]), `"modules"`,
		`"files": [{"path": "media/radio.png", "sha256": "`+shaOf([]byte("other"))+`", "size": 5}], "modules"`, 1))
	bomb := radioFiles("2", 2)
	bomb["media/clip.mp4"] = make([]byte, 8<<20) // zeros: deflates over 1000 times
	small := httptest.NewServer(api.New(api.Config{Store: e.st, Logger: quietLogger(), MaxCourseBytes: 256 << 10}).Handler())
	defer small.Close()
	for _, c := range []struct {
		what, base, field string
		data              []byte
		status            int
		says              string
	}{
		{"not a zip", e.srv.URL, "course", []byte("just some text, not an archive"), 400, "not a valid zip"},
		{"traversal", e.srv.URL, "course", zipOf(t, "", traversal, false), 400, "unsafe name"},
		{"hash mismatch", e.srv.URL, "course", zipOf(t, "", mismatch, false), 400, "does not match the manifest"},
		{"zip bomb", e.srv.URL, "course", zipOf(t, "", bomb, true), 413, "zip bomb"},
		{"oversized", small.URL, "course", zipOf(t, "", radioFiles("2", 2), false), 413, "at most"},
		{"no course field", e.srv.URL, "pack", zipOf(t, "", radioFiles("2", 2), false), 400, `multipart file field`},
		{"not a course", e.srv.URL, "course", zipOf(t, "", map[string][]byte{"notes.txt": []byte("hi")}, false), 400, "not a course"},
	} {
		code, body := upload(t, c.base, ada, "", c.field, c.data, nil)
		if code != c.status || !strings.Contains(body, c.says) {
			t.Errorf("%s: %d %s; want %d saying %q", c.what, code, body, c.status, c.says)
		}
	}
	after := e.courseList(bob)
	if len(after) != 1 || after[0].Version != "1" || after[0].Digest != before[0].Digest {
		t.Fatalf("after hostile uploads: %+v; want %+v", after, before)
	}
	if resp, _ := e.get("/api/v1/courses/manifest?id=field/radio", bob, "If-None-Match", `"`+before[0].Digest+`"`); resp.StatusCode != 304 {
		t.Errorf("the manifest changed: %d", resp.StatusCode)
	}
}

// TestCourseOwnership: the publisher is the token's user; an author
// cannot replace or remove another's course, an admin can remove it.
func TestCourseOwnership(t *testing.T) { testCourseOwnership(t, setup(t)) }

func testCourseOwnership(t *testing.T, e *env) {
	e.user("cy", store.RoleAuthor)
	e.user("root", store.RoleAdmin)
	ada, cy, bob, root := e.signIn("ada", "dev-ada"), e.signIn("cy", "dev-cy"), e.signIn("bob", "dev-b"), e.signIn("root", "dev-r")
	if code, body := upload(t, e.srv.URL, ada, "?as=cy&by=cy", "course", zipOf(t, "", radioFiles("1", 1), false), nil); code != 200 {
		t.Fatalf("publish: %d %s", code, body)
	}
	if l := e.courseList(bob); len(l) != 1 || l[0].By != "ada" {
		t.Fatalf("published by %+v, want ada", l)
	}
	if code, body := upload(t, e.srv.URL, cy, "", "course", zipOf(t, "", radioFiles("2", 2), false), nil); code != 403 {
		t.Errorf("another author replaced the course: %d %s", code, body)
	}
	for who, tok := range map[string]string{"a learner": bob, "another author": cy} {
		if code := e.call("DELETE", "/api/v1/courses?id=field/radio", tok, nil, nil); code != 403 {
			t.Errorf("%s removed the course: %d", who, code)
		}
	}
	if l := e.courseList(bob); len(l) != 1 || l[0].Version != "1" {
		t.Fatalf("after refused changes: %+v", l)
	}
	if code := e.call("DELETE", "/api/v1/courses?id=field/radio", root, nil, nil); code != 204 {
		t.Fatalf("admin remove: %d", code)
	}
	if l := e.courseList(bob); len(l) != 0 {
		t.Errorf("a removed course is listed: %+v", l)
	}
	if resp, _ := e.get("/api/v1/courses/manifest?id=field/radio", bob); resp.StatusCode != 404 {
		t.Errorf("manifest of a removed course: %d", resp.StatusCode)
	}
	if code := e.call("DELETE", "/api/v1/courses?id=field/radio", ada, nil, nil); code != 404 {
		t.Errorf("remove twice: %d", code)
	}
	if code := e.call("DELETE", "/api/v1/courses", ada, nil, nil); code != 400 {
		t.Errorf("remove without id: %d", code)
	}
	// Once removed, the id is free: another author may publish it.
	if code, body := upload(t, e.srv.URL, cy, "", "course", zipOf(t, "", radioFiles("2", 2), false), nil); code != 200 {
		t.Errorf("publish a freed id: %d %s", code, body)
	}
	if code := e.call("DELETE", "/api/v1/courses?id=field/radio", cy, nil, nil); code != 204 {
		t.Errorf("author removes their own course: %d", code)
	}
}

// TestCoursesOnPostgres runs the course tests on PostgreSQL, whose blobs
// are 1 MiB chunks in rows, when INFLOW_TEST_POSTGRES names a database.
func TestCoursesOnPostgres(t *testing.T) {
	for name, test := range map[string]func(*testing.T, *env){
		"PublishListDownload": testCoursePublishListDownload, "NewVersion": testCourseNewVersion,
		"HostileUploads": testHostileCourseUploads, "Ownership": testCourseOwnership,
	} {
		t.Run(name, func(t *testing.T) { test(t, setupWith(t, postgresStore(t))) })
	}
}

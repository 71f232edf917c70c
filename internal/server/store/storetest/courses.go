package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/store"
)

// Course returns a valid manifest of one module whose lesson shows each
// file (an image, audio or video by its extension) in a block of its own.
func Course(id, version string, files ...course.File) *course.Manifest {
	l := course.Lesson{ID: "l1", Title: "First lesson", Blocks: []course.Block{{Type: course.BlockText, Markdown: "Hello."}}}
	for _, f := range files {
		b := course.Block{Type: course.BlockType(course.MediaKind(f.Path)), Src: f.Path}
		if b.Type == course.BlockImage {
			b.Alt = "A picture"
		}
		l.Blocks = append(l.Blocks, b)
	}
	return &course.Manifest{ID: id, Version: version, Title: "Course " + id, Description: "About " + id,
		Minutes: 30, Topics: []string{"radio"},
		Modules: []course.Module{{ID: "m1", Title: "Module", Lessons: []course.Lesson{l}}}, Files: files}
}

// FileOf lists data at path, with its media type.
func FileOf(path string, data []byte, sha string) course.File {
	return course.File{Path: path, SHA256: sha, Size: int64(len(data)), Type: course.MediaType(path)}
}

func mustCourse(t *testing.T, s store.Store, m *course.Manifest, by string) store.CourseInfo {
	t.Helper()
	info, err := s.PutCourse(ctx, m, by)
	if err != nil {
		t.Fatalf("PutCourse(%s %s): %v", m.ID, m.Version, err)
	}
	return info
}

// courseList renders the list as "id@version by" for comparing.
func courseList(t *testing.T, s store.Store) string {
	t.Helper()
	cs, err := s.Courses(ctx)
	if err != nil {
		t.Fatalf("Courses: %v", err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.ID+"@"+c.Version+" "+c.By)
	}
	return strings.Join(out, ", ")
}

func testCoursePut(t *testing.T, s store.Store) {
	img, isha := BlobData(10, 500)
	vid, vsha := BlobData(11, store.BlobChunk+3)
	mustBlob(t, s, img, isha)
	mustBlob(t, s, vid, vsha)
	files := []course.File{FileOf("media/a.png", img, isha), FileOf("media/clip.mp4", vid, vsha)}
	info := mustCourse(t, s, Course("field/radio", "1", files...), "ada")
	if info.ID != "field/radio" || info.Version != "1" || info.Title != "Course field/radio" || info.Description == "" ||
		info.Language != "en" || info.Minutes != 30 || !slices.Equal(info.Topics, []string{"radio"}) || info.Lessons != 1 ||
		info.Files != 2 || info.Size != int64(len(img)+len(vid)) || info.By != "ada" || info.Updated.IsZero() || len(info.Digest) != 64 {
		t.Fatalf("CourseInfo = %+v", info)
	}
	mustCourse(t, s, Course("alpha", "v1"), "bob")
	if got := courseList(t, s); got != "alpha@v1 bob, field/radio@1 ada" {
		t.Fatalf("Courses = %s", got)
	}
	m, got, err := s.Course(ctx, "field/radio")
	if err != nil {
		t.Fatal(err)
	}
	if got.Digest != info.Digest || got.Version != "1" || !got.Updated.Equal(info.Updated) || m.ID != "field/radio" || len(m.Files) != 2 || m.Modules[0].Lessons[0].Blocks[1].Src != "media/a.png" {
		t.Fatalf("Course = %+v, %+v", m, got)
	}
	// The manifest's types reach the blobs, for serving them.
	b, err := s.OpenBlob(ctx, vsha)
	if err != nil {
		t.Fatal(err)
	}
	if b.Type() != "video/mp4" || b.Size() != int64(len(vid)) {
		t.Fatalf("blob type %q, size %d", b.Type(), b.Size())
	}
	b.Close()
	_, _, err = s.Course(ctx, "nope")
	wantCode(t, "Course(unknown)", err, inflow.ENOTFOUND)
}

// testCourseRefused: a manifest that breaks a rule or names a file not
// uploaded is refused, naming the problem, and the published version stays.
func testCourseRefused(t *testing.T, s store.Store) {
	img, isha := BlobData(12, 100)
	mustBlob(t, s, img, isha)
	good := mustCourse(t, s, Course("c1", "1", FileOf("a.png", img, isha)), "ada")
	_, missing := BlobData(13, 100)
	notUploaded := Course("c1", "2", FileOf("a.png", img, isha), course.File{Path: "b.png", SHA256: missing, Size: 100, Type: "image/png"})
	_, err := s.PutCourse(ctx, notUploaded, "ada")
	wantCode(t, "PutCourse(file not uploaded)", err, inflow.EINVALID)
	if !strings.Contains(inflow.ErrorMessage(err), `"b.png"`) {
		t.Errorf("the error %q does not name the missing file", inflow.ErrorMessage(err))
	}
	wrongSize := Course("c1", "2", course.File{Path: "a.png", SHA256: isha, Size: 99, Type: "image/png"})
	unlisted := Course("c1", "2")
	unlisted.Modules[0].Lessons[0].Blocks = append(unlisted.Modules[0].Lessons[0].Blocks, course.Block{Type: course.BlockImage, Src: "x.png", Alt: "x"})
	noTitle := Course("c1", "2")
	noTitle.Title = ""
	for what, m := range map[string]*course.Manifest{
		"wrong size": wrongSize, "file not listed": unlisted, "no title": noTitle,
		"bad id": Course("Bad ID", "1"), "traversal": Course("c1", "2", course.File{Path: "../a.png", SHA256: isha, Size: 100}),
		"nil": nil,
	} {
		_, err := s.PutCourse(ctx, m, "ada")
		wantCode(t, "PutCourse("+what+")", err, inflow.EINVALID)
	}
	if got := courseList(t, s); got != "c1@1 ada" {
		t.Fatalf("after refused puts: %s", got)
	}
	if _, info, err := s.Course(ctx, "c1"); err != nil || info.Digest != good.Digest {
		t.Fatalf("the published version changed: %+v, %v", info, err)
	}
}

// testCourseVersions: the same version again is a no-op, the same version
// with other content a conflict, a new version replaces the old; a new
// version where one file changed needs only that file's blob.
func testCourseVersions(t *testing.T, s store.Store) {
	a, asha := BlobData(14, 2000)
	b1, b1sha := BlobData(15, 2000)
	b2, b2sha := BlobData(16, 2000)
	mustBlob(t, s, a, asha)
	mustBlob(t, s, b1, b1sha)
	v1 := mustCourse(t, s, Course("c", "1", FileOf("a.png", a, asha), FileOf("b.png", b1, b1sha)), "ada")
	again := mustCourse(t, s, Course("c", "1", FileOf("a.png", a, asha), FileOf("b.png", b1, b1sha)), "bob")
	if again.Digest != v1.Digest || again.Version != "1" || again.By != "ada" || !again.Updated.Equal(v1.Updated) {
		t.Fatalf("the same version again changed the course: %+v, was %+v", again, v1)
	}
	changed := Course("c", "1", FileOf("a.png", a, asha), FileOf("b.png", b1, b1sha))
	changed.Title = "Other title"
	_, err := s.PutCourse(ctx, changed, "ada")
	wantCode(t, "PutCourse(same version, other content)", err, inflow.ECONFLICT)

	v2 := Course("c", "2", FileOf("a.png", a, asha), FileOf("b.png", b2, b2sha))
	has, err := s.HasBlobs(ctx, []string{asha, b2sha})
	if err != nil || !has[asha] || has[b2sha] {
		t.Fatalf("before uploading v2: HasBlobs = %v, %v; want only b.png's new blob missing", has, err)
	}
	_, err = s.PutCourse(ctx, v2, "ada")
	wantCode(t, "PutCourse(v2 before its new file)", err, inflow.EINVALID)
	mustBlob(t, s, b2, b2sha)
	info := mustCourse(t, s, v2, "ada")
	if info.Version != "2" || info.Digest == v1.Digest {
		t.Fatalf("v2 = %+v", info)
	}
	if got := courseList(t, s); got != "c@2 ada" {
		t.Fatalf("after v2: %s", got)
	}
	m, _, err := s.Course(ctx, "c")
	if err != nil || m.Version != "2" || m.Files[1].SHA256 != b2sha {
		t.Fatalf("Course after v2 = %+v, %v", m, err)
	}
	// Blobs are shared: the old version's file is still there.
	if got := readBlob(t, s, b1sha); len(got) != len(b1) {
		t.Fatal("the old version's blob is gone")
	}
}

func testCourseRemove(t *testing.T, s store.Store) {
	mustCourse(t, s, Course("c1", "1"), "ada")
	mustCourse(t, s, Course("c2", "1"), "ada")
	if err := s.RemoveCourse(ctx, "c1", "ada"); err != nil {
		t.Fatal(err)
	}
	if got := courseList(t, s); got != "c2@1 ada" {
		t.Fatalf("after removal: %s", got)
	}
	_, _, err := s.Course(ctx, "c1")
	wantCode(t, "Course(removed)", err, inflow.ENOTFOUND)
	wantCode(t, "RemoveCourse(removed)", s.RemoveCourse(ctx, "c1", "ada"), inflow.ENOTFOUND)
	wantCode(t, "RemoveCourse(unknown)", s.RemoveCourse(ctx, "nope", "ada"), inflow.ENOTFOUND)
	// It can come back, with any version.
	mustCourse(t, s, Course("c1", "1"), "bob")
	if got := courseList(t, s); got != "c1@1 bob, c2@1 ada" {
		t.Fatalf("after re-put: %s", got)
	}
	if cs, err := s.Courses(ctx); err != nil || len(cs) != 2 {
		t.Fatal(fmt.Sprint(cs, err))
	}
}

// testCoursesOrder: the list is by id byte by byte on every backend,
// whatever a database's collation makes of punctuation.
func testCoursesOrder(t *testing.T, s store.Store) {
	for _, id := range []string{"ab", "a/b", "a.b", "a-b", "a0"} {
		mustCourse(t, s, Course(id, "1"), "ada")
	}
	if got := courseList(t, s); got != "a-b@1 ada, a.b@1 ada, a/b@1 ada, a0@1 ada, ab@1 ada" {
		t.Fatalf("Courses = %s", got)
	}
}

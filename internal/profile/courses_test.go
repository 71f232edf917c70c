package profile_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/coursepkg"
	"github.com/inflow-learning/inflow/internal/courses"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/review"
)

const radioCourse = `id: field/radio
version: "1"
title: Radio basics
modules:
  - id: m1
    title: Start
    lessons:
      - id: power
        title: Power on
        keyPoints: [Hold PWR for two seconds.]
        blocks:
          - type: text
            markdown: "Hold **PWR**.\n\n![panel](media/panel.png)"
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

// installRadio writes the radio course to disk and installs it.
func installRadio(t *testing.T, p *profile.Profile) {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "media"), 0o755)
	os.WriteFile(filepath.Join(dir, "course.yaml"), []byte(radioCourse), 0o644)
	os.WriteFile(filepath.Join(dir, "media", "panel.png"), []byte("\x89PNG panel"), 0o644)
	pkg, err := coursepkg.Load(t.Context(), dir, coursepkg.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pkg.Close()
	if _, err := p.Courses.Install(t.Context(), pkg.Manifest, pkg, "file"); err != nil {
		t.Fatal(err)
	}
}

func TestTakeALessonAndRememberIt(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	p, err := profile.Open(t.Context(), t.TempDir(), profile.Options{Clock: inflow.ClockFunc(func() time.Time { return now }), Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	installRadio(t, p)
	ctx := t.Context()
	o, err := p.Lessons.Outline(ctx, "field/radio")
	if err != nil || o.Total != 2 || o.Done != 0 || o.Continue != "power" {
		t.Fatalf("outline %+v, %v", o, err)
	}
	v, err := p.Lessons.Lesson(ctx, "field/radio", "power")
	if err != nil {
		t.Fatal(err)
	}
	q := v.Lesson.Blocks[1].Question
	if q.Choices[1].Correct || q.Feedback != "" || q.Choices[0].Feedback != "" {
		t.Fatalf("the player was given the answers: %+v", q)
	}
	if f, ok := v.Files["media/panel.png"]; !ok || f.Type != "image/png" || v.Next != "call" {
		t.Fatalf("view files %+v next %q", v.Files, v.Next)
	}
	if err := p.Lessons.Progress(ctx, "field/radio", "power", "q1", 90); err != nil {
		t.Fatal(err)
	}
	g, err := p.Lessons.Answer(ctx, "field/radio", "power", "q1", course.Response{Choices: []string{"a"}})
	if err != nil || g.Correct || g.Feedback[0] != "Too short." {
		t.Fatalf("grade %+v, %v", g, err)
	}
	cards, err := p.Reviews.Store().CardsBySource(ctx, "field/radio:power")
	if err != nil || len(cards) != 1 {
		t.Fatalf("after answering, cards %v, %v", cards, err)
	}
	n, err := p.Lessons.Complete(ctx, "field/radio", "power")
	if err != nil || n != 1 {
		t.Fatalf("complete made %d cards, %v; want the key points card", n, err)
	}
	cards, _ = p.Reviews.Store().CardsBySource(ctx, "field/radio:power")
	if len(cards) != 2 || cards[0].Deck != "Radio basics" || cards[0].Source.Kind != review.SourceLesson {
		t.Fatalf("cards %+v", cards)
	}
	if n, _ := p.Lessons.Complete(ctx, "field/radio", "power"); n != 0 {
		t.Fatalf("completing again made %d cards", n)
	}
	o, _ = p.Lessons.Outline(ctx, "field/radio")
	if o.Done != 1 || o.Seconds != 90 || o.Continue != "call" {
		t.Fatalf("outline after %+v", o)
	}
	started, err := p.Lessons.Started(ctx)
	if err != nil || len(started) != 1 || started[0].LessonID != "call" || started[0].Done != 1 {
		t.Fatalf("started %+v, %v", started, err)
	}
	for _, bad := range []func() error{
		func() error { return p.Lessons.Progress(ctx, "field/radio", "nope", "", 1) },
		func() error { return p.Lessons.Progress(ctx, "field/radio", "power", "zz", 1) },
		func() error {
			_, err := p.Lessons.Answer(ctx, "field/radio", "power", "b1", course.Response{})
			return err
		},
		func() error { _, err := p.Lessons.Complete(ctx, "other", "power"); return err },
	} {
		if err := bad(); err == nil {
			t.Error("a bad call was accepted")
		}
	}
}

// TestLessonsAreSearchable: installing a course puts its lessons in the
// search index beside micro items; removing it takes them out.
func TestLessonsAreSearchable(t *testing.T) {
	p, err := profile.Open(t.Context(), t.TempDir(), profile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	installRadio(t, p)
	ctx := t.Context()
	res, err := p.Library.Search(ctx, inflow.SearchRequest{Query: "PWR seconds"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %+v, %v", res, err)
	}
	h := res.Hits[0]
	c, l, ok := courses.LessonOf(h.ID)
	if h.Kind != inflow.KindLesson || !ok || c != "field/radio" || l != "power" {
		t.Fatalf("hit %+v", h)
	}
	if _, err := p.Courses.Remove(ctx, "field/radio"); err != nil {
		t.Fatal(err)
	}
	if res, _ := p.Library.Search(ctx, inflow.SearchRequest{Query: "PWR"}); len(res.Hits) != 0 {
		t.Fatalf("a removed course's lesson is still found: %+v", res.Hits[0])
	}
}

// TestCourseProgressSyncs: a lesson completed and a quiz answered on one
// device show on the other after both sync, with the same cards.
func TestCourseProgressSyncs(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	clock := inflow.ClockFunc(func() time.Time { return now })
	a, b, sync := syncedPair(t, clock)
	installRadio(t, a)
	installRadio(t, b)
	ctx := t.Context()
	if err := a.Lessons.Progress(ctx, "field/radio", "power", "q1", 120); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Lessons.Answer(ctx, "field/radio", "power", "q1", course.Response{Choices: []string{"b"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Lessons.Complete(ctx, "field/radio", "power"); err != nil {
		t.Fatal(err)
	}
	if err := b.Lessons.Progress(ctx, "field/radio", "call", "", 60); err != nil {
		t.Fatal(err)
	}
	sync(a)
	sync(b)
	sync(a)
	for name, p := range map[string]*profile.Profile{"a": a, "b": b} {
		o, err := p.Lessons.Outline(ctx, "field/radio")
		if err != nil {
			t.Fatal(err)
		}
		if o.Done != 1 || o.Seconds != 180 || !o.Modules[0].Lessons[0].Completed {
			t.Errorf("%s: outline %+v", name, o)
		}
		st, _ := p.Lessons.Lesson(ctx, "field/radio", "power")
		if q := st.State.Quiz["q1"]; q.Attempts != 1 || !q.Correct {
			t.Errorf("%s: quiz state %+v", name, q)
		}
		cards, _ := p.Reviews.Store().CardsBySource(ctx, "field/radio:power")
		if len(cards) != 2 {
			t.Errorf("%s: %d cards from the lesson, want 2", name, len(cards))
		}
	}
}

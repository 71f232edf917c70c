package lessons_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/lessons"
)

func ev(i int, typ inflow.EventType, device string, data any) *inflow.Event {
	b, _ := json.Marshal(data)
	t0 := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	return &inflow.Event{ID: fmt.Sprintf("e%03d", i), Type: typ, Subject: lessons.Subject("field/radio", "power"), Device: device,
		HLC: inflow.HLC{Wall: t0.Add(time.Duration(i%7) * time.Minute).UnixMilli(), Logical: uint32(i)}, Time: t0.Add(time.Duration(i) * time.Second), Data: b}
}

// TestFoldCommutes: every order of the same events folds to one state.
func TestFoldCommutes(t *testing.T) {
	var evs []*inflow.Event
	for i := range 40 {
		dev := []string{"a", "b"}[i%2]
		switch i % 4 {
		case 0:
			evs = append(evs, ev(i, lessons.EventProgress, dev, lessons.ProgressData{Block: fmt.Sprintf("b%d", i%3), Seconds: 30 + i}))
		case 1:
			evs = append(evs, ev(i, lessons.EventProgress, dev, lessons.ProgressData{Seconds: 100000})) // capped, no block
		case 2:
			evs = append(evs, ev(i, lessons.EventAnswered, dev, lessons.AnswerData{Block: "q1", Response: course.Response{Text: "x"}, Correct: i%3 == 0}))
		case 3:
			if i > 20 {
				evs = append(evs, ev(i, lessons.EventCompleted, dev, lessons.CompletedData{Version: "1"}))
			}
		}
	}
	var want lessons.State
	for _, e := range evs {
		lessons.Fold(&want, e)
	}
	if !want.Completed || want.Quiz["q1"].Attempts != 10 || want.Block == "" || want.CourseID != "field/radio" || want.LessonID != "power" {
		t.Fatalf("state %+v", want)
	}
	for seed := range 50 {
		r := rand.New(rand.NewPCG(uint64(seed), 1))
		shuffled := append([]*inflow.Event(nil), evs...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		var got lessons.State
		for _, e := range shuffled {
			lessons.Fold(&got, e)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: order changed the state:\n%+v\n%+v", seed, got, want)
		}
	}
}

func TestSubject(t *testing.T) {
	c, l, ok := lessons.SplitSubject(lessons.Subject("a/b:c", "l1"))
	if !ok || c != "a/b:c" || l != "l1" {
		t.Fatalf("%q %q %v", c, l, ok)
	}
	for _, bad := range []string{"", ":l", "c:", "nocolon"} {
		if _, _, ok := lessons.SplitSubject(bad); ok {
			t.Errorf("%q split", bad)
		}
	}
}

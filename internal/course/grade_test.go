package course_test

import (
	"testing"

	"github.com/inflow-learning/inflow/internal/course"
)

func TestGrade(t *testing.T) {
	single := &course.Question{Kind: course.SingleChoice, Prompt: "?", Correct: "Yes!", Incorrect: "No.", Feedback: "Why.",
		Choices: []course.Choice{{ID: "a", Text: "A", Feedback: "a-fb"}, {ID: "b", Text: "B", Correct: true}}}
	multi := &course.Question{Kind: course.MultipleChoice, Prompt: "?",
		Choices: []course.Choice{{ID: "a", Text: "A", Correct: true}, {ID: "b", Text: "B", Correct: true}, {ID: "c", Text: "C"}}}
	short := &course.Question{Kind: course.ShortAnswer, Prompt: "?", Accepted: []string{"Over", "roger over"}}
	cases := []struct {
		q    *course.Question
		r    course.Response
		want bool
	}{
		{single, course.Response{Choices: []string{"b"}}, true},
		{single, course.Response{Choices: []string{"a"}}, false},
		{single, course.Response{Choices: []string{"a", "b"}}, false},
		{single, course.Response{}, false},
		{single, course.Response{Choices: []string{"b", "zzz"}}, false},
		{multi, course.Response{Choices: []string{"a", "b"}}, true},
		{multi, course.Response{Choices: []string{"b", "a", "a"}}, true},
		{multi, course.Response{Choices: []string{"a"}}, false},
		{multi, course.Response{Choices: []string{"a", "b", "c"}}, false},
		{short, course.Response{Text: "  over. "}, true},
		{short, course.Response{Text: "Roger   OVER!"}, true},
		{short, course.Response{Text: "out"}, false},
		{short, course.Response{Text: "   "}, false},
	}
	for i, c := range cases {
		if g := c.q.Grade(c.r); g.Correct != c.want {
			t.Errorf("case %d: correct = %v, want %v (%+v)", i, g.Correct, c.want, g)
		}
	}
	g := single.Grade(course.Response{Choices: []string{"a"}})
	if len(g.Feedback) != 3 || g.Feedback[0] != "a-fb" || g.Feedback[1] != "No." || g.Feedback[2] != "Why." || g.CorrectChoices[0] != "b" {
		t.Errorf("feedback %+v", g)
	}
}

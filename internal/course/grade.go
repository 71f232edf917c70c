package course

import (
	"slices"
	"strings"
	"unicode"
)

// Response is a learner's answer to a question: the ids of the chosen
// choices, or the typed text of a short answer.
type Response struct {
	Choices []string `json:"choices,omitempty"`
	Text    string   `json:"text,omitempty"`
}

// Grade is the verdict on a response, with everything to show after it.
type Grade struct {
	Correct bool `json:"correct"`
	// Feedback is what to show, in order: the feedback of each chosen
	// choice, the question's correct or incorrect feedback, its general
	// feedback.
	Feedback []string `json:"feedback"`
	// CorrectChoices are the ids of the correct choices; Accepted the
	// accepted short answers (shown after a wrong answer).
	CorrectChoices []string `json:"correctChoices,omitempty"`
	Accepted       []string `json:"accepted,omitempty"`
}

// Grade marks a response. A choice question is right when exactly the
// correct choices are picked; a short answer when it matches an accepted
// answer ignoring case, spacing and punctuation at the ends.
func (q *Question) Grade(r Response) Grade {
	g := Grade{Feedback: []string{}}
	switch q.Kind {
	case ShortAnswer:
		got := normalizeAnswer(r.Text)
		g.Correct = got != "" && slices.ContainsFunc(q.Accepted, func(a string) bool { return normalizeAnswer(a) == got })
		g.Accepted = slices.Clone(q.Accepted)
	default:
		picked := map[string]bool{}
		for _, id := range r.Choices {
			picked[id] = true
		}
		g.Correct = len(picked) > 0
		for _, c := range q.Choices {
			if c.Correct {
				g.CorrectChoices = append(g.CorrectChoices, c.ID)
			}
			if c.Correct != picked[c.ID] {
				g.Correct = false
			}
			if picked[c.ID] && c.Feedback != "" {
				g.Feedback = append(g.Feedback, c.Feedback)
			}
		}
		for id := range picked {
			if !slices.ContainsFunc(q.Choices, func(c Choice) bool { return c.ID == id }) {
				g.Correct = false // a choice that does not exist
			}
		}
	}
	if g.Correct && q.Correct != "" {
		g.Feedback = append(g.Feedback, q.Correct)
	}
	if !g.Correct && q.Incorrect != "" {
		g.Feedback = append(g.Feedback, q.Incorrect)
	}
	if q.Feedback != "" {
		g.Feedback = append(g.Feedback, q.Feedback)
	}
	return g
}

// normalizeAnswer folds case, collapses spaces and trims punctuation at
// both ends, so "  Over. " matches "over".
func normalizeAnswer(s string) string {
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}

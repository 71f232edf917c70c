package lessons

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/review"
)

// cardBase is the id prefix of a lesson's cards: derived from course and
// lesson, so every device makes the same cards.
func cardBase(courseID, lessonID string) string {
	h := sha256.Sum256([]byte(Subject(courseID, lessonID)))
	return "lesson/" + hex.EncodeToString(h[:12])
}

func deckOf(m *course.Manifest) string {
	d := strings.TrimSpace(m.Title)
	if r := []rune(d); len(r) > review.MaxDeckLen {
		d = string(r[:review.MaxDeckLen])
	}
	return d
}

func source(m *course.Manifest, l *course.Lesson) review.Source {
	return review.Source{Kind: review.SourceLesson, ID: Subject(m.ID, l.ID), Title: l.Title}
}

// QuizCards proposes the card of one quiz question (none if the author
// said not to remember it). The answer shows the right choices or
// accepted answers, then the question's feedback.
func QuizCards(m *course.Manifest, l *course.Lesson, blockID string) []review.ItemCard {
	for _, b := range l.Blocks {
		if b.ID != blockID || b.Question == nil || !b.Question.Remembered() {
			continue
		}
		q := b.Question
		prompt, answer := q.Prompt, ""
		switch q.Kind {
		case course.ShortAnswer:
			answer = q.Accepted[0]
			if len(q.Accepted) > 1 {
				answer += " (also: " + strings.Join(q.Accepted[1:], ", ") + ")"
			}
		default:
			var choices, right []string
			for _, c := range q.Choices {
				choices = append(choices, "- "+c.Text)
				if c.Correct {
					right = append(right, c.Text)
				}
			}
			prompt += "\n\n" + strings.Join(choices, "\n")
			answer = strings.Join(right, "; ")
		}
		for _, f := range []string{q.Correct, q.Feedback} {
			if f != "" {
				answer += "\n\n" + f
			}
		}
		return []review.ItemCard{{ID: cardBase(m.ID, l.ID) + "/" + b.ID,
			Content: review.Content{Deck: deckOf(m), Prompt: prompt, Answer: answer, Source: source(m, l)}}}
	}
	return nil
}

// LessonCards proposes all of a lesson's cards: each remembered quiz
// question, and one card asking for its key points.
func LessonCards(m *course.Manifest, l *course.Lesson) []review.ItemCard {
	var out []review.ItemCard
	for _, b := range l.Blocks {
		if b.Type == course.BlockQuiz {
			out = append(out, QuizCards(m, l, b.ID)...)
		}
	}
	if len(l.KeyPoints) > 0 {
		var b strings.Builder
		for _, kp := range l.KeyPoints {
			b.WriteString("- " + kp + "\n")
		}
		out = append(out, review.ItemCard{ID: cardBase(m.ID, l.ID) + "/keypoints",
			Content: review.Content{Deck: deckOf(m), Prompt: "The key points of “" + l.Title + "”", Answer: b.String(), Source: source(m, l)}})
	}
	return out
}

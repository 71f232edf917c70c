package review

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// ItemCard is a card proposed from an item, with the id it will have.
type ItemCard struct {
	ID      string
	Content Content
}

// FromItem proposes cards from an item's key points ("Remember this").
//
// When a key point is followed in the body by code (a tldr example, a
// command in a how-to), each key point becomes a card asking for that code.
// Otherwise the item becomes one card asking for its key points. Ids are
// derived from the item and the key point, so two devices that both press
// "Remember this" make the same cards, and pressing it twice makes none.
func FromItem(it *inflow.Item) []ItemCard {
	if len(it.KeyPoints) == 0 {
		return nil
	}
	deck := it.Topic
	if deck == "" {
		deck = DefaultDeck
	}
	src := Source{Kind: SourceItem, ID: it.ID, Title: it.Title}
	h := sha256.Sum256([]byte(it.ID))
	base := "kp/" + hex.EncodeToString(h[:12])
	var out []ItemCard
	for i, kp := range it.KeyPoints {
		code := codeAfter(it.Body, kp)
		if code == "" {
			continue
		}
		out = append(out, ItemCard{
			ID:      fmt.Sprintf("%s/%d", base, i),
			Content: Content{Deck: deck, Prompt: it.Title + ": " + kp, Answer: code, Source: src},
		})
	}
	if len(out) > 0 {
		return out
	}
	var b strings.Builder
	for _, kp := range it.KeyPoints {
		b.WriteString("- " + kp + "\n")
	}
	return []ItemCard{{
		ID:      base + "/all",
		Content: Content{Deck: deck, Prompt: "The key points of “" + it.Title + "”", Answer: b.String(), Source: src},
	}}
}

// codeAfter finds the first code span or block that follows the line where
// the key point is written, before the next list item or heading.
func codeAfter(body, kp string) string {
	lines := strings.Split(body, "\n")
	at := -1
	for i, l := range lines {
		if strings.Contains(l, kp) {
			at = i
			break
		}
	}
	if at < 0 {
		return ""
	}
	if c := inlineCode(strings.TrimPrefix(lines[at][strings.Index(lines[at], kp)+len(kp):], ":")); c != "" {
		return c
	}
	for i := at + 1; i < len(lines) && i <= at+12; i++ {
		t := strings.TrimSpace(lines[i])
		switch {
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			var code []string
			for j := i + 1; j < len(lines); j++ {
				if strings.HasPrefix(strings.TrimSpace(lines[j]), t[:3]) {
					return strings.TrimSpace(strings.Join(code, "\n"))
				}
				code = append(code, lines[j])
			}
			return ""
		case strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "#"):
			return ""
		}
		if c := inlineCode(t); c != "" {
			return c
		}
	}
	return ""
}

// inlineCode returns the first `code span` of a line.
func inlineCode(l string) string {
	i := strings.IndexByte(l, '`')
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(l[i+1:], '`')
	if j <= 0 {
		return ""
	}
	return strings.TrimSpace(l[i+1 : i+1+j])
}

// Remember makes the cards FromItem proposes, skipping those that exist,
// and returns all of the item's cards.
func (s *Service) Remember(ctx context.Context, it *inflow.Item) ([]*Card, error) {
	proposed := FromItem(it)
	if len(proposed) == 0 {
		return nil, inflow.Errorf(inflow.EINVALID, "%q has no key points to remember", it.Title)
	}
	if _, err := s.Propose(ctx, proposed); err != nil {
		return nil, err
	}
	return s.store.CardsBySource(ctx, it.ID)
}

// Propose makes cards with ids derived from their source (so two devices
// proposing the same make the same cards), skipping those that exist,
// deleted ones included. It returns how many it made.
func (s *Service) Propose(ctx context.Context, proposed []ItemCard) (int, error) {
	made := 0
	for _, p := range proposed {
		if _, err := s.store.Card(ctx, p.ID); err == nil {
			continue
		} else if inflow.ErrorCode(err) != inflow.ENOTFOUND {
			return made, err
		}
		c := p.Content
		if err := c.Normalize(); err != nil {
			return made, err
		}
		if _, err := s.record(ctx, EventCardCreated, p.ID, c, time.Time{}); err != nil {
			return made, err
		}
		made++
	}
	return made, nil
}

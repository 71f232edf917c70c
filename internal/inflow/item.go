package inflow

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Kind says what shape a micro item has, so the library can be browsed by it.
type Kind string

// The kinds of micro item.
const (
	KindArticle Kind = "article"
	KindHowTo   Kind = "how-to"
	KindGuide   Kind = "guide"
	KindRule    Kind = "rule"
	KindSnippet Kind = "snippet"
	KindVideo   Kind = "video"
	KindAudio   Kind = "audio"
	KindEBook   Kind = "e-book"
	// KindLesson is a course lesson, indexed beside micro items so search
	// finds it; it opens in the course player.
	KindLesson Kind = "lesson"
)

// Kinds lists every valid kind in display order.
var Kinds = []Kind{KindArticle, KindHowTo, KindGuide, KindRule, KindSnippet, KindVideo, KindAudio, KindEBook, KindLesson}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// Source says where an item came from and how it must be credited.
type Source struct {
	Name    string `json:"name,omitempty"`    // e.g. "tldr-pages"
	URL     string `json:"url,omitempty"`     // where the original lives
	License string `json:"license,omitempty"` // e.g. "CC-BY-4.0"
	Author  string `json:"author,omitempty"`  // person or team credited
}

// Item is one piece of micro content: short, self-contained and searchable.
// ID is stable across re-imports so bookmarks, views and cards keep pointing
// at the same item when its content is updated.
type Item struct {
	ID        string    `json:"id"`
	Pack      string    `json:"pack"` // the pack that owns the item
	Kind      Kind      `json:"kind"`
	Title     string    `json:"title"`
	Summary   string    `json:"summary,omitempty"` // one line shown under the title
	Body      string    `json:"body"`              // Markdown
	Topic     string    `json:"topic,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	Language  string    `json:"language"` // BCP 47 tag, e.g. "en", "pt-BR"
	KeyPoints []string  `json:"keyPoints,omitempty"`
	Source    Source    `json:"source"`
	Version   int       `json:"version"`         // bumped each time the content changes
	Updated   time.Time `json:"updated"`         // when the content last changed
	Hash      string    `json:"hash"`            // digest of the content, to detect changes
	Media     string    `json:"media,omitempty"` // URL of the video, audio or e-book, if any
	// Prominence, from 0 to 1, says how central the item is within its
	// pack: how many of the pack's other items refer to it. Search uses it
	// as a small ranking prior, so that among similar matches the item
	// people are sent to most comes first. Importers set it.
	Prominence float64 `json:"prominence,omitempty"`
}

// Limits on item fields; importers enforce them so one bad file cannot bloat
// the store or the index.
const (
	MaxIDLen    = 200
	MaxTitleLen = 300
	MaxBodyLen  = 1 << 20 // 1 MiB of Markdown
	MaxTags     = 50
	MaxKeyPoint = 50
)

// Validate checks the item's fields and returns an EINVALID error naming the
// first problem.
func (it *Item) Validate() error {
	switch {
	case it.ID == "":
		return Errorf(EINVALID, "id is empty")
	case len(it.ID) > MaxIDLen:
		return Errorf(EINVALID, "id is longer than %d bytes", MaxIDLen)
	case !ValidID(it.ID):
		return Errorf(EINVALID, "id %q may only use letters, digits and . _ - / :", it.ID)
	case strings.TrimSpace(it.Title) == "":
		return Errorf(EINVALID, "title is empty")
	case len(it.Title) > MaxTitleLen:
		return Errorf(EINVALID, "title is longer than %d bytes", MaxTitleLen)
	case !it.Kind.Valid():
		return Errorf(EINVALID, "kind %q is not one of %s", it.Kind, kindList())
	case len(it.Body) > MaxBodyLen:
		return Errorf(ETOOLARGE, "body is larger than %d bytes", MaxBodyLen)
	case len(it.Tags) > MaxTags:
		return Errorf(EINVALID, "more than %d tags", MaxTags)
	case len(it.KeyPoints) > MaxKeyPoint:
		return Errorf(EINVALID, "more than %d key points", MaxKeyPoint)
	case !(it.Prominence >= 0 && it.Prominence <= 1):
		return Errorf(EINVALID, "prominence %v is not between 0 and 1", it.Prominence)
	}
	for _, s := range append([]string{it.Title, it.Summary, it.Body, it.Topic, it.Language}, append(it.Tags, it.KeyPoints...)...) {
		if !utf8.ValidString(s) {
			return Errorf(EINVALID, "text is not valid UTF-8")
		}
	}
	return nil
}

// ValidID reports whether id uses only the characters allowed in item and
// pack ids: ASCII letters, digits and . _ - / : (no spaces, no "..").
func ValidID(id string) bool {
	if id == "" || strings.Contains(id, "..") {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '.', r == '_', r == '-', r == '/', r == ':', r == '+':
		default:
			return false
		}
	}
	return true
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

package courses

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/course"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/library"
)

// Search is the library, which keeps lessons in the search index beside
// micro items: each installed course is a pack of lesson items.
type Search interface {
	ApplyPack(ctx context.Context, p *inflow.Pack) (*library.PackReport, error)
	RemovePack(ctx context.Context, id string) (*library.PackReport, error)
	Packs(ctx context.Context) ([]*inflow.PackInfo, error)
}

// Pack ids and item ids of lessons in the library.
const (
	packPrefix = "course:"
	packFormat = "course"
)

// SearchPackID is the library pack of a course's lessons.
func SearchPackID(courseID string) string { return packPrefix + courseID }

// LessonItemID is the library item of a lesson; search hits with kind
// "lesson" carry it, and LessonOf reads it back.
func LessonItemID(courseID, lessonID string) string { return packPrefix + courseID + ":" + lessonID }

// LessonOf returns the course and lesson of a lesson item id.
func LessonOf(itemID string) (courseID, lessonID string, ok bool) {
	rest, ok := strings.CutPrefix(itemID, packPrefix)
	i := strings.LastIndexByte(rest, ':')
	if !ok || i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

// SearchPack turns a course into a library pack of one item per lesson:
// its title, "course › module" as summary, its key points, and as body
// all the text a learner reads in it (Markdown, exercises and solutions,
// case studies and their prompts, quiz questions and choices, captions).
func SearchPack(m *course.Manifest, updated time.Time) *inflow.Pack {
	p := &inflow.Pack{ID: SearchPackID(m.ID), Title: m.Title, Format: packFormat,
		Source: inflow.Source{Name: m.Title}, Origin: packPrefix + m.ID + "@" + m.Version}
	topic := ""
	if len(m.Topics) > 0 {
		topic = m.Topics[0]
	}
	for _, mod := range m.Modules {
		for _, l := range mod.Lessons {
			it := &inflow.Item{
				ID: LessonItemID(m.ID, l.ID), Pack: p.ID, Kind: inflow.KindLesson, Title: l.Title,
				Summary: m.Title + " › " + mod.Title, Body: lessonText(&l), Topic: topic, Tags: m.Tags,
				Language: m.Language, KeyPoints: l.KeyPoints, Source: p.Source, Version: 1, Updated: updated,
			}
			if len(it.Body) > inflow.MaxBodyLen {
				it.Body = it.Body[:inflow.MaxBodyLen]
			}
			it.Hash = itemHash(it)
			p.Items = append(p.Items, it)
		}
	}
	return p
}

// lessonText is the searchable text of a lesson.
func lessonText(l *course.Lesson) string {
	var b strings.Builder
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			b.WriteString(s)
			b.WriteString("\n\n")
		}
	}
	for _, blk := range l.Blocks {
		add(blk.Title)
		add(blk.Markdown)
		add(blk.Caption)
		add(blk.Alt)
		add(blk.Solution)
		for _, pr := range blk.Prompts {
			add(pr)
		}
		if q := blk.Question; q != nil {
			add(q.Prompt)
			for _, c := range q.Choices {
				add(c.Text)
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// itemHash digests an item's content, so re-applying an unchanged course
// changes nothing in the store or index.
func itemHash(it *inflow.Item) string {
	cp := *it
	cp.Hash, cp.Updated, cp.Version = "", time.Time{}, 0
	b, _ := json.Marshal(&cp)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// index puts a course's lessons in the library (nil Search: none).
func (s *Service) index(ctx context.Context, m *course.Manifest) error {
	if s.search == nil {
		return nil
	}
	_, err := s.search.ApplyPack(ctx, SearchPack(m, s.clock.Now().UTC()))
	return err
}

// unindex takes a course's lessons out of the library.
func (s *Service) unindex(ctx context.Context, id string) error {
	if s.search == nil {
		return nil
	}
	_, err := s.search.RemovePack(ctx, SearchPackID(id))
	if inflow.ErrorCode(err) == inflow.ENOTFOUND {
		return nil
	}
	return err
}

// Reconcile makes the library's lesson packs match the installed courses:
// it indexes a course whose lessons are missing or of another version (an
// install interrupted between its record and its index) and removes the
// lessons of courses no longer installed. Call it when the profile opens.
func (s *Service) Reconcile(ctx context.Context) error {
	if s.search == nil {
		return nil
	}
	packs, err := s.search.Packs(ctx)
	if err != nil {
		return err
	}
	have := map[string]string{} // pack id → origin
	for _, p := range packs {
		if p.Format == packFormat {
			have[p.ID] = p.Origin
		}
	}
	all, err := s.store.InstalledCourses(ctx)
	if err != nil {
		return err
	}
	for _, c := range all {
		id := SearchPackID(c.Manifest.ID)
		if have[id] != packPrefix+c.Manifest.ID+"@"+c.Manifest.Version {
			if err := s.index(ctx, c.Manifest); err != nil {
				return err
			}
		}
		delete(have, id)
	}
	for id := range have {
		if _, err := s.search.RemovePack(ctx, id); err != nil && inflow.ErrorCode(err) != inflow.ENOTFOUND {
			return err
		}
	}
	return nil
}

package importer

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// frontMatterKeys are the keys a Markdown file's front matter may set.
var frontMatterKeys = []string{
	"id", "kind", "title", "summary", "topic", "tags", "language",
	"key_points", "source", "updated", "media",
}

// frontMatter is what a Markdown file's front matter sets. Empty strings,
// nil slices and the zero time mean the field was not set.
type frontMatter struct {
	ID        string
	Kind      inflow.Kind
	Title     string
	Summary   string
	Topic     string
	Tags      []string
	Language  string
	KeyPoints []string
	Source    inflow.Source
	Updated   time.Time
	Media     string
}

// parseFrontMatter splits a Markdown file into its front matter and body
// and checks every front matter field. The front matter is optional; when
// present it starts on the first line with "---" and ends at the next line
// that is "---". Errors are problems carrying the file line.
func parseFrontMatter(data []byte) (*frontMatter, string, error) {
	text, err := normalizeText(data)
	if err != nil {
		return nil, "", err
	}
	fm := &frontMatter{}
	first, off := nextLine(text, 0)
	if strings.TrimRight(first, " \t") != "---" {
		return fm, text, nil
	}
	start := off
	for line := 2; off < len(text); line++ {
		l, next := nextLine(text, off)
		if strings.TrimRight(l, " \t") == "---" {
			if err := fm.parse(text[start:off]); err != nil {
				return nil, "", err
			}
			return fm, text[next:], nil
		}
		off = next
	}
	return nil, "", problemf(1, "front matter: no closing \"---\" line")
}

// parse reads the YAML between the fences, which starts on file line 2.
func (fm *frontMatter) parse(text string) error {
	d := yamlDoc{offset: 1, prefix: "front matter: "}
	fields, err := d.parse(text, frontMatterKeys)
	if err != nil {
		return err
	}
	for _, f := range fields {
		switch f.key {
		case "tags", "key_points":
			l, err := d.list(f)
			if err != nil {
				return err
			}
			if f.key == "tags" {
				fm.Tags = dedupe(l)
				if len(fm.Tags) > inflow.MaxTags {
					return d.fieldErr(f, "more than %d tags", inflow.MaxTags)
				}
			} else {
				fm.KeyPoints = l
				if len(l) > inflow.MaxKeyPoint {
					return d.fieldErr(f, "more than %d key points", inflow.MaxKeyPoint)
				}
			}
			continue
		case "source":
			s, err := d.source(f)
			if err != nil {
				return err
			}
			fm.Source = s
			continue
		}
		v, err := d.text(f)
		if err != nil {
			return err
		}
		if err := fm.set(d, f, v); err != nil {
			return err
		}
	}
	return nil
}

// set checks and stores one text field.
func (fm *frontMatter) set(d yamlDoc, f yamlField, v string) error {
	if v = strings.TrimSpace(v); v == "" {
		return nil // unset: the default applies
	}
	switch f.key {
	case "id":
		if len(v) > inflow.MaxIDLen {
			return d.fieldErr(f, "id is longer than %d bytes", inflow.MaxIDLen)
		} else if !inflow.ValidID(v) {
			return d.fieldErr(f, "id %q may only use ASCII letters, digits and . _ - + / : (and no \"..\")", v)
		}
		fm.ID = v
	case "kind":
		k, err := parseKind(v)
		if err != nil {
			return d.fieldErr(f, "%s", err.Error())
		}
		fm.Kind = k
	case "title":
		fm.Title = collapseSpace(v)
		if len(fm.Title) > inflow.MaxTitleLen {
			return d.fieldErr(f, "title is longer than %d bytes", inflow.MaxTitleLen)
		}
	case "summary":
		fm.Summary = collapseSpace(v)
	case "topic":
		fm.Topic = collapseSpace(v)
	case "language":
		lang, ok := normalizeLanguage(v)
		if !ok {
			return d.fieldErr(f, "language %q is not a language tag like en or pt-BR", v)
		}
		fm.Language = lang
	case "updated":
		t, ok := parseDate(v)
		if !ok {
			return d.fieldErr(f, "updated %q is not a date like 2024-05-31 or 2024-05-31T14:00:00Z", v)
		}
		fm.Updated = t
	case "media":
		if !isWebURL(v) {
			return d.fieldErr(f, "media %q is not an http or https URL", v)
		}
		fm.Media = v
	}
	return nil
}

// parseKind lowercases v and checks it is one of inflow.Kinds, other
// than lesson: lessons come from course packages only.
func parseKind(v string) (inflow.Kind, error) {
	k := inflow.Kind(strings.ToLower(strings.TrimSpace(v)))
	if !k.Valid() || k == inflow.KindLesson {
		var names []string
		for _, k := range inflow.Kinds {
			if k != inflow.KindLesson {
				names = append(names, string(k))
			}
		}
		msg := fmt.Sprintf("kind %q is not one of %s", v, strings.Join(names, ", "))
		if k == inflow.KindLesson {
			msg += " (lessons belong to courses: see \"Courses\")"
		}
		return "", inflow.Errorf(inflow.EINVALID, "%s", msg)
	}
	return k, nil
}

// parseDate reads an RFC 3339 time or a YYYY-MM-DD date (midnight UTC).
func parseDate(v string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// isWebURL reports whether v is an absolute http or https URL with a host.
func isWebURL(v string) bool {
	if strings.ContainsAny(v, " \t\n") {
		return false
	}
	u, err := url.Parse(v)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// dedupe removes repeated strings, keeping the first of each.
func dedupe(l []string) []string {
	seen := make(map[string]bool, len(l))
	out := l[:0]
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

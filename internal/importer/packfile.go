package importer

import (
	"strings"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// packFileName is the optional file at the root of a Markdown pack that
// names the pack and sets defaults for its items.
const packFileName = "pack.yaml"

// packFileKeys are the keys pack.yaml may set.
var packFileKeys = []string{"id", "title", "source", "language", "kind", "topic"}

// packMeta is what a Markdown pack says about itself: from pack.yaml, or
// derived from the folder, archive or file name.
type packMeta struct {
	ID       string
	Title    string
	Source   inflow.Source
	Language string      // default for items; "" means "en"
	Kind     inflow.Kind // default for items; "" means article
	Topic    string      // default for items; "" means the first folder
}

// defaultPackMeta derives a pack's id and title from a name, for packs
// without pack.yaml: "Kubernetes Notes" gives id "kubernetes-notes" and
// title "Kubernetes Notes".
func defaultPackMeta(name string) *packMeta {
	title := collapseSpace(strings.ToValidUTF8(name, "\uFFFD"))
	id := slug(name)
	if title == "" || len(title) > inflow.MaxTitleLen {
		title = id
	}
	return &packMeta{ID: id, Title: title}
}

// parsePackFile reads pack.yaml; name supplies the id and title it leaves
// out. Errors are problems carrying the line.
func parsePackFile(data []byte, name string) (*packMeta, error) {
	text, err := normalizeText(data)
	if err != nil {
		return nil, err
	}
	meta := defaultPackMeta(name)
	d := yamlDoc{}
	fields, err := d.parse(text, packFileKeys)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		if f.key == "source" {
			if meta.Source, err = d.source(f); err != nil {
				return nil, err
			}
			continue
		}
		v, err := d.text(f)
		if err != nil {
			return nil, err
		}
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		switch f.key {
		case "id":
			if len(v) > inflow.MaxIDLen {
				return nil, d.fieldErr(f, "id is longer than %d bytes", inflow.MaxIDLen)
			} else if !inflow.ValidID(v) {
				return nil, d.fieldErr(f, "id %q may only use ASCII letters, digits and . _ - + / : (and no \"..\")", v)
			}
			meta.ID = v
		case "title":
			meta.Title = collapseSpace(v)
			if len(meta.Title) > inflow.MaxTitleLen {
				return nil, d.fieldErr(f, "title is longer than %d bytes", inflow.MaxTitleLen)
			}
		case "language":
			lang, ok := normalizeLanguage(v)
			if !ok {
				return nil, d.fieldErr(f, "language %q is not a language tag like en or pt-BR", v)
			}
			meta.Language = lang
		case "kind":
			k, err := parseKind(v)
			if err != nil {
				return nil, d.fieldErr(f, "%s", inflow.ErrorMessage(err))
			}
			meta.Kind = k
		case "topic":
			meta.Topic = collapseSpace(v)
		}
	}
	return meta, nil
}

package anki

import (
	"strings"
)

// fieldRef is a field a template shows.
type fieldRef struct {
	field      int  // index into the note's fields
	cloze      bool // {{cloze:Field}}
	typeAnswer bool // {{type:Field}}: an answer box, not the field's text
}

// maxTemplateRefs bounds the references read from one template.
const maxTemplateRefs = 64

// templateRefs returns the fields a template references, in order of first
// appearance. Conditionals ({{#F}}, {{^F}}, {{/F}}), comments and special
// names such as {{FrontSide}} or {{Tags}} that are not fields of the note
// type are ignored. Filters precede the name: {{hint:F}}, {{cloze:F}},
// {{tts en_US:F}}.
func templateRefs(tmpl string, names []string) []fieldRef {
	var refs []fieldRef
	seen := map[int]bool{}
	for len(refs) < maxTemplateRefs {
		i := strings.Index(tmpl, "{{")
		if i < 0 {
			break
		}
		tmpl = tmpl[i+2:]
		j := strings.Index(tmpl, "}}")
		if j < 0 {
			break
		}
		inner := strings.TrimSpace(tmpl[:j])
		tmpl = tmpl[j+2:]
		if inner == "" || strings.ContainsAny(inner[:1], "#^/!=") {
			continue
		}
		parts := strings.Split(inner, ":")
		idx := fieldIndex(names, strings.TrimSpace(parts[len(parts)-1]))
		if idx < 0 || seen[idx] {
			continue
		}
		ref := fieldRef{field: idx}
		for _, f := range parts[:len(parts)-1] {
			switch strings.ToLower(strings.TrimSpace(f)) {
			case "cloze":
				ref.cloze = true
			case "type":
				ref.typeAnswer = true
			}
		}
		seen[idx] = true
		refs = append(refs, ref)
	}
	return refs
}

// fieldIndex finds a field by name, exactly or else ignoring case; -1 if
// there is none.
func fieldIndex(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	for i, n := range names {
		if strings.EqualFold(n, name) {
			return i
		}
	}
	return -1
}

// field returns the note's field i, or "" when the note has fewer fields.
func field(fields []string, i int) string {
	if i < 0 || i >= len(fields) {
		return ""
	}
	return fields[i]
}

// joinParts joins the non-empty parts with blank lines.
func joinParts(parts []string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n\n")
}

// renderCard returns the plain-text front and back of card ord of a note
// of type nt (nil when unknown) with the given field values. The package
// documentation describes the rules.
func renderCard(nt *noteType, fields []string, ord int) (front, back string) {
	if nt != nil && nt.cloze {
		return renderClozeCard(nt, fields, ord)
	}
	if nt != nil {
		if t, ok := nt.templates[ord]; ok {
			if front, back, ok := renderStandard(nt, t, fields); ok {
				return front, back
			}
		}
	}
	return renderByOrder(fields)
}

// renderStandard renders a card of a standard note type from its template;
// ok is false when the question shows no non-empty field.
func renderStandard(nt *noteType, t *template, fields []string) (front, back string, ok bool) {
	qrefs, arefs := t.refs(nt.fields)
	inFront := map[int]bool{}
	var fronts []string
	for _, r := range qrefs {
		if r.typeAnswer {
			continue
		}
		inFront[r.field] = true
		fronts = append(fronts, PlainText(field(fields, r.field)))
	}
	front = joinParts(fronts)
	if front == "" {
		return "", "", false
	}
	var backs []string
	for _, r := range arefs {
		if !inFront[r.field] {
			backs = append(backs, PlainText(field(fields, r.field)))
		}
	}
	back = joinParts(backs)
	if back == "" {
		back = otherFields(fields, inFront)
	}
	return front, back, true
}

// otherFields joins the non-empty fields not in skip with blank lines.
func otherFields(fields []string, skip map[int]bool) string {
	var parts []string
	for i, f := range fields {
		if !skip[i] {
			parts = append(parts, PlainText(f))
		}
	}
	return joinParts(parts)
}

// renderByOrder is the rule when templates cannot tell: the first non-empty
// field is the front, the remaining non-empty fields are the back.
func renderByOrder(fields []string) (front, back string) {
	var backs []string
	for _, f := range fields {
		t := PlainText(f)
		if t == "" {
			continue
		}
		if front == "" {
			front = t
			continue
		}
		backs = append(backs, t)
	}
	return front, joinParts(backs)
}

// renderClozeCard renders card ord of a cloze note: cloze ord+1 is hidden
// on the front and every cloze is shown on the back.
func renderClozeCard(nt *noteType, fields []string, ord int) (front, back string) {
	var qrefs, arefs []fieldRef
	if t := nt.templates[0]; t != nil {
		qrefs, arefs = t.refs(nt.fields)
	}
	hasCloze := false
	for _, r := range qrefs {
		hasCloze = hasCloze || r.cloze
	}
	if !hasCloze {
		qrefs = []fieldRef{{field: 0, cloze: true}}
	}
	shown := map[int]bool{}
	var fronts []string
	for _, r := range qrefs {
		if r.typeAnswer {
			continue
		}
		shown[r.field] = true
		text := field(fields, r.field)
		if r.cloze {
			text = renderCloze(text, ord+1)
		}
		fronts = append(fronts, PlainText(text))
	}
	var backs []string
	if len(arefs) == 0 {
		// No usable answer template: every cloze field revealed, then the
		// other fields.
		var fallback []fieldRef
		for _, r := range qrefs {
			if r.cloze {
				fallback = append(fallback, r)
			}
		}
		for i := range fields {
			if !shown[i] {
				fallback = append(fallback, fieldRef{field: i})
			}
		}
		arefs = fallback
	}
	for _, r := range arefs {
		switch {
		case r.cloze:
			backs = append(backs, PlainText(renderCloze(field(fields, r.field), 0)))
		case !shown[r.field]:
			backs = append(backs, PlainText(field(fields, r.field)))
		}
	}
	return joinParts(fronts), joinParts(backs)
}

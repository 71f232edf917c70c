package bleveindex

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// Query filters: field:value in the query text restricts the results.
// Values may be quoted (topic:"field safety"). Filters on the same field
// combine with OR, filters on different fields with AND. A name that is
// not a filter field (foo:bar) leaves the text as it is, to be searched as
// words.
const (
	maxFilters     = 16  // more are treated as words
	maxFilterValue = 100 // bytes of a filter value kept
)

// filterFields maps the names accepted in queries to index fields.
var filterFields = map[string]string{
	"kind":   fieldKind,
	"topic":  fieldTopic,
	"tag":    fieldTags,
	"lang":   fieldLanguage,
	"course": fieldPack,
}

// parseFilters takes the filters out of the query text. It returns the
// rest of the text, with each filter replaced by a space, and the filters
// in order, field names lower-cased. Repeated filters are kept once.
func parseFilters(q string) (rest string, filters []inflow.SearchFilter) {
	if !strings.Contains(q, ":") {
		return q, nil
	}
	var b strings.Builder
	b.Grow(len(q))
	i := 0
	for i < len(q) {
		// Copy up to the start of the next word.
		r, size := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) {
			b.WriteString(q[i : i+size])
			i += size
			continue
		}
		end := wordEnd(q, i)
		word := q[i:end]
		name, value, ok := strings.Cut(word, ":")
		field := strings.ToLower(name)
		if _, known := filterFields[field]; !ok || !known || len(filters) >= maxFilters {
			b.WriteString(word)
			i = end
			continue
		}
		// value is what follows the colon up to the next space, unless it
		// starts with a quote: then up to the closing quote.
		vstart := i + len(name) + 1
		if strings.HasPrefix(q[vstart:], `"`) {
			if close := strings.IndexByte(q[vstart+1:], '"'); close >= 0 {
				value = q[vstart+1 : vstart+1+close]
				end = vstart + 1 + close + 1
			} else {
				value = q[vstart+1 : end] // unbalanced: up to the space
			}
		}
		value = strings.Join(strings.Fields(value), " ")
		if len(value) > maxFilterValue {
			cut := maxFilterValue
			for cut > 0 && !utf8.RuneStart(value[cut]) {
				cut--
			}
			value = value[:cut]
		}
		if value == "" {
			// "kind:" alone: nothing to filter on; searched as a word.
			b.WriteString(q[i:end])
			i = end
			continue
		}
		f := inflow.SearchFilter{Field: field, Value: value}
		dup := false
		for _, g := range filters {
			if g.Field == f.Field && strings.EqualFold(g.Value, f.Value) {
				dup = true
			}
		}
		if !dup {
			filters = append(filters, f)
		}
		b.WriteByte(' ')
		i = end
	}
	return b.String(), filters
}

// wordEnd returns the end of the run of non-space runes starting at i.
func wordEnd(q string, i int) int {
	for i < len(q) {
		r, size := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) {
			return i
		}
		i += size
	}
	return i
}

// filterMatches reports whether an indexed keyword value satisfies a
// filter value: equal ignoring case and spacing, and for languages also a
// base language matching its regional variants (lang:pt finds pt-BR).
func filterMatches(field, value, term string) bool {
	if strings.EqualFold(titleKey(value), titleKey(term)) {
		return true
	}
	if field == fieldLanguage && !strings.ContainsAny(value, "-_") {
		base, _, _ := strings.Cut(strings.ReplaceAll(term, "_", "-"), "-")
		return strings.EqualFold(base, value)
	}
	return false
}

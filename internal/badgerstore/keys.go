package badgerstore

import "strings"

// Key layout. Every key starts with a one-letter family and a slash.
//
//	m/schema                      schema version (decimal)
//	m/gen                         item generation (decimal)
//	s/<key>                       setting, JSON
//	i/<itemID>                    item, JSON
//	p/<packID>                    PackInfo, JSON
//	q/<packID>\x00<itemID>        membership of an item in a pack (no value)
//	x/<lang>\x00<field>\x00<value>\x00<sortTitle>\x00<itemID>
//	                              browse index (no value); field is one of
//	                              all, kind, topic, tag
//	e/<eventID>                   event, JSON (UUIDv7 ids sort by time)
//	b/<itemID>                    bookmark state, JSON
//	v/<itemID>                    last view, JSON
//	lp/<courseID>\0<lessonID>    lesson progress (lessons.State), JSON
//	k/<courseID>                  an installed course (courses.Installed), JSON
//	sw/<settingKey>               the setting.changed event that set s/<settingKey>, JSON
const (
	keySchema = "m/schema"
	keyGen    = "m/gen"
	preSet    = "s/"
	preItem   = "i/"
	prePack   = "p/"
	preMember = "q/"
	preBrowse = "x/"
	preEvent  = "e/"
	preBook   = "b/"
	preView   = "v/"
	preSetBy  = "sw/"
	preCourse = "k/"
	preLesson = "lp/"
	sep       = "\x00"
)

// Browse index fields.
const (
	fieldAll   = "all"
	fieldKind  = "kind"
	fieldTopic = "topic"
	fieldTag   = "tag"
)

func itemKey(id string) []byte               { return []byte(preItem + id) }
func packKey(id string) []byte               { return []byte(prePack + id) }
func memberPrefix(pack string) []byte        { return []byte(preMember + pack + sep) }
func memberKey(pack, item string) []byte     { return []byte(preMember + pack + sep + item) }
func eventKey(id string) []byte              { return []byte(preEvent + id) }
func bookmarkKey(item string) []byte         { return []byte(preBook + item) }
func viewKey(item string) []byte             { return []byte(preView + item) }
func settingKey(k string) []byte             { return []byte(preSet + k) }
func settingByKey(k string) []byte           { return []byte(preSetBy + k) }
func courseKey(id string) []byte             { return []byte(preCourse + id) }
func lessonKey(course, lesson string) []byte { return []byte(preLesson + course + sep + lesson) }
func browsePrefix(lang, field, value string) []byte {
	return []byte(preBrowse + lang + sep + field + sep + value + sep)
}

// sortTitle folds a title for ordering listings; keys may not contain sep.
func sortTitle(title string) string {
	t := strings.ToLower(strings.TrimSpace(title))
	t = strings.ReplaceAll(t, sep, "")
	if len(t) > 64 {
		t = t[:64]
	}
	return t
}

// clean drops the separator from values that become parts of keys.
func clean(s string) string { return strings.ReplaceAll(s, sep, "") }

// browseKeys returns every browse-index key of an item.
func browseKeys(id, lang, kind, topic string, tags []string, title string) [][]byte {
	lang, st := clean(lang), sortTitle(title)
	k := func(field, value string) []byte {
		return []byte(preBrowse + lang + sep + field + sep + clean(value) + sep + st + sep + id)
	}
	keys := [][]byte{k(fieldAll, ""), k(fieldKind, kind)}
	if topic != "" {
		keys = append(keys, k(fieldTopic, topic))
	}
	seen := map[string]bool{}
	for _, t := range tags {
		if t != "" && !seen[t] {
			seen[t] = true
			keys = append(keys, k(fieldTag, t))
		}
	}
	return keys
}

// splitBrowseKey returns the language, field, value and item id of a
// browse-index key.
func splitBrowseKey(key []byte) (lang, field, value, id string, ok bool) {
	parts := strings.Split(strings.TrimPrefix(string(key), preBrowse), sep)
	if len(parts) != 5 {
		return "", "", "", "", false
	}
	return parts[0], parts[1], parts[2], parts[4], true
}

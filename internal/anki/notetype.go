package anki

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// noteType is what rendering needs from an Anki note type (a "model" in
// the legacy layout).
type noteType struct {
	cloze     bool
	fields    []string          // field names, by ord
	templates map[int]*template // card templates, by ord
}

// template is one card template: the question and answer formats, and the
// fields they reference, worked out once per template (see refs).
type template struct {
	qfmt, afmt   string
	parsed       bool
	qrefs, arefs []fieldRef
}

// refs returns the fields the template's question and answer reference.
func (t *template) refs(names []string) (q, a []fieldRef) {
	if !t.parsed {
		t.qrefs = templateRefs(t.qfmt, names)
		t.arefs = templateRefs(t.afmt, names)
		t.parsed = true
	}
	return t.qrefs, t.arefs
}

// Note type kinds (model "type" / Notetype.Config.kind).
const (
	kindStandard = 0
	kindCloze    = 1
)

// parseLegacyDecks reads col.decks: a JSON object mapping deck ids to deck
// objects whose "name" has parts separated by "::". Entries that do not
// parse are left out (their cards go to the Default deck).
func parseLegacyDecks(s string) (map[int64]string, error) {
	out := map[int64]string{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	for key, msg := range raw {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			continue
		}
		var d struct {
			Name string `json:"name"`
		}
		if json.Unmarshal(msg, &d) != nil {
			continue
		}
		out[id] = deckName(strings.Split(d.Name, "::"))
	}
	return out, nil
}

// parseLegacyModels reads col.models: a JSON object mapping note type ids
// to models with "type", "flds" and "tmpls". Models that do not parse are
// left out (their notes are rendered by field order).
func parseLegacyModels(s string) (map[int64]*noteType, error) {
	out := map[int64]*noteType{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	for key, msg := range raw {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			continue
		}
		var m struct {
			Type int `json:"type"`
			Flds []struct {
				Name string `json:"name"`
			} `json:"flds"`
			Tmpls []struct {
				Qfmt string `json:"qfmt"`
				Afmt string `json:"afmt"`
			} `json:"tmpls"`
		}
		if json.Unmarshal(msg, &m) != nil {
			continue
		}
		nt := &noteType{cloze: m.Type == kindCloze, templates: map[int]*template{}}
		// Anki keeps flds and tmpls in ord order and renumbers "ord" to the
		// position, so the position is the ord.
		for _, f := range m.Flds {
			nt.fields = append(nt.fields, f.Name)
		}
		for i, t := range m.Tmpls {
			nt.templates[i] = &template{qfmt: t.Qfmt, afmt: t.Afmt}
		}
		out[id] = nt
	}
	return out, nil
}

// tableNoteTypes reads note types from the notetypes, fields and templates
// tables (schema 15 and later). The kind comes from Notetype.Config and the
// formats from Template.Config, both protobuf messages. A missing fields or
// templates table leaves the note types without them.
func (r *reader) tableNoteTypes(tables map[string]bool) (map[int64]*noteType, error) {
	out := map[int64]*noteType{}
	rows, err := r.db.QueryContext(r.ctx, `SELECT CAST(ifnull(id, 0) AS INTEGER), CAST(ifnull(config, X'') AS BLOB) FROM notetypes`)
	if err != nil {
		return nil, r.damaged(err)
	}
	for rows.Next() {
		var id int64
		var config []byte
		if err := rows.Scan(&id, &config); err != nil {
			rows.Close()
			return nil, r.damaged(err)
		}
		kind, _ := protoVarint(config, 1)
		out[id] = &noteType{cloze: kind == kindCloze, templates: map[int]*template{}}
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, r.damaged(err)
	}

	if tables["fields"] {
		rows, err := r.db.QueryContext(r.ctx, `SELECT CAST(ifnull(ntid, 0) AS INTEGER), CAST(ifnull(ord, 0) AS INTEGER), CAST(ifnull(name, '') AS TEXT) FROM fields ORDER BY ntid, ord`)
		if err != nil {
			return nil, r.damaged(err)
		}
		for rows.Next() {
			var ntid, ord int64
			var name string
			if err := rows.Scan(&ntid, &ord, &name); err != nil {
				rows.Close()
				return nil, r.damaged(err)
			}
			// Ords run 0, 1, 2...; anything else is ignored rather than
			// letting a hostile ord allocate a huge slice.
			if nt := out[ntid]; nt != nil && ord == int64(len(nt.fields)) {
				nt.fields = append(nt.fields, name)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, r.damaged(err)
		}
	}

	if tables["templates"] {
		rows, err := r.db.QueryContext(r.ctx, `SELECT CAST(ifnull(ntid, 0) AS INTEGER), CAST(ifnull(ord, 0) AS INTEGER), CAST(ifnull(config, X'') AS BLOB) FROM templates`)
		if err != nil {
			return nil, r.damaged(err)
		}
		for rows.Next() {
			var ntid, ord int64
			var config []byte
			if err := rows.Scan(&ntid, &ord, &config); err != nil {
				rows.Close()
				return nil, r.damaged(err)
			}
			nt := out[ntid]
			if nt == nil || ord < 0 || ord > 1<<20 {
				continue
			}
			q, _ := protoString(config, 1)
			a, _ := protoString(config, 2)
			nt.templates[int(ord)] = &template{qfmt: q, afmt: a}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, r.damaged(err)
		}
	}
	return out, nil
}

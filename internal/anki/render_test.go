package anki

import (
	"bytes"
	"testing"
)

func TestTemplateRefs(t *testing.T) {
	names := []string{"Front", "Back", "Extra", "Add Reverse"}
	for _, tc := range []struct {
		tmpl string
		want []fieldRef
	}{
		{"{{Front}}", []fieldRef{{field: 0}}},
		{"{{FrontSide}}<hr id=answer>{{Back}}", []fieldRef{{field: 1}}},
		{"{{#Add Reverse}}{{Back}}{{/Add Reverse}}", []fieldRef{{field: 1}}},
		{"{{^Extra}}none{{/Extra}}{{ Extra }}", []fieldRef{{field: 2}}},
		{"{{Front}}\n{{type:Back}}", []fieldRef{{field: 0}, {field: 1, typeAnswer: true}}},
		{"{{cloze:Front}}{{hint:Extra}}{{tts en_US:Back}}", []fieldRef{{field: 0, cloze: true}, {field: 2}, {field: 1}}},
		{"{{back}} {{Back}} {{Tags}} {{Deck}} {{!comment}}", []fieldRef{{field: 1}}},
		{"{{Front", nil},
		{"", nil},
	} {
		got := templateRefs(tc.tmpl, names)
		if len(got) != len(tc.want) {
			t.Errorf("templateRefs(%q) = %+v, want %+v", tc.tmpl, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("templateRefs(%q) = %+v, want %+v", tc.tmpl, got, tc.want)
				break
			}
		}
	}
}

func TestRenderCard(t *testing.T) {
	basic := &noteType{fields: []string{"Front", "Back", "Notes"}, templates: map[int]*template{
		0: {qfmt: "{{Front}}", afmt: "{{FrontSide}}<hr>{{Back}}<br>{{Notes}}"},
		1: {qfmt: "{{Notes}}", afmt: "{{FrontSide}}"},
		2: {qfmt: "{{#Back}}{{Back}}{{/Back}}", afmt: "{{FrontSide}}"},
	}}
	cloze := &noteType{cloze: true, fields: []string{"Text", "Extra"}, templates: map[int]*template{
		0: {qfmt: "{{cloze:Text}}", afmt: "{{cloze:Text}}<br>{{Extra}}"},
	}}
	clozeNoTmpl := &noteType{cloze: true, fields: []string{"Text", "Extra"}, templates: map[int]*template{}}
	for _, tc := range []struct {
		name        string
		nt          *noteType
		fields      []string
		ord         int
		front, back string
	}{
		{"template", basic, []string{"<b>Q</b>", "A", "note"}, 0, "Q", "A\n\nnote"},
		{"empty parts skipped", basic, []string{"Q", "", "note"}, 0, "Q", "note"},
		{"afmt adds nothing: field order", basic, []string{"Q", "A", "N"}, 2, "A", "Q\n\nN"},
		{"question empty: field order", basic, []string{"Q", "A", ""}, 1, "Q", "A"},
		{"no such template", basic, []string{"Q", "A", "N"}, 7, "Q", "A\n\nN"},
		{"note shorter than type", basic, []string{"Q"}, 0, "Q", ""},
		{"unknown type", nil, []string{"", "x", "y", "z"}, 0, "x", "y\n\nz"},
		{"no fields", nil, nil, 0, "", ""},
		{"cloze 1", cloze, []string{"{{c1::a}} {{c2::b}}", "more"}, 0, "[...] b", "a b\n\nmore"},
		{"cloze 2", cloze, []string{"{{c1::a}} {{c2::b::hint}}", ""}, 1, "a [hint]", "a b"},
		{"cloze without template", clozeNoTmpl, []string{"{{c1::a}} b", "extra"}, 0, "[...] b", "a b\n\nextra"},
	} {
		f, b := renderCard(tc.nt, tc.fields, tc.ord)
		if f != tc.front || b != tc.back {
			t.Errorf("%s: got %q / %q, want %q / %q", tc.name, f, b, tc.front, tc.back)
		}
	}
}

func TestProto(t *testing.T) {
	msg := append(pbVarint(1, 1), pbBytes(3, "css")...)
	msg = append(msg, 0x09, 1, 2, 3, 4, 5, 6, 7, 8) // field 1, fixed64: skipped
	msg = append(msg, 0x15, 1, 2, 3, 4)             // field 2, fixed32: skipped
	msg = append(msg, pbBytes(2, "answer")...)
	if v, ok := protoVarint(msg, 1); !ok || v != 1 {
		t.Errorf("protoVarint = %d, %v", v, ok)
	}
	if s, ok := protoString(msg, 2); !ok || s != "answer" {
		t.Errorf("protoString(2) = %q, %v", s, ok)
	}
	if _, ok := protoString(msg, 1); ok {
		t.Error("a varint field read as a string")
	}
	if v, _ := protoVarint(append(pbVarint(1, 1), pbVarint(1, 300)...), 1); v != 300 {
		t.Errorf("last value should win, got %d", v)
	}
	for _, bad := range [][]byte{
		{0x0a, 0x05, 'a'},              // length past the end
		{0x08},                         // varint missing
		{0x0b, 0x00},                   // group wire type
		bytes.Repeat([]byte{0xff}, 11), // varint too long
		{0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, // huge length
	} {
		if protoFields(bad, func(protoField) {}) {
			t.Errorf("protoFields(%x) accepted malformed input", bad)
		}
	}
}

package notifier

import (
	"encoding/xml"
	"slices"
	"testing"
	"time"
)

// Toast XML is well formed whatever the text, and a click hands back the
// notification id and action key.
func TestToastXML(t *testing.T) {
	note := Notification{
		Title:   `Cards "due" <now> & ]]> later`,
		Body:    "Spanish & <b>verbs</b>",
		Actions: []Action{{Key: "review", Label: `Review <now> & "go"`}, {Key: "snooze", Label: "Snooze 1 h"}, {Key: DefaultActionKey, Label: "Open"}},
		Timeout: 30 * time.Second,
	}
	doc, err := toastXML("s1", `C:\Program Files\Inflow\icon.png`, "7", note)
	if err != nil {
		t.Fatal(err)
	}
	var got toastDoc
	if err := xml.Unmarshal([]byte(doc), &got); err != nil {
		t.Fatalf("toast XML does not parse: %v\n%s", err, doc)
	}
	if !slices.Equal(got.Binding.Text, []string{note.Title, note.Body}) {
		t.Errorf("texts %q, want title and body", got.Binding.Text)
	}
	if got.Binding.Image == nil || got.Binding.Image.Src != `C:\Program Files\Inflow\icon.png` {
		t.Errorf("image %+v", got.Binding.Image)
	}
	if got.Duration != "long" || got.ActivationType != "foreground" {
		t.Errorf("duration %q activation %q; want long, foreground", got.Duration, got.ActivationType)
	}
	if len(got.Actions) != 2 || got.Actions[0].Content != note.Actions[0].Label { // no button for the body click
		t.Fatalf("actions %+v", got.Actions)
	}
	for i, a := range got.Actions {
		id, key, ok := parseToastArgs(a.Arguments, "s1")
		if !ok || id != "7" || key != note.Actions[i].Key {
			t.Errorf("button %d hands back (%q, %q, %v), want (7, %q)", i, id, key, ok, note.Actions[i].Key)
		}
	}
	if id, key, ok := parseToastArgs(got.Launch, "s1"); !ok || id != "7" || key != DefaultActionKey {
		t.Errorf("body click hands back (%q, %q, %v), want (7, default)", id, key, ok)
	}
	if _, _, ok := parseToastArgs(got.Launch, "another run"); ok {
		t.Error("a toast from another run was accepted")
	}

	plain, err := toastXML("s1", "", "8", Notification{Title: "Done"})
	if err != nil {
		t.Fatal(err)
	}
	var p toastDoc
	if err := xml.Unmarshal([]byte(plain), &p); err != nil {
		t.Fatal(err)
	}
	if p.Duration != "" || len(p.Actions) != 0 || p.Binding.Image != nil {
		t.Errorf("plain toast has duration %q, %d actions, image %v", p.Duration, len(p.Actions), p.Binding.Image)
	}
}

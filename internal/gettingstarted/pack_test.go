package gettingstarted

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/inflow-learning/inflow/internal/importer"
	"github.com/inflow-learning/inflow/internal/inflow"
)

func TestPack(t *testing.T) {
	now := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	p, err := Pack(now)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != ID || p.Format != "builtin" || p.Title != "Getting started with Inflow" {
		t.Errorf("pack %q %q %q", p.ID, p.Format, p.Title)
	}
	if p.Source != (inflow.Source{Name: "Inflow", License: "CC-BY-4.0"}) {
		t.Errorf("source %+v", p.Source)
	}
	if n := len(p.Items); n < 6 || n > 8 {
		t.Errorf("%d items, want 6 to 8", n)
	}
	kinds := map[inflow.Kind]bool{}
	for _, it := range p.Items {
		if err := it.Validate(); err != nil {
			t.Errorf("%s: %v", it.ID, err)
		}
		if !strings.HasPrefix(it.ID, ID+"/") || it.Pack != ID || it.Language != "en" || it.Hash == "" {
			t.Errorf("%s: pack %q language %q hash %q", it.ID, it.Pack, it.Language, it.Hash)
		}
		if it.Summary == "" || len(it.KeyPoints) == 0 || len(it.Tags) == 0 || it.Topic == "" {
			t.Errorf("%s: every built-in item should have a summary, key points, tags and a topic", it.ID)
		}
		if !it.Updated.Equal(now) {
			t.Errorf("%s: updated %v", it.ID, it.Updated)
		}
		if it.Source.Name != "Inflow" || it.Source.License != "CC-BY-4.0" {
			t.Errorf("%s: source %+v", it.ID, it.Source)
		}
		kinds[it.Kind] = true
	}
	for _, k := range []inflow.Kind{inflow.KindArticle, inflow.KindHowTo, inflow.KindGuide, inflow.KindSnippet} {
		if !kinds[k] {
			t.Errorf("no %s item", k)
		}
	}
}

// TestPackStable checks that loading the pack at another time gives the
// same hashes, so the store sees nothing to update on the next start.
func TestPackStable(t *testing.T) {
	a, err := Pack(time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Pack(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Items {
		if a.Items[i].ID != b.Items[i].ID || a.Items[i].Hash != b.Items[i].Hash {
			t.Errorf("%s changed between loads", a.Items[i].ID)
		}
	}
}

// TestWritingExamples imports the examples that "Write your own items"
// shows, so the built-in help cannot teach a format the importer rejects.
func TestWritingExamples(t *testing.T) {
	data, err := content.ReadFile("content/writing.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string]string{}
	var lang, text string
	in := false
	for line := range strings.Lines(string(data)) {
		switch {
		case !in && strings.HasPrefix(line, "```"):
			in, lang, text = true, strings.TrimSpace(line[3:]), ""
		case in && strings.TrimSpace(line) == "```":
			in = false
			blocks[lang] = text
		case in:
			text += line
		}
	}
	if blocks["markdown"] == "" || blocks["yaml"] == "" {
		t.Fatalf("examples not found: %q", blocks)
	}
	fsys := fstest.MapFS{
		"pack.yaml":         {Data: []byte(blocks["yaml"])},
		"networking/vpn.md": {Data: []byte(blocks["markdown"])},
	}
	packs, err := importer.LoadFS(context.Background(), fsys, "example", importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	it := packs[0].Items[0]
	if packs[0].ID != "acme.field-guides" || it.ID != "acme.field-guides/networking/vpn" || it.Kind != inflow.KindHowTo || it.Topic != "networking" {
		t.Errorf("pack %q item %+v", packs[0].ID, it)
	}
}

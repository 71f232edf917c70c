package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// How the 100k corpus is made (synthesize): the real pages, all of them,
// plus variants until the target count. Each variant is built from real
// material of one language, chosen with a fixed seed:
//
//   - a base page A, drawn uniformly from all pages, gives the language,
//     kind, topic, tags, source and the number of examples, so variants
//     follow the corpus's mix of languages and page lengths;
//   - the title is A's title followed by the last word of another page B's
//     title ("git commit" + "rsync" → "git commit rsync"): a new title made
//     of real command words;
//   - the summary is one sentence of B's summary, and half the time one
//     sentence of a third page's;
//   - the body is a tldr page in the usual Markdown shape ("# title",
//     "> summary", "- description:" and "`command`" pairs) whose examples,
//     as many as A has, are real examples (description and command
//     together) drawn from any page of the language; the key points are
//     their descriptions, as the importer makes them.
//
// So every sentence and command is real text of the corpus in its own
// language, recombined under new titles; word frequencies, document
// lengths and languages stay those of tldr-pages.

// example is one "- description:" / "`command`" pair of a tldr page.
type example struct{ desc, code string }

// langPool is the material of one language.
type langPool struct {
	pages     []*inflow.Item
	sentences [][]string // per page with a summary: its sentences
	examples  []example
}

// examplesOf parses the examples of a tldr page body.
func examplesOf(body string) []example {
	var out []example
	desc := ""
	for line := range strings.SplitSeq(body, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "- "):
			desc = strings.TrimSuffix(strings.TrimSpace(line[2:]), ":")
		case strings.HasPrefix(line, "`") && desc != "":
			out = append(out, example{desc, line})
			desc = ""
		}
	}
	return out
}

// sentencesOf splits a summary after ". ", keeping the periods.
func sentencesOf(s string) []string {
	var out []string
	for {
		i := strings.Index(s, ". ")
		if i < 0 {
			break
		}
		if t := strings.TrimSpace(s[:i+1]); t != "" {
			out = append(out, t)
		}
		s = s[i+2:]
	}
	if t := strings.TrimSpace(s); t != "" {
		out = append(out, t)
	}
	return out
}

// synthesize returns pages (in order) followed by variants up to n items;
// pages must be sorted (loadPages sorts them). The result depends only on
// pages, n and seed.
func synthesize(pages []*inflow.Item, n int, seed uint64) []*inflow.Item {
	if len(pages) >= n || len(pages) == 0 {
		return pages[:min(n, len(pages))]
	}
	pools := map[string]*langPool{}
	for _, p := range pages {
		pl := pools[p.Language]
		if pl == nil {
			pl = &langPool{}
			pools[p.Language] = pl
		}
		pl.pages = append(pl.pages, p)
		if s := sentencesOf(p.Summary); len(s) > 0 {
			pl.sentences = append(pl.sentences, s)
		}
		pl.examples = append(pl.examples, examplesOf(p.Body)...)
	}
	rng := rand.New(rand.NewPCG(seed, 0x100c0))
	updated := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*inflow.Item, len(pages), n)
	copy(out, pages)
	for i := 0; len(out) < n; i++ {
		a := pages[rng.IntN(len(pages))]
		pl := pools[a.Language]
		b := pl.pages[rng.IntN(len(pl.pages))]
		title := a.Title
		if bw := strings.Fields(b.Title); len(bw) > 0 && !strings.EqualFold(bw[len(bw)-1], title) {
			title += " " + bw[len(bw)-1]
		}
		if len(title) > inflow.MaxTitleLen {
			title = a.Title
		}
		var summary []string
		if len(pl.sentences) > 0 {
			s := pl.sentences[rng.IntN(len(pl.sentences))]
			summary = append(summary, s[rng.IntN(len(s))])
			if rng.IntN(2) == 0 {
				s := pl.sentences[rng.IntN(len(pl.sentences))]
				summary = append(summary, s[rng.IntN(len(s))])
			}
		}
		k := len(examplesOf(a.Body))
		if k == 0 {
			k = 1 + rng.IntN(8)
		}
		var body strings.Builder
		body.WriteString("# " + title + "\n\n")
		for _, s := range summary {
			body.WriteString("> " + s + "\n")
		}
		var keyPoints []string
		for range k {
			if len(pl.examples) == 0 {
				break
			}
			ex := pl.examples[rng.IntN(len(pl.examples))]
			body.WriteString("\n- " + ex.desc + ":\n\n" + ex.code + "\n")
			if len(keyPoints) < inflow.MaxKeyPoint {
				keyPoints = append(keyPoints, ex.desc)
			}
		}
		out = append(out, &inflow.Item{
			ID:        fmt.Sprintf("synth/%s/%06d", a.Language, i),
			Pack:      "bench-synth." + a.Language,
			Kind:      a.Kind,
			Title:     title,
			Summary:   strings.Join(summary, " "),
			Body:      body.String(),
			Topic:     a.Topic,
			Tags:      a.Tags,
			Language:  a.Language,
			KeyPoints: keyPoints,
			Source:    a.Source,
			Version:   1,
			Updated:   updated,
		})
	}
	return out
}

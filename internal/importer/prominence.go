package importer

import (
	"math"
	"strings"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// setProminence sets each tldr page's Prominence from how many other pages
// of the same language mention its command in inline code (`tar`, `tar
// -xf ...`): a page that many others send people to (tar, ls, git) is a
// better answer to a vague query than a niche tool with similar words.
// The count is log-scaled against the most referenced page of the pack, and
// the content hash is recomputed to include it.
func setProminence(items []*inflow.Item) {
	byName := make(map[string]int, len(items))
	for i, it := range items {
		byName[strings.ToLower(it.Title)] = i
	}
	refs := make([]int, len(items))
	seen := make(map[int]bool)
	for i, it := range items {
		clear(seen)
		forEachCodeSpan(it.Body, func(code string) {
			words := strings.Fields(strings.ToLower(code))
			for n := min(2, len(words)); n >= 1; n-- {
				j, ok := byName[strings.Join(words[:n], " ")]
				if !ok {
					continue
				}
				// The longest name wins: `git commit` on the git-commit
				// page is itself, not a mention of git.
				if j != i && !seen[j] {
					seen[j] = true
					refs[j]++
				}
				return
			}
		})
	}
	top := 0
	for _, r := range refs {
		top = max(top, r)
	}
	for i, it := range items {
		if refs[i] > 0 {
			p := math.Log1p(float64(refs[i])) / math.Log1p(float64(top))
			it.Prominence = math.Round(p*1e4) / 1e4
		} else {
			it.Prominence = 0
		}
		it.Hash = contentHash(it)
	}
}

// forEachCodeSpan calls fn with the text of each `inline code` span of
// Markdown (single backticks on one line).
func forEachCodeSpan(md string, fn func(string)) {
	for {
		i := strings.IndexByte(md, '`')
		if i < 0 {
			return
		}
		md = md[i+1:]
		j := strings.IndexAny(md, "`\n")
		if j < 0 {
			return
		}
		if md[j] == '`' && j > 0 {
			fn(md[:j])
			md = md[j+1:]
		} else {
			md = md[j:]
		}
	}
}

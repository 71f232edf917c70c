package tray

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// render writes a menu the way the tests compare it: one string per entry,
// "---" for the separator, with (disabled) and (hidden) marks.
func render(items []Item) []string {
	var out []string
	for _, it := range items {
		s := it.Label
		if it.Separator {
			s = "---"
		} else if !it.Enabled {
			s += " (disabled)"
		}
		if !it.Visible {
			s += " (hidden)"
		}
		out = append(out, s)
	}
	return out
}

func TestItems(t *testing.T) {
	for _, c := range []struct {
		state MenuState
		want  []string
	}{
		{MenuState{}, []string{
			"Quick search…", "No reviews due (disabled)", "Continue (hidden)",
			"Sync (disabled) (hidden)", "---", "Open Inflow", "Quit",
		}},
		{MenuState{Due: 5, Continue: "Forklift safety", Sync: "offline"}, []string{
			"Quick search…", "Review now (5 due)", "Continue “Forklift safety”",
			"Sync: offline (disabled)", "---", "Open Inflow", "Quit",
		}},
		{MenuState{Due: 1, Continue: "  Git \n basics ", Sync: "up to date"}, []string{
			"Quick search…", "Review now (1 due)", "Continue “Git basics”",
			"Sync: up to date (disabled)", "---", "Open Inflow", "Quit",
		}},
		{MenuState{Due: -3, Continue: " \t\n", Sync: " "}, []string{
			"Quick search…", "No reviews due (disabled)", "Continue (hidden)",
			"Sync (disabled) (hidden)", "---", "Open Inflow", "Quit",
		}},
		{MenuState{Due: 12345}, []string{
			"Quick search…", "Review now (12345 due)", "Continue (hidden)",
			"Sync (disabled) (hidden)", "---", "Open Inflow", "Quit",
		}},
	} {
		if got := render(c.state.Items()); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v:\n got %q\nwant %q", c.state, got, c.want)
		}
	}
}

func TestItemsOrderMatchesEntries(t *testing.T) {
	items := MenuState{Due: 2, Continue: "x", Sync: "y"}.Items()
	if len(items) != int(numEntries) {
		t.Fatalf("%d items, want %d", len(items), numEntries)
	}
	for i, it := range items {
		if it.Entry != Entry(i) {
			t.Errorf("item %d is %v", i, it.Entry)
		}
		if it.Separator != (it.Entry == EntrySeparator) {
			t.Errorf("%v: separator %v", it.Entry, it.Separator)
		}
	}
	if EntryQuit.String() != "quit" || Entry(99).String() != "entry(99)" {
		t.Errorf("names: %v %v", EntryQuit, Entry(99))
	}
}

func TestLongTitlesAreShortened(t *testing.T) {
	long := strings.Repeat("Ünïcödé ", 20)
	label := MenuState{Continue: long}.Items()[EntryContinue].Label
	title := strings.TrimSuffix(strings.TrimPrefix(label, "Continue “"), "”")
	if n := utf8.RuneCountInString(title); n > maxText || !strings.HasSuffix(title, "…") {
		t.Errorf("title %q: %d characters", title, n)
	}
	if !strings.HasPrefix(title, "Ünïcödé Ünïcödé") || strings.Contains(title, " …") {
		t.Errorf("title %q", title)
	}
	exact := strings.Repeat("a", maxText)
	if got := clean(exact); got != exact {
		t.Errorf("a title of exactly %d characters was changed to %q", maxText, got)
	}
}

func TestDecorate(t *testing.T) {
	for _, c := range [][3]string{
		{"Inflow", "", "Inflow"},
		{"", "12 reviews due", "12 reviews due"},
		{"Inflow", "12 reviews due", "Inflow — 12 reviews due"},
		{"", "", ""},
	} {
		if got := decorate(c[0], c[1]); got != c[2] {
			t.Errorf("decorate(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
	if got := truncate("abcdef", 4); got != "abc…" {
		t.Errorf("truncate = %q", got)
	}
	if got := truncate("abc", 4); got != "abc" {
		t.Errorf("truncate = %q", got)
	}
}

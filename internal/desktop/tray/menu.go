package tray

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Entry names one line of the tray menu; the constants are in menu order, and
// MenuState.Items()[e].Entry == e.
type Entry int

// The menu, top to bottom.
const (
	EntryQuickSearch Entry = iota // "Quick search…"
	EntryReviewNow                // "Review now (N due)" or, disabled, "No reviews due"
	EntryContinue                 // "Continue “<title>”", hidden without a course
	EntrySync                     // "Sync: <status>", disabled, hidden without a status
	EntrySeparator
	EntryOpen // "Open Inflow"
	EntryQuit // "Quit"
	numEntries
)

var entryNames = [numEntries]string{"quick-search", "review-now", "continue", "sync", "separator", "open", "quit"}

func (e Entry) String() string {
	if e >= 0 && e < numEntries {
		return entryNames[e]
	}
	return "entry(" + strconv.Itoa(int(e)) + ")"
}

// MenuState is what the menu shows that changes while the app runs.
type MenuState struct {
	Due      int    // reviews due now; 0 or less shows "No reviews due"
	Continue string // title of the course to continue; "" hides the entry
	Sync     string // sync status; "" hides the status line
}

// Item is how one entry of the menu looks. Label is the text the person reads;
// each platform escapes its own mnemonic characters when showing it.
type Item struct {
	Entry     Entry
	Label     string
	Enabled   bool
	Visible   bool
	Separator bool
}

// maxText is the longest course title or sync status shown, in characters;
// longer ones end in an ellipsis so the menu stays narrow.
const maxText = 48

// Items describes every entry of the menu, in order, including hidden ones
// and the separator.
func (s MenuState) Items() []Item {
	review := Item{Entry: EntryReviewNow, Label: "No reviews due", Visible: true}
	if s.Due > 0 {
		review.Label = "Review now (" + strconv.Itoa(s.Due) + " due)"
		review.Enabled = true
	}
	cont := Item{Entry: EntryContinue, Label: "Continue", Enabled: true}
	if title := clean(s.Continue); title != "" {
		cont.Label = "Continue “" + title + "”"
		cont.Visible = true
	}
	sync := Item{Entry: EntrySync, Label: "Sync"}
	if status := clean(s.Sync); status != "" {
		sync.Label = "Sync: " + status
		sync.Visible = true
	}
	return []Item{
		{Entry: EntryQuickSearch, Label: "Quick search…", Enabled: true, Visible: true},
		review,
		cont,
		sync,
		{Entry: EntrySeparator, Visible: true, Separator: true},
		{Entry: EntryOpen, Label: "Open Inflow", Enabled: true, Visible: true},
		{Entry: EntryQuit, Label: "Quit", Enabled: true, Visible: true},
	}
}

// clean puts text on one line (menus show no line breaks) and shortens it to
// maxText characters.
func clean(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxText {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:maxText-1]), " ") + "…"
}

// decorate adds the badge to a title or tooltip: "Inflow — 12 reviews due".
func decorate(base, badge string) string {
	switch {
	case badge == "":
		return base
	case base == "":
		return badge
	}
	return base + " — " + badge
}

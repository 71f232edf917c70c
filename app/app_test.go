package app

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/inflow-learning/inflow/internal/importer"
	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/profile"
	"github.com/inflow-learning/inflow/internal/review"
)

// fakeShell records emitted events and answers dialogs.
type fakeShell struct {
	mu     sync.Mutex
	events []string
	files  []string
}

func (f *fakeShell) Emit(event string, data any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, event)
}
func (f *fakeShell) ChooseFiles(string) ([]string, error) { return f.files, nil }
func (f *fakeShell) Show()                                { f.Emit("shell:show", nil) }
func (f *fakeShell) Hide()                                { f.Emit("shell:hide", nil) }
func (f *fakeShell) SetQuick(on bool) {
	f.Emit(map[bool]string{true: "shell:quick", false: "shell:full"}[on], nil)
}
func (f *fakeShell) Quit()                               { f.Emit("shell:quit", nil) }
func (f *fakeShell) ChooseFolder(string) (string, error) { return "", nil }

func (f *fakeShell) count(event string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, e := range f.events {
		if e == event {
			n++
		}
	}
	return n
}

func newServices(t *testing.T) (*Core, *fakeShell) {
	t.Helper()
	shell := &fakeShell{}
	core := NewCore(shell, func(ctx context.Context, path string, progress func(int, int, string)) ([]*inflow.Pack, error) {
		return importer.Load(ctx, path, importer.Options{Progress: progress, Now: time.Now})
	}, "test")
	p, err := profile.Open(t.Context(), t.TempDir(), profile.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	core.SetLibrary(p.Library, p.Dir)
	core.SetReviews(p.Reviews)
	return core, shell
}

func TestServicesBeforeReady(t *testing.T) {
	core := NewCore(nil, nil, "test")
	_, err := NewLibraryService(core).Overview("")
	if err == nil || !strings.HasPrefix(err.Error(), "conflict: ") {
		t.Fatalf("err = %v, want a conflict while opening", err)
	}
	if info := NewSystemService(core).Info(); info.Ready {
		t.Fatal("ready before the library is set")
	}
}

func TestImportOpenBookmark(t *testing.T) {
	core, shell := newServices(t)
	imp, lib := NewImportService(core), NewLibraryService(core)
	rep, err := imp.Import([]string{"../internal/cli/testdata/pack", "/nonexistent/pack"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Packs) != 1 || rep.Packs[0].Added != 2 || len(rep.Failed) != 1 {
		t.Fatalf("report = %+v", rep)
	}
	if shell.count(EventImportProgress) == 0 || shell.count(EventLibraryChanged) != 1 {
		t.Fatalf("events = %v", shell.events)
	}
	v, err := lib.Open("field/lockout")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(v.HTML, "<strong>isolate</strong>") || v.Bookmarked || len(v.KeyPoints) != 2 {
		t.Fatalf("view = %+v", v)
	}
	if err := lib.SetBookmark("field/lockout", true); err != nil {
		t.Fatal(err)
	}
	ov, err := lib.Overview("")
	if err != nil {
		t.Fatal(err)
	}
	if ov.Language != "en" || len(ov.Bookmarks) != 1 || len(ov.Recent) != 1 || ov.Recent[0].ID != "field/lockout" {
		t.Fatalf("overview = %+v", ov)
	}
	if _, err := lib.Open("nope"); err == nil || !strings.HasPrefix(err.Error(), "not_found: ") {
		t.Fatalf("open missing: %v", err)
	}
	res, err := NewSearchService(core).Search(inflow.SearchRequest{Query: "lock panel", Language: "en", Limit: 5})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %+v %v", res, err)
	}
}

func TestOneImportAtATime(t *testing.T) {
	core, _ := newServices(t)
	imp := NewImportService(core)
	imp.busy.Lock()
	defer imp.busy.Unlock()
	if _, err := imp.Import([]string{"x"}); err == nil || !strings.HasPrefix(err.Error(), "conflict: ") {
		t.Fatalf("err = %v", err)
	}
	if _, err := imp.Import(nil); err == nil {
		t.Fatal("empty import accepted")
	}
}

func TestReviewSession(t *testing.T) {
	core, shell := newServices(t)
	rs := NewReviewService(core)
	cards, err := rs.CardsFromItem("inflow.getting-started/bookmarks")
	if err != nil || len(cards) != 1 {
		t.Fatalf("remember: %v %v", cards, err)
	}
	if again, _ := rs.CardsForItem("inflow.getting-started/bookmarks"); len(again) != 1 {
		t.Errorf("cards for item: %v", again)
	}
	if _, err := rs.CardsFromItem("no/such/item"); err == nil || !strings.HasPrefix(err.Error(), "not_found: ") {
		t.Errorf("missing item: %v", err)
	}
	own, err := rs.CreateCard(CardInput{Deck: "Mine", Prompt: "2+2?", Answer: "4", SourceItemID: "inflow.getting-started/search"})
	if err != nil || own.Source.Kind != "item" || own.Source.Title == "" {
		t.Fatalf("card from a selection: %+v %v", own, err)
	}
	home, err := rs.Home()
	if err != nil || home.NewAvailable != 2 || home.TotalCards != 2 {
		t.Fatalf("home: %+v %v", home, err)
	}
	p, err := rs.Next("")
	if err != nil || p == nil || p.Intervals.Good != "10m" {
		t.Fatalf("next: %+v %v", p, err)
	}
	if _, err := rs.Answer(p.Card.ID, "excellent", 1000); err == nil || !strings.HasPrefix(err.Error(), "invalid: ") {
		t.Errorf("bad rating: %v", err)
	}
	res, err := rs.Answer(p.Card.ID, "good", 3000)
	if err != nil || res.Card.State != "learning" {
		t.Fatalf("answer: %+v %v", res, err)
	}
	if c, err := rs.Undo(res.EventID); err != nil || c.State != "new" {
		t.Errorf("undo: %+v %v", c, err)
	}
	if shell.count(EventReviewChanged) < 4 {
		t.Errorf("review:changed sent %d times", shell.count(EventReviewChanged))
	}
	st, _ := rs.Settings()
	st.WeeklyGoalMinutes = 30
	if saved, err := rs.SaveSettings(*st); err != nil || saved.WeeklyGoalMinutes != 30 {
		t.Errorf("save settings: %+v %v", saved, err)
	}
	if err := rs.SetDeckRetention("Mine", 1.5); err == nil {
		t.Error("retention 1.5 accepted")
	}
	list, err := rs.Cards(review.Query{Deck: "Mine"})
	if err != nil || list.Total != 1 {
		t.Errorf("cards: %+v %v", list, err)
	}
	if err := rs.DeleteCard(own.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.UpdateCard(own.ID, CardInput{Prompt: "x", Answer: "y"}); err == nil {
		t.Error("edited a deleted card")
	}
}

func TestLaunchesWaitForThePage(t *testing.T) {
	core, shell := newServices(t)
	ws := NewWindowService(core)
	core.launch(Launch{Search: true, Query: "tar"})
	if shell.count(EventQuickShow) != 0 || shell.count("shell:quick") != 1 {
		t.Fatalf("before the page listens: %v", shell.events)
	}
	if p := ws.Pending(); p == nil || !p.Search || p.Query != "tar" {
		t.Fatalf("pending: %+v", p)
	}
	if p := ws.Pending(); p != nil {
		t.Errorf("pending twice: %+v", p)
	}
	core.launch(Launch{Review: true})
	if shell.count(EventReviewStart) != 1 || shell.count(EventQuickHide) != 1 || shell.count("shell:full") != 1 {
		t.Errorf("review after quick: %v", shell.events)
	}
	core.launch(Launch{Search: true})
	core.launch(Launch{}) // Open from the tray leaves quick mode
	if shell.count(EventQuickHide) != 2 || shell.count(EventQuickShow) != 1 {
		t.Errorf("open: %v", shell.events)
	}
	ws.LeaveQuick(false)
	if shell.count("shell:hide") != 1 {
		t.Errorf("leave quick hidden: %v", shell.events)
	}
}

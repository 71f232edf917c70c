package inflow

import (
	"testing"
	"time"
)

func TestHLCSource(t *testing.T) {
	wall := time.UnixMilli(1000)
	s := NewHLCSource(ClockFunc(func() time.Time { return wall }), HLC{})
	steps := []struct {
		name    string
		wallMs  int64
		observe *HLC
		want    HLC
	}{
		{"first stamp takes the wall clock", 1000, nil, HLC{1000, 0}},
		{"same millisecond counts up", 1000, nil, HLC{1000, 1}},
		{"clock moves on, counter resets", 1005, nil, HLC{1005, 0}},
		{"clock goes backwards: stays ahead", 900, nil, HLC{1005, 1}},
		{"remote stamp ahead is folded in", 1006, &HLC{5000, 3}, HLC{5000, 4}},
		{"remote stamp behind is ignored", 1007, &HLC{10, 0}, HLC{5000, 5}},
		{"wall clock passes remote", 6000, nil, HLC{6000, 0}},
	}
	for _, st := range steps {
		wall = time.UnixMilli(st.wallMs)
		if st.observe != nil {
			s.Observe(*st.observe)
		}
		if got := s.Now(); got != st.want {
			t.Fatalf("%s: got %+v, want %+v", st.name, got, st.want)
		}
	}
}

func TestHLCStringOrderMatchesCompare(t *testing.T) {
	stamps := []HLC{{0, 0}, {1, 0}, {1, 9}, {1, 10}, {999, 0}, {1000, 0}, {1 << 40, 1 << 20}}
	for i := range stamps {
		for j := range stamps {
			c := stamps[i].Compare(stamps[j])
			s := 0
			if a, b := stamps[i].String(), stamps[j].String(); a < b {
				s = -1
			} else if a > b {
				s = 1
			}
			if c != s {
				t.Fatalf("%v vs %v: Compare %d, string order %d", stamps[i], stamps[j], c, s)
			}
		}
	}
}

func TestEventSupersedes(t *testing.T) {
	a := &Event{ID: "1", Device: "a", HLC: HLC{10, 0}}
	b := &Event{ID: "2", Device: "b", HLC: HLC{10, 0}}
	c := &Event{ID: "3", Device: "a", HLC: HLC{11, 0}}
	if !c.Supersedes(a) || a.Supersedes(c) {
		t.Fatal("later HLC must win")
	}
	if !b.Supersedes(a) || a.Supersedes(b) {
		t.Fatal("equal HLC: higher device id must win, on both sides")
	}
}

func TestErrorCodes(t *testing.T) {
	err := Errorf(ENOTFOUND, "item %s missing", "x")
	wrapped := fmtErr(err)
	if ErrorCode(wrapped) != ENOTFOUND || ErrorMessage(wrapped) != "item x missing" {
		t.Fatalf("code %q message %q", ErrorCode(wrapped), ErrorMessage(wrapped))
	}
	if ErrorCode(nil) != "" || ErrorCode(errPlain) != EINTERNAL || ErrorMessage(errPlain) != "internal error" {
		t.Fatal("non-domain errors must be internal and not leak details")
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"tldr/en/common/tar": true, "a.b_c-d:e+f": true, "": false, "a b": false,
		"../etc": false, "a/../b": false, "é": false, "a\x00b": false,
	} {
		if ValidID(id) != want {
			t.Errorf("ValidID(%q) = %v, want %v", id, !want, want)
		}
	}
}

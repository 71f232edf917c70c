package library_test

import (
	"context"
	"testing"

	"github.com/inflow-learning/inflow/internal/inflow"
)

func TestSyncedSettingsRecordEventsForSyncedKeysOnly(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	st := f.lib.SyncedSettings("review.settings")
	type val struct{ Retention float64 }
	if err := st.SetSetting(ctx, "review.settings", val{0.85}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(ctx, "remind.state", val{1}); err != nil {
		t.Fatal(err)
	}
	var got val
	if ok, err := st.Setting(ctx, "review.settings", &got); err != nil || !ok || got.Retention != 0.85 {
		t.Fatalf("synced setting = %+v ok=%v err=%v", got, ok, err)
	}
	if ok, err := st.Setting(ctx, "remind.state", &got); err != nil || !ok || got.Retention != 1 {
		t.Fatalf("local setting = %+v ok=%v err=%v", got, ok, err)
	}
	evs, err := f.store.Events(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Type != inflow.EventSettingChanged || evs[0].Subject != "review.settings" || evs[0].Device != "dev-1" {
		t.Fatalf("events = %+v; want one setting.changed for review.settings", evs)
	}
	// A later write from another device, pulled by sync, wins over ours.
	later := &inflow.Event{ID: "0190a000-0000-7000-8000-00000000000f", Type: inflow.EventSettingChanged,
		Subject: "review.settings", Device: "dev-2", HLC: inflow.HLC{Wall: evs[0].HLC.Wall + 1}, Data: []byte(`{"Retention":0.95}`)}
	if _, err := f.lib.RecordMany(ctx, []*inflow.Event{later}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Setting(ctx, "review.settings", &got); err != nil || got.Retention != 0.95 {
		t.Fatalf("after pull: %+v, %v; want the later write", got, err)
	}
	// Our next write is stamped after what we pulled, so it wins again.
	if err := st.SetSetting(ctx, "review.settings", val{0.9}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Setting(ctx, "review.settings", &got); err != nil || got.Retention != 0.9 {
		t.Fatalf("after a new local write: %+v, %v", got, err)
	}
}

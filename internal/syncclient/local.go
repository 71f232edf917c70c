package syncclient

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/secret"
)

// LocalStore is what sync needs of the local profile. inflow.LibraryStore
// implements it; see Local for the one change the app makes.
type LocalStore interface {
	// Events lists the local log after an id ("" for the start), in id order.
	Events(ctx context.Context, after string, limit int) ([]*inflow.Event, error)
	// RecordMany applies pulled events, ignoring those already recorded,
	// and returns how many were new.
	RecordMany(ctx context.Context, evs []*inflow.Event) (int, error)
	// Setting reads a setting (JSON) into v; ok is false if unset.
	Setting(ctx context.Context, key string, v any) (ok bool, err error)
	// SetSetting stores a setting as JSON.
	SetSetting(ctx context.Context, key string, v any) error
}

// RecordFunc records a batch of events, as LocalStore.RecordMany.
type RecordFunc func(ctx context.Context, evs []*inflow.Event) (int, error)

// Local is a LocalStore reading the log and settings from store and
// recording pulled events through record. Pass (*profile.Profile).
// RecordPulled, or at least the library's RecordMany: the store alone
// raises only the saved clock, while the library also makes its running
// clock observe the pulled stamps, so the next local event sorts after
// them (and the profile reschedules after a pulled settings change).
func Local(store LocalStore, record RecordFunc) LocalStore {
	return local{LocalStore: store, record: record}
}

type local struct {
	LocalStore
	record RecordFunc
}

// JSONLister is what a LocalStore may also offer: the log as stored JSON,
// so pushes and checks skip decoding and encoding every event
// (badgerstore.Store has it).
type JSONLister interface {
	EventsJSON(ctx context.Context, after string, limit int) ([]inflow.RawEvent, error)
}

// EventsJSON forwards to the wrapped store's raw listing, if it has one.
func (l local) EventsJSON(ctx context.Context, after string, limit int) ([]inflow.RawEvent, error) {
	return rawEvents(ctx, l.LocalStore, after, limit)
}

// rawEvents lists the log as stored JSON, from a JSONLister or else by
// encoding the decoded events.
func rawEvents(ctx context.Context, st LocalStore, after string, limit int) ([]inflow.RawEvent, error) {
	if jl, ok := st.(JSONLister); ok {
		return jl.EventsJSON(ctx, after, limit)
	}
	evs, err := st.Events(ctx, after, limit)
	if err != nil {
		return nil, err
	}
	out := make([]inflow.RawEvent, len(evs))
	for i, ev := range evs {
		b, _ := json.Marshal(ev) // nil when it cannot be encoded: encode rejects it
		out[i] = inflow.RawEvent{ID: ev.ID, Device: ev.Device, JSON: b}
	}
	return out, nil
}

func (l local) RecordMany(ctx context.Context, evs []*inflow.Event) (int, error) {
	return l.record(ctx, evs)
}

// TokenKey is the secret.Store key of this profile's device token.
const TokenKey = "sync.token"

// TokenFrom reads the device token from a secret store for Config.Token;
// no token reads as "" (signed out).
func TokenFrom(s secret.Store) func() (string, error) {
	return func() (string, error) {
		t, err := s.Get(TokenKey)
		if errors.Is(err, secret.ErrNotFound) {
			return "", nil
		}
		return t, err
	}
}

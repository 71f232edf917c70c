package library

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// IDSource makes event ids (UUIDv7 in production).
type IDSource interface{ NewID() string }

// Library is the local library of one profile.
type Library struct {
	store  inflow.LibraryStore
	index  inflow.SearchIndex
	clock  inflow.Clock
	hlc    *inflow.HLCSource
	ids    IDSource
	device string
	log    *slog.Logger

	// indexMu serialises index writes with the generation stamp that
	// follows them, so a crash between the two only leaves the index
	// marked outdated, never marked current while missing changes.
	indexMu sync.Mutex

	watchMu  sync.Mutex // guards watchers
	watchSeq int
	watchers map[int]Watcher
}

// Config holds what a Library is built from.
type Config struct {
	Store  inflow.LibraryStore
	Index  inflow.SearchIndex
	Clock  inflow.Clock
	IDs    IDSource
	Device string // this device's id, stamped on every event
	Logger *slog.Logger
}

// hlcSettingKey is where the store keeps the latest HLC of any event it
// recorded (see inflow.HLCSettingKey).
const hlcSettingKey = inflow.HLCSettingKey

// New returns a Library over an open store and index.
func New(ctx context.Context, c Config) (*Library, error) {
	if c.Clock == nil {
		c.Clock = inflow.SystemClock{}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	var last inflow.HLC
	if _, err := c.Store.Setting(ctx, hlcSettingKey, &last); err != nil {
		return nil, fmt.Errorf("read clock: %w", err)
	}
	return &Library{
		store: c.Store, index: c.Index, clock: c.Clock, ids: c.IDs,
		device: c.Device, log: c.Logger,
		hlc: inflow.NewHLCSource(c.Clock, last),
	}, nil
}

// Store returns the underlying store, for read-only views such as status.
func (l *Library) Store() inflow.LibraryStore { return l.store }

// Device returns this profile's device id.
func (l *Library) Device() string { return l.device }

// record stamps and stores an event of the given type about subject.
func (l *Library) record(ctx context.Context, typ inflow.EventType, subject string, data any) error {
	ev := &inflow.Event{Type: typ, Subject: subject}
	if data != nil {
		b, err := json.Marshal(data)
		if err != nil {
			return fmt.Errorf("encode event: %w", err)
		}
		ev.Data = b
	}
	return l.RecordEvent(ctx, ev)
}

// RecordEvent stores an event made on this device, filling in what is
// empty: a new UUIDv7 id, this device, the time now and a fresh HLC stamp.
// An event that brings its own stamp (a review imported from a log, dated
// in the past) keeps it, and the clock observes it so later local stamps
// sort after it.
func (l *Library) RecordEvent(ctx context.Context, ev *inflow.Event) error {
	l.stamp(ev)
	// The store saves the latest stamp with the event, in one transaction,
	// so a restart never stamps a new event before a recorded one.
	if err := l.store.Record(ctx, ev); err != nil {
		return fmt.Errorf("record %s: %w", ev.Type, err)
	}
	l.notify([]*inflow.Event{ev})
	return nil
}

// RecordMany stores a batch of events made on this device or imported into
// it, filling in ids, device, time and HLC as RecordEvent does. Imported
// history brings its own stamps; the clock observes the latest of them.
func (l *Library) RecordMany(ctx context.Context, evs []*inflow.Event) (int, error) {
	for _, ev := range evs {
		l.stamp(ev)
	}
	n, err := l.store.RecordMany(ctx, evs)
	if err == nil && n > 0 {
		l.notify(evs)
	}
	return n, err
}

// stamp fills in what an event left empty: a new UUIDv7 id, this device,
// the time now (in UTC) and a fresh HLC; a stamp it brings is observed.
func (l *Library) stamp(ev *inflow.Event) {
	if ev.ID == "" {
		ev.ID = l.ids.NewID()
	}
	if ev.Device == "" {
		ev.Device = l.device
	}
	if ev.Time.IsZero() {
		ev.Time = l.clock.Now()
	}
	ev.Time = ev.Time.UTC()
	if ev.HLC == (inflow.HLC{}) {
		ev.HLC = l.hlc.Now()
	} else {
		l.hlc.Observe(ev.HLC)
	}
}

// SetIndex swaps the search index, after the profile recreated it.
func (l *Library) SetIndex(idx inflow.SearchIndex) {
	l.indexMu.Lock()
	defer l.indexMu.Unlock()
	l.index = idx
}

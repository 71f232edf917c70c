package inflow

import (
	"encoding/json"
	"time"
)

// EventType names what a person did. Types are stable strings: they are
// stored and, later, synced between devices.
type EventType string

// Event types recorded by the library. Reviews, lessons and notes add theirs.
const (
	EventItemViewed      EventType = "item.viewed"
	EventBookmarkSet     EventType = "bookmark.set"
	EventBookmarkCleared EventType = "bookmark.cleared"
	// EventSettingChanged sets a synced setting: Subject is its key, Data
	// its JSON value. The latest by HLC wins (see Supersedes), so a change
	// made offline on one device and another made later elsewhere settle the
	// same way everywhere.
	EventSettingChanged EventType = "setting.changed"
)

// Event records one change a person made. Every change is both applied to
// local state and appended to the event log, so that sync can ship the log
// and every device can rebuild the same state from it.
//
// ID is a UUIDv7 made on the device, which makes pushing idempotent; HLC
// orders events across devices for last-writer-wins state.
type Event struct {
	ID      string          `json:"id"`
	Type    EventType       `json:"type"`
	Subject string          `json:"subject"` // the item (or, later, card or lesson) it is about
	Device  string          `json:"device"`
	HLC     HLC             `json:"hlc"`
	Time    time.Time       `json:"time"` // the device's wall clock when it happened
	Data    json.RawMessage `json:"data,omitempty"`
}

// Supersedes reports whether e wins over o in last-writer-wins state: the
// later HLC wins, and equal stamps are settled by device id, then event id,
// so every device picks the same winner.
func (e *Event) Supersedes(o *Event) bool {
	if c := e.HLC.Compare(o.HLC); c != 0 {
		return c > 0
	}
	if e.Device != o.Device {
		return e.Device > o.Device
	}
	return e.ID > o.ID
}

// Bookmark is the current bookmark state of one item, decided by the
// latest bookmark event.
type Bookmark struct {
	ItemID string    `json:"itemId"`
	At     time.Time `json:"at"`
}

// View is the last time a person opened an item.
type View struct {
	ItemID string    `json:"itemId"`
	At     time.Time `json:"at"`
}

// RawEvent is an event as stored: its JSON, with the id and device read
// out, so sync can ship a log without decoding and encoding every event.
type RawEvent struct {
	ID     string
	Device string
	JSON   []byte
}

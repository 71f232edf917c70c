package badgerstore

import (
	"bytes"
	"context"
	"fmt"
	"strconv"

	"github.com/dgraph-io/badger/v4"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// EventsJSON returns up to limit events after the given id, in id order,
// as stored JSON (see inflow.RawEvent): what sync pushes as it is.
func (s *Store) EventsJSON(ctx context.Context, after string, limit int) ([]inflow.RawEvent, error) {
	if limit <= 0 {
		limit = 1000
	}
	out := []inflow.RawEvent{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte(preEvent), PrefetchValues: true})
		defer it.Close()
		start := []byte(preEvent)
		if after != "" {
			start = append(eventKey(after), 0)
		}
		for it.Seek(start); it.Valid() && len(out) < limit; it.Next() {
			b, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			id := string(it.Item().Key()[len(preEvent):])
			dev, err := deviceOf(b)
			if err != nil {
				return fmt.Errorf("event %s: %w", id, err)
			}
			out = append(out, inflow.RawEvent{ID: id, Device: dev, JSON: b})
		}
		return nil
	})
	return out, err
}

// deviceKey starts the device field of a stored event. Events are stored
// by encoding/json from inflow.Event, which writes "device" before "data"
// (the only field that can nest objects), and a string field cannot hold
// an unescaped quote, so the first match is the event's own device.
var deviceKey = []byte(`"device":`)

// deviceOf reads the device of a stored event without decoding it all,
// falling back to decoding when the field is not where it is expected.
func deviceOf(b []byte) (string, error) {
	if i := bytes.Index(b, deviceKey); i >= 0 {
		rest := b[i+len(deviceKey):]
		if end := bytes.IndexByte(rest[min(1, len(rest)):], '"'); len(rest) > 0 && rest[0] == '"' && end >= 0 {
			if s, err := strconv.Unquote(string(rest[:end+2])); err == nil {
				return s, nil
			}
		}
	}
	var ev struct {
		Device string `json:"device"`
	}
	if err := jsonUnmarshal(b, &ev); err != nil {
		return "", err
	}
	return ev.Device, nil
}

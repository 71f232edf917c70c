// Package ids makes the identifiers Inflow stamps on events and devices:
// UUIDv7, whose text form sorts by creation time, so an event log keyed by
// id is also in time order.
package ids

import "github.com/google/uuid"

// UUIDv7 makes time-ordered UUIDs.
type UUIDv7 struct{}

// NewID returns a new UUIDv7 in its canonical text form.
func (UUIDv7) NewID() string { return uuid.Must(uuid.NewV7()).String() }

package inflow

import (
	"fmt"
	"sync"
)

// HLC is a hybrid-logical-clock timestamp: wall-clock milliseconds plus a
// logical counter that orders events stamped in the same millisecond or on a
// device whose clock runs behind. Its zero value is the earliest stamp.
//
// Events carry an HLC so last-writer-wins state (bookmarks, settings) settles
// the same way on every device; ties between devices are broken by device id.
type HLC struct {
	Wall    int64  `json:"wall"`    // Unix milliseconds
	Logical uint32 `json:"logical"` // counter within Wall
}

// Compare orders two stamps: -1 if h is before o, 1 if after, 0 if equal.
func (h HLC) Compare(o HLC) int {
	switch {
	case h.Wall < o.Wall:
		return -1
	case h.Wall > o.Wall:
		return 1
	case h.Logical < o.Logical:
		return -1
	case h.Logical > o.Logical:
		return 1
	}
	return 0
}

// String renders the stamp so that string order matches Compare order.
func (h HLC) String() string { return fmt.Sprintf("%015d.%010d", h.Wall, h.Logical) }

// HLCSource issues monotonically increasing stamps from a Clock and folds in
// stamps seen from other devices (Observe) so later local stamps sort after
// them. It is safe for concurrent use.
type HLCSource struct {
	mu    sync.Mutex
	clock Clock
	last  HLC
}

// NewHLCSource returns a source that never issues a stamp at or before last.
func NewHLCSource(clock Clock, last HLC) *HLCSource {
	return &HLCSource{clock: clock, last: last}
}

// Now returns a new stamp, later than every stamp issued or observed before.
func (s *HLCSource) Now() HLC {
	s.mu.Lock()
	defer s.mu.Unlock()
	wall := s.clock.Now().UnixMilli()
	if wall > s.last.Wall {
		s.last = HLC{Wall: wall}
	} else {
		s.last.Logical++
	}
	return s.last
}

// Observe records a stamp from elsewhere so the next Now sorts after it.
func (s *HLCSource) Observe(remote HLC) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if remote.Compare(s.last) > 0 {
		s.last = remote
	}
}

// Last returns the latest stamp issued or observed, for persisting.
func (s *HLCSource) Last() HLC {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

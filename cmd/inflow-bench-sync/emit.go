package main

import (
	"encoding/json"
	"io"
	"math"
	"slices"
	"sync"
	"time"
)

// result is one JSON line: a measurement named by Bench, its headline
// Value in Unit, and what else it measured. Skipped lines carry only
// Bench, Backend and Skipped.
type result struct {
	Bench        string   `json:"bench"`
	Engine       string   `json:"engine,omitempty"`  // inflow, or fullcopy (the Anki-like alternative)
	Backend      string   `json:"backend,omitempty"` // server store: badger, postgres
	Value        *float64 `json:"value,omitempty"`
	Unit         string   `json:"unit,omitempty"`
	Events       int      `json:"events,omitempty"`
	Seconds      float64  `json:"seconds,omitempty"`
	EventsPerSec float64  `json:"eventsPerSec,omitempty"`
	PulledPerSec float64  `json:"pulledPerSec,omitempty"`
	BytesUp      int64    `json:"bytesUp,omitempty"`   // client to server, on the TCP connections
	BytesDown    int64    `json:"bytesDown,omitempty"` // server to client
	Requests     int      `json:"requests,omitempty"`
	HTTPSeconds  float64  `json:"httpSeconds,omitempty"` // in HTTP requests: sent until the answer is read
	CPUSeconds   float64  `json:"cpuSeconds,omitempty"`  // of this process (server and clients; not PostgreSQL)
	Clients      int      `json:"clients,omitempty"`
	Runs         int      `json:"runs,omitempty"`
	P50ms        float64  `json:"p50ms,omitempty"`
	P95ms        float64  `json:"p95ms,omitempty"`
	P99ms        float64  `json:"p99ms,omitempty"`
	MaxMs        float64  `json:"maxMs,omitempty"`
	CPUP50ms     float64  `json:"cpuP50ms,omitempty"` // process CPU time per run: what the run costs without waiting for a core
	CPUP99ms     float64  `json:"cpuP99ms,omitempty"`
	Errors       int      `json:"errors,omitempty"`
	Target       string   `json:"target,omitempty"`
	MeetsTarget  *bool    `json:"meetsTarget,omitempty"`
	Formula      string   `json:"formula,omitempty"`
	Skipped      string   `json:"skipped,omitempty"`
	Note         string   `json:"note,omitempty"`
}

// emitter writes results as JSON lines.
type emitter struct {
	mu  sync.Mutex
	enc *json.Encoder
}

func newEmitter(w io.Writer) *emitter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &emitter{enc: enc}
}

func (e *emitter) emit(r result) {
	if r.Value != nil {
		v := round(*r.Value)
		r.Value = &v
	}
	r.HTTPSeconds, r.CPUSeconds = round(r.HTTPSeconds), round(r.CPUSeconds)
	r.CPUP50ms, r.CPUP99ms = round(r.CPUP50ms), round(r.CPUP99ms)
	r.Seconds, r.EventsPerSec, r.PulledPerSec = round(r.Seconds), math.Round(r.EventsPerSec), math.Round(r.PulledPerSec)
	r.P50ms, r.P95ms, r.P99ms, r.MaxMs = round(r.P50ms), round(r.P95ms), round(r.P99ms), round(r.MaxMs)
	e.mu.Lock()
	defer e.mu.Unlock()
	_ = e.enc.Encode(r)
}

func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func val(v float64) *float64 { return &v }

// meets reports whether value is at most limit, for MeetsTarget.
func meets(value, limit float64) *bool {
	ok := value <= limit
	return &ok
}

// latencies summarises durations in milliseconds.
type latencies struct{ p50, p95, p99, max float64 }

func summarise(ds []time.Duration) latencies {
	if len(ds) == 0 {
		return latencies{}
	}
	ms := make([]float64, len(ds))
	for i, d := range ds {
		ms[i] = float64(d.Microseconds()) / 1000
	}
	slices.Sort(ms)
	return latencies{p50: pct(ms, 0.50), p95: pct(ms, 0.95), p99: pct(ms, 0.99), max: ms[len(ms)-1]}
}

// pct is the nearest-rank percentile of sorted values.
func pct(sorted []float64, p float64) float64 {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(i, 0)]
}

package main

import (
	"context"
	"net/http"
	"runtime/pprof"
	"sync/atomic"
)

// phase names the part of the bench running now. It labels CPU profile
// samples (-cpuprofile; see `go tool pprof -tagfocus phase=...`) on both
// sides: the bench's goroutines are client, the server's handlers server.
var phase atomic.Value

// setPhase labels the calling goroutine, and the goroutines it starts
// from now on, as the client side of a phase.
func setPhase(name string) {
	phase.Store(name)
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("phase", name, "side", "client")))
}

// labelled labels a server's request handling with the current phase.
func labelled(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, _ := phase.Load().(string)
		pprof.Do(r.Context(), pprof.Labels("phase", name, "side", "server"), func(context.Context) { h.ServeHTTP(w, r) })
	})
}

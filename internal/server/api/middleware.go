package api

import (
	"net/http"
	"time"
)

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(s int) {
	w.status = s
	w.ResponseWriter.WriteHeader(s)
}

// Unwrap lets http.ResponseController reach the connection (to move its
// deadlines for long transfers).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logged logs every request as one structured line and turns a panic into
// a 500 instead of a dropped connection.
func (s *Server) logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "path", r.URL.Path, "panic", p)
				sw.WriteHeader(http.StatusInternalServerError)
			}
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"ms", float64(time.Since(start).Microseconds())/1000, "remote", r.RemoteAddr)
		}()
		h.ServeHTTP(sw, r)
	})
}

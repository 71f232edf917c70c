// Package api is the Inflow server's HTTP interface (see syncproto for the
// endpoints and types): sign-in, pushing and pulling a user's events, the
// catalog of published packs, and courses with their files (published,
// listed, and downloaded with HTTP ranges). Every endpoint but sign-in and /healthz
// needs a device token; a user only ever reaches their own events.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
	"github.com/inflow-learning/inflow/internal/server/auth"
	"github.com/inflow-learning/inflow/internal/server/publish"
	"github.com/inflow-learning/inflow/internal/server/store"
	"github.com/inflow-learning/inflow/internal/syncproto"
)

// Loader reads a pack file (a zip in the `inflow import` formats).
type Loader func(ctx context.Context, path string) ([]*inflow.Pack, error)

// Config holds what the server is built from.
type Config struct {
	Store  store.Store
	Loader Loader
	Clock  inflow.Clock
	Logger *slog.Logger
	// MaxCourseBytes caps a course upload; 0 is syncproto.MaxCourseBytes.
	MaxCourseBytes int64
}

// Server serves the API.
type Server struct {
	store     store.Store
	load      Loader
	clock     inflow.Clock
	log       *slog.Logger
	byUser    *auth.Limiter
	byAddress *auth.Limiter
	maxCourse int64
}

// New returns a Server.
func New(c Config) *Server {
	if c.Clock == nil {
		c.Clock = inflow.SystemClock{}
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.MaxCourseBytes <= 0 {
		c.MaxCourseBytes = syncproto.MaxCourseBytes
	}
	return &Server{
		store: c.Store, load: c.Loader, clock: c.Clock, log: c.Logger,
		byUser:    auth.NewLimiter(5, time.Minute),
		byAddress: auth.NewLimiter(20, time.Minute),
		maxCourse: c.MaxCourseBytes,
	}
}

// Handler returns the routes with logging and panic recovery around them.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("POST /api/v1/signin", s.signIn)
	mux.Handle("POST /api/v1/signout", s.authed(s.signOut))
	mux.Handle("POST /api/v1/events", s.authed(s.push))
	mux.Handle("GET /api/v1/events", s.authed(s.pull))
	mux.Handle("GET /api/v1/catalog", s.authed(s.catalog))
	mux.Handle("POST /api/v1/catalog/packs", s.authed(s.publish))
	mux.Handle("DELETE /api/v1/catalog/packs/{id}", s.authed(s.unpublish))
	mux.Handle("GET /api/v1/courses", s.authed(s.courses))
	mux.Handle("GET /api/v1/courses/manifest", s.authed(s.courseManifest))
	mux.Handle("POST /api/v1/courses", s.authed(s.publishCourse))
	mux.Handle("DELETE /api/v1/courses", s.authed(s.unpublishCourse))
	mux.Handle("GET /api/v1/blobs/{sha256}", s.authed(s.blob))
	return s.logged(mux)
}

// caller is the authenticated user and device of a request.
type caller struct {
	user  store.User
	token store.Token
}

type callerKey struct{}

// authed checks the bearer token: unknown, revoked or a disabled user is
// 401. The handler gets the caller.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, caller)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		const prefix = "Bearer "
		hdr := r.Header.Get("Authorization")
		if len(hdr) <= len(prefix) || hdr[:len(prefix)] != prefix {
			s.fail(w, r, http.StatusUnauthorized, "unauthorized", "sign in first: no device token")
			return
		}
		tok, err := s.store.TokenByHash(r.Context(), auth.HashToken(hdr[len(prefix):]))
		if err != nil {
			s.fail(w, r, http.StatusUnauthorized, "unauthorized", "this device is signed out or its token was revoked; sign in again")
			return
		}
		u, err := s.store.UserByID(r.Context(), tok.UserID)
		if err != nil || u.Disabled {
			s.fail(w, r, http.StatusUnauthorized, "unauthorized", "this account is disabled")
			return
		}
		if now := s.clock.Now(); now.Sub(tok.LastUsed) > time.Minute {
			s.store.TouchToken(r.Context(), tok.ID, now)
		}
		h(w, r, caller{user: u, token: tok})
	})
}

// reply writes a JSON body.
func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// fail writes an error body and logs server errors.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	if status >= 500 {
		s.log.Error("request failed", "path", r.URL.Path, "err", msg)
		msg = "internal error"
	}
	reply(w, status, syncproto.ErrorResponse{Code: code, Message: msg})
}

// failErr maps a domain error to its HTTP status.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	code := inflow.ErrorCode(err)
	status := map[string]int{
		inflow.EINVALID: http.StatusBadRequest, inflow.ENOTFOUND: http.StatusNotFound,
		inflow.ECONFLICT: http.StatusConflict, inflow.ETOOLARGE: http.StatusRequestEntityTooLarge,
		publish.EFORBIDDEN: http.StatusForbidden,
	}[code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		status, code = http.StatusRequestEntityTooLarge, inflow.ETOOLARGE
	}
	s.fail(w, r, status, code, inflow.ErrorMessage(err))
}

// decode reads a JSON body of at most limit bytes.
func decode(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return inflow.Errorf(inflow.EINVALID, "the request is not valid JSON: %v", err)
	}
	return nil
}

// pageArgs reads ?after=&limit= (limit 1..MaxBatch, default MaxBatch).
func pageArgs(r *http.Request) (string, int, error) {
	limit := syncproto.MaxBatch
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > syncproto.MaxBatch {
			return "", 0, inflow.Errorf(inflow.EINVALID, "limit %q is not 1 to %d", l, syncproto.MaxBatch)
		}
		limit = n
	}
	return r.URL.Query().Get("after"), limit, nil
}

package syncclient

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// ErrSignedOut is the error of a sync the server refused with 401 (the
// token is revoked or wrong), or of one with no token at all. Its code is
// inflow.EINVALID: the person has to sign in again.
var ErrSignedOut = &inflow.Error{Code: inflow.EINVALID, Message: "signed out or token revoked: run inflow login"}

// ErrOffline is wrapped by every failure to reach the server or to read
// its whole answer: no network, refused connection, DNS, TLS, timeouts,
// a response cut off.
var ErrOffline = &inflow.Error{Code: inflow.EINTERNAL, Message: "cannot reach the sync server"}

// ErrNoServer is returned when no server is configured and none was
// signed in to.
var ErrNoServer = &inflow.Error{Code: inflow.EINVALID, Message: "no sync server: run inflow login"}

// offlineError is a transport failure; it is ErrOffline and keeps its cause.
type offlineError struct{ err error }

func (e *offlineError) Error() string   { return ErrOffline.Message + ": " + e.err.Error() }
func (e *offlineError) Unwrap() []error { return []error{ErrOffline, e.err} }

// ServerError is a refusal the server sent: an HTTP status with the
// ErrorResponse's code and message. It unwraps to an *inflow.Error with
// that code (ErrSignedOut for a 401), so inflow.ErrorCode works on it.
type ServerError struct {
	Status     int
	Code       string // an inflow code: the server's if it is one, else derived from Status
	ServerCode string // the code as the server sent it (e.g. "rate_limited")
	Message    string
	RetryAfter time.Duration // from a 429's Retry-After header; 0 if none
}

func (e *ServerError) Error() string {
	if e.Status == http.StatusUnauthorized {
		return fmt.Sprintf("%s (server: %s)", ErrSignedOut.Message, e.Message)
	}
	return fmt.Sprintf("server refused (HTTP %d): %s: %s", e.Status, e.Code, e.Message)
}

func (e *ServerError) Unwrap() error {
	if e.Status == http.StatusUnauthorized {
		return ErrSignedOut
	}
	return &inflow.Error{Code: e.Code, Message: e.Message}
}

// inflowCode returns the server's code if it is an inflow code, else the
// one its status maps to.
func inflowCode(code string, status int) string {
	switch code {
	case inflow.ECONFLICT, inflow.EINTERNAL, inflow.EINVALID, inflow.ENOTFOUND, inflow.ELOCKED, inflow.ETOOLARGE:
		return code
	}
	return codeForStatus(status)
}

// codeForStatus is the inflow code of a status the server sent without one.
// Rate limiting and server failures are EINTERNAL: nothing the person did
// wrong, try again later.
func codeForStatus(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden:
		return inflow.EINVALID
	case http.StatusNotFound:
		return inflow.ENOTFOUND
	case http.StatusConflict:
		return inflow.ECONFLICT
	case http.StatusRequestEntityTooLarge:
		return inflow.ETOOLARGE
	}
	if status >= 300 && status < 400 {
		return inflow.EINVALID
	}
	return inflow.EINTERNAL
}

// maxRetryAfter bounds a Retry-After, so a bad header cannot stop sync for days.
const maxRetryAfter = time.Hour

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	var d time.Duration
	if s, err := strconv.Atoi(h); err == nil {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}

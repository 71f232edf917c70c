package inflow

import (
	"errors"
	"fmt"
)

// Error codes. They are stable strings: the frontend receives "code: message"
// and the server maps each code to an HTTP status in one table.
const (
	ECONFLICT = "conflict"  // the action conflicts with the current state
	EINTERNAL = "internal"  // a bug or an I/O failure; details are logged
	EINVALID  = "invalid"   // the input is malformed or breaks a rule
	ENOTFOUND = "not_found" // the thing asked for does not exist
	ELOCKED   = "locked"    // the profile is in use by another process
	ETOOLARGE = "too_large" // the input exceeds a size limit
)

// Error is a domain error: a machine-readable Code and a message meant for a
// person. Wrap it with fmt.Errorf("...: %w", err) to add context; ErrorCode
// and ErrorMessage still find it.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the person-facing message of the first *Error in err's
// chain, or a generic text for other errors so internals do not leak.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

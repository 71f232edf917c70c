package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// FileError is an import error located in one file of the input. It unwraps
// to an *inflow.Error (code EINVALID, ETOOLARGE or ENOTFOUND) whose message
// starts with the location, as in
//
//	guides/vpn.md:3: front matter: unknown key "tittle"
//
// so inflow.ErrorCode and inflow.ErrorMessage work on it unchanged, while
// callers that want to point at the file can use errors.As to get File and
// Line.
type FileError struct {
	// File is the file's slash-separated path relative to the imported
	// folder or archive, or the file's name when a single file was imported.
	File string
	// Line is the 1-based line the problem is on, or 0 when the problem is
	// not about one line.
	Line int
	// Err is the domain error, its message prefixed with the location.
	Err *inflow.Error
}

// Error returns "code: file:line: message".
func (e *FileError) Error() string { return e.Err.Error() }

// Unwrap returns the *inflow.Error.
func (e *FileError) Unwrap() error { return e.Err }

// newFileError returns a *FileError for file and line (0: none).
func newFileError(file string, line int, code, msg string) *FileError {
	loc := printable(file)
	if line > 0 {
		loc += ":" + strconv.Itoa(line)
	}
	if loc != "" {
		msg = loc + ": " + msg
	}
	return &FileError{File: file, Line: line, Err: &inflow.Error{Code: code, Message: msg}}
}

// fileErrorf is newFileError with a formatted message.
func fileErrorf(file string, line int, code, format string, args ...any) *FileError {
	return newFileError(file, line, code, fmt.Sprintf(format, args...))
}

// problem is an error found while parsing a file's content, before the
// parser knows the file's name; inFile turns it into a *FileError.
type problem struct {
	line int
	code string
	msg  string
}

func (p *problem) Error() string {
	if p.line > 0 {
		return p.code + ": line " + strconv.Itoa(p.line) + ": " + p.msg
	}
	return p.code + ": " + p.msg
}

// problemf returns an EINVALID problem on line (0: none).
func problemf(line int, format string, args ...any) *problem {
	return &problem{line: line, code: inflow.EINVALID, msg: fmt.Sprintf(format, args...)}
}

// inFile locates err in file. Problems and domain errors become a
// *FileError; errors that already name a file, and errors that are not
// about the input (a cancelled context), are returned as they are.
func inFile(file string, err error) error {
	var (
		p  *problem
		fe *FileError
		de *inflow.Error
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe):
		return err
	case errors.As(err, &p):
		return newFileError(file, p.line, p.code, p.msg)
	case errors.As(err, &de):
		return newFileError(file, 0, de.Code, de.Message)
	}
	return err
}

// ioError describes an operating-system error reading file, without
// repeating the path the OS puts in its message.
func ioError(file string, err error) *FileError {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return newFileError(file, 0, inflow.ENOTFOUND, "does not exist")
	case errors.Is(err, fs.ErrPermission):
		return newFileError(file, 0, inflow.EINVALID, "cannot be read: permission denied")
	}
	return fileErrorf(file, 0, inflow.EINVALID, "cannot be read: %v", err)
}

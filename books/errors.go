package books

import (
	"context"
	"errors"
	"fmt"
)

// Code classifies an error so the edge (UI, CLI) can decide how to present it.
type Code string

// Error codes. Only the edge turns them into words for a person.
const (
	Invalid      Code = "invalid"       // input breaks a rule
	NotFound     Code = "not_found"     // the thing does not exist
	Conflict     Code = "conflict"      // the thing exists or changed underneath
	Unbalanced   Code = "unbalanced"    // debits and credits differ
	PeriodClosed Code = "period_closed" // the month is closed
	Forbidden    Code = "forbidden"     // the user's role or relation forbids it
	Unauthorized Code = "unauthorized"  // wrong user or password
	Locked       Code = "locked"        // another process holds the book
	Tampered     Code = "tampered"      // a signature, hash or chain does not match
	DiskFull     Code = "disk_full"     // the disk is full; nothing was saved
	Cancelled    Code = "cancelled"     // the person stopped long work; nothing was saved
	Internal     Code = "internal"      // a bug or an I/O failure; details only in logs
)

// Error is an application error: a code for programs and a message for people.
// Msg is a complete Chinese sentence naming what is wrong and where; it never
// contains raw SQLite or Go error text.
type Error struct {
	Code Code
	Msg  string
	// Line is the 1-based line (of a voucher or an imported file) the error
	// refers to, or 0.
	Line int
	// Err is an underlying cause, kept for logs.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Msg, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, Internal
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var m *MultiError
	if errors.As(err, &m) {
		return m.Code
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorMessage returns the person-facing message of err: the message of the
// first *Error in its chain, or a generic sentence for internal errors, whose
// details belong in the log and not on the screen.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var m *MultiError
	if errors.As(err, &m) {
		s := ""
		for i, e := range m.Errors {
			if i > 0 {
				s += "\n"
			}
			s += e.Msg
		}
		return s
	}
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		return e.Msg
	}
	if errors.As(err, &e) && e.Msg != "" {
		return e.Msg
	}
	// The edges say more, and write the details down: ExplainError.
	return "操作未完成：程序内部出错。账簿未被改动。"
}

// MultiError carries several application errors at once, e.g. every bad line
// of an import.
type MultiError struct {
	Code   Code
	Errors []*Error
}

func (m *MultiError) Error() string {
	s := fmt.Sprintf("%d errors", len(m.Errors))
	for _, e := range m.Errors {
		s += "; " + e.Error()
	}
	return s
}

// internal wraps an unexpected error (I/O, SQL) with the operation that failed.
func internal(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return fmt.Errorf("%s: %w", op, err)
	}
	return &Error{Code: Internal, Err: fmt.Errorf("%s: %w", op, err)}
}

// Stopped returns a Cancelled error when ctx is done, else nil: long work
// checks it between its steps and stops there, and turns whatever error a
// cancelled step gave into it.
func Stopped(ctx context.Context) error { return stopped(ctx) }

func stopped(ctx context.Context) error {
	if ctx.Err() == nil {
		return nil
	}
	return &Error{Code: Cancelled, Msg: "已取消；没有保存任何改动，账簿保持原样", Err: ctx.Err()}
}

package books

import (
	"errors"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// This file turns SQLite's failures into the book's error codes. It reads the
// driver's result code, never SQLite's English wording, which changes between
// versions and platforms. The one text it reads is ours: the reason a
// trigger of 0001_core.sql gives in RAISE(ABORT, 'sunbooks: ...'), which
// SQLite reports as SQLITE_CONSTRAINT_TRIGGER.

// sqliteCode returns the extended result code of the first SQLite error in
// err's chain, and false when there is none.
func sqliteCode(err error) (int, bool) {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return 0, false
	}
	return e.Code(), true
}

// sqlitePrimary returns the primary result code (the low byte of the
// extended one), or 0 when err holds no SQLite error.
func sqlitePrimary(err error) int {
	c, ok := sqliteCode(err)
	if !ok {
		return 0
	}
	return c & 0xff
}

// Reasons our triggers give (0001_core.sql). Existing books keep the
// triggers they were made with, so these texts never change.
const (
	reasonPostedImmutable = "a posted voucher is immutable"
	reasonLogAppendOnly   = "the operation log is append-only"
	reasonAccountInUse    = "an account with postings cannot be deleted"
)

// triggerReason returns the reason a trigger of ours gave, or "" when err is
// not a refusal by one of our triggers.
func triggerReason(err error) string {
	c, ok := sqliteCode(err)
	if !ok || c != sqlite3.SQLITE_CONSTRAINT_TRIGGER {
		return ""
	}
	var e *sqlite.Error
	errors.As(err, &e)
	for _, r := range []string{reasonPostedImmutable, reasonLogAppendOnly, reasonAccountInUse} {
		if strings.Contains(e.Error(), "sunbooks: "+r) {
			return r
		}
	}
	return ""
}

// isBusy reports whether SQLite gave up waiting for another connection's lock.
func isBusy(err error) bool {
	p := sqlitePrimary(err)
	return p == sqlite3.SQLITE_BUSY || p == sqlite3.SQLITE_LOCKED
}

// isNotADatabase reports whether the file is not an SQLite database at all.
func isNotADatabase(err error) bool {
	return sqlitePrimary(err) == sqlite3.SQLITE_NOTADB
}

// isDiskFull reports whether a write failed because the disk (or the
// file-size quota) is full.
func isDiskFull(err error) bool {
	return sqlitePrimary(err) == sqlite3.SQLITE_FULL
}

// translateSQLError turns a failure inside a transaction into an
// application error: our triggers' refusals, a full disk, a read-only file,
// another program's lock and a broken constraint each get their code and a
// sentence; anything else stays internal.
func translateSQLError(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	switch triggerReason(err) {
	case reasonPostedImmutable:
		return &Error{Code: Conflict, Msg: "已记账的凭证不能修改或删除；如需更正，请做红字冲销凭证", Err: err}
	case reasonLogAppendOnly:
		return &Error{Code: Forbidden, Msg: "操作日志只能追加，不能修改", Err: err}
	case reasonAccountInUse:
		return &Error{Code: Conflict, Msg: "该科目已有发生额，不能删除，只能停用", Err: err}
	}
	switch sqlitePrimary(err) {
	case sqlite3.SQLITE_FULL:
		return &Error{Code: DiskFull, Msg: "磁盘已满，操作没有保存；请腾出磁盘空间后重试，账簿未被改动", Err: err}
	case sqlite3.SQLITE_READONLY:
		return &Error{Code: Forbidden, Msg: "账簿文件只读，无法保存", Err: err}
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &Error{Code: Locked, Msg: "账簿正被另一个程序占用，操作没有保存；请稍后重试，账簿未被改动", Err: err}
	case sqlite3.SQLITE_CONSTRAINT:
		return &Error{Code: Conflict, Msg: "这项修改与账簿中已有的记录冲突（重复或引用不存在的记录），没有保存；账簿未被改动", Err: err}
	}
	return internal("sql", err)
}

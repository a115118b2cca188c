package books

import (
	"database/sql"
	"fmt"
	"os"
	"time"
)

// writeLock keeps other processes from writing the same book. It is an
// exclusive SQLite transaction held open on a sidecar file: the operating
// system drops the file lock when the holder exits or crashes, so a stale lock
// recovers by itself, on every platform SQLite supports.
type writeLock struct {
	db   *sql.DB
	tx   *sql.Tx
	path string
}

func lockPath(book string) string { return book + ".lock" }

func acquireLock(book string) (*writeLock, error) {
	p := lockPath(book)
	db, err := sql.Open("sqlite", "file:"+uriPath(p)+"?_pragma=busy_timeout(0)&_pragma=journal_mode(DELETE)&_txlock=exclusive")
	if err != nil {
		return nil, internal("open lock", err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY, pid INTEGER, host TEXT, since TEXT)`); err != nil {
		db.Close()
		if isBusy(err) {
			return nil, lockedError(book)
		}
		return nil, &Error{Code: Forbidden, Err: err, Msg: fmt.Sprintf(
			"无法在账簿旁建立锁文件 %s（文件夹只读、没有写权限或磁盘已满），账簿不能以修改方式打开；可以只读方式打开查看", p)}
	}
	tx, err := db.Begin() // BEGIN EXCLUSIVE, from _txlock in the DSN
	if err == nil {
		host, _ := os.Hostname()
		_, err = tx.Exec(`INSERT OR REPLACE INTO holder (id, pid, host, since) VALUES (1, ?, ?, ?)`,
			os.Getpid(), host, time.Now().Format("2006-01-02 15:04:05"))
	}
	if err != nil {
		if tx != nil {
			tx.Rollback()
		}
		db.Close()
		if isBusy(err) {
			return nil, lockedError(book)
		}
		return nil, internal("take lock", err)
	}
	return &writeLock{db: db, tx: tx, path: p}, nil
}

func lockedError(book string) error {
	return &Error{Code: Locked, Msg: fmt.Sprintf("账簿 %s 正由另一个程序（或另一台电脑）打开修改；请先关闭那边的阳光账本再试。若那边已经退出，锁会自动解除", book)}
}

func (l *writeLock) release() {
	if l == nil {
		return
	}
	l.tx.Rollback()
	l.db.Close()
}

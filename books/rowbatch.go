package books

import (
	"database/sql"
	"strings"
)

// rowBatch inserts rows into a table several to a statement: a statement
// per row was most of the cost of writing a million lines (an import's, a
// street's packages'). Rows go in in the order added; before, when set, runs
// before each write (to write what the rows depend on first).
type rowBatch struct {
	tx     *sql.Tx
	head   string // INSERT INTO t (cols) VALUES
	row    string // one row's values: (?, ?, 'x', ?)
	params int    // placeholders in row
	max    int    // rows to a statement
	args   []any
	stmts  map[int]*sql.Stmt // by row count
	before func() error
}

// batchRows is how many rows one INSERT writes.
const batchRows = 64

func newRowBatch(tx *sql.Tx, head, row string) *rowBatch {
	n := strings.Count(row, "?")
	return &rowBatch{tx: tx, head: head, row: row, params: n, max: batchRows, args: make([]any, 0, n*batchRows), stmts: map[int]*sql.Stmt{}}
}

// add queues one row's values, writing the queue once it is full.
func (r *rowBatch) add(values ...any) error {
	r.args = append(r.args, values...)
	if len(r.args) >= r.params*r.max {
		return r.flush()
	}
	return nil
}

// flush writes the rows queued.
func (r *rowBatch) flush() error {
	n := len(r.args) / r.params
	if n == 0 {
		return nil
	}
	if r.before != nil {
		if err := r.before(); err != nil {
			return err
		}
	}
	st := r.stmts[n]
	if st == nil {
		var err error
		if st, err = r.tx.Prepare(r.head + strings.TrimSuffix(strings.Repeat(r.row+",", n), ",")); err != nil {
			return err
		}
		r.stmts[n] = st
	}
	_, err := st.Exec(r.args...)
	r.args = r.args[:0]
	return err
}

// close releases the statements; rows still queued are not written.
func (r *rowBatch) close() {
	for _, st := range r.stmts {
		st.Close()
	}
}

package spending

import (
	"crypto/sha256"
	"encoding/hex"

	"sunbooks/books"
)

// spendingTables are the spending records a package carries, when the book
// has them.
var spendingTables = []string{"application", "application_event", "deliberation", "decision", "payment", "attachment"}

// Records dumps the spending tables the book has, row by row as
// column → value, for the street's copy; a BLOB (an attachment's content,
// which stays home) becomes its size and SHA-256. n counts the rows.
func Records(b *books.Book) (records map[string][]map[string]any, n int, err error) {
	out := map[string][]map[string]any{}
	for _, t := range spendingTables {
		var exists int
		b.Reader().QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, t).Scan(&exists)
		if exists == 0 {
			continue
		}
		rows, err := b.Reader().Query(`SELECT * FROM "` + t + `" ORDER BY rowid`)
		if err != nil {
			return nil, 0, internal("spending records", err)
		}
		cols, _ := rows.Columns()
		recs := []map[string]any{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, 0, internal("spending records", err)
			}
			rec := map[string]any{}
			for i, c := range cols {
				if blob, ok := vals[i].([]byte); ok {
					rec[c] = map[string]any{"size": len(blob), "sha256": hex.EncodeToString(sum256(blob))}
					continue
				}
				rec[c] = vals[i]
			}
			recs = append(recs, rec)
		}
		rows.Close()
		out[t] = recs
		n += len(recs)
	}
	return out, n, nil
}

func sum256(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}

package books

import (
	"database/sql"
	"errors"
	"strings"
)

// Compound is a residential compound (小区): the auxiliary dimension on every
// voucher line, whose money is kept apart.
type Compound struct {
	ID       int64
	Name     string
	Archived bool
}

// Compounds lists compounds by id; archived ones too when all is true.
func (b *Book) Compounds(all bool) ([]Compound, error) {
	q := `SELECT id, name, archived FROM compound`
	if !all {
		q += ` WHERE archived = 0`
	}
	rows, err := b.db.Query(q + ` ORDER BY id`)
	if err != nil {
		return nil, internal("list compounds", err)
	}
	defer rows.Close()
	var out []Compound
	for rows.Next() {
		var c Compound
		if err := rows.Scan(&c.ID, &c.Name, &c.Archived); err != nil {
			return nil, internal("list compounds", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CompoundByName finds a compound by its name.
func (b *Book) CompoundByName(name string) (Compound, error) {
	var c Compound
	err := b.db.QueryRow(`SELECT id, name, archived FROM compound WHERE name = ?`, strings.TrimSpace(name)).Scan(&c.ID, &c.Name, &c.Archived)
	if errors.Is(err, sql.ErrNoRows) {
		return c, Errorf(NotFound, "小区“%s”不存在", name)
	}
	if err != nil {
		return c, internal("read compound", err)
	}
	return c, nil
}

// CompoundByID finds a compound by its id.
func (b *Book) CompoundByID(id int64) (Compound, error) {
	var c Compound
	err := b.db.QueryRow(`SELECT id, name, archived FROM compound WHERE id = ?`, id).Scan(&c.ID, &c.Name, &c.Archived)
	if errors.Is(err, sql.ErrNoRows) {
		return c, Errorf(NotFound, "小区编号 %d 不存在", id)
	}
	if err != nil {
		return c, internal("read compound", err)
	}
	return c, nil
}

// AddCompound adds a compound.
func (s *Session) AddCompound(name string) (Compound, error) {
	if err := s.require("增加小区", RoleAccountant); err != nil {
		return Compound{}, err
	}
	var c Compound
	err := s.b.write(func(tx *sql.Tx) error {
		var err error
		c, err = addCompound(tx, s.b.stamp(), s.user, name)
		return err
	})
	return c, err
}

func addCompound(tx *sql.Tx, now string, u User, name string) (Compound, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Compound{}, Errorf(Invalid, "请填写小区名称")
	}
	var n int
	tx.QueryRow(`SELECT count(*) FROM compound WHERE name = ?`, name).Scan(&n)
	if n > 0 {
		return Compound{}, Errorf(Conflict, "小区“%s”已经存在", name)
	}
	res, err := tx.Exec(`INSERT INTO compound (name, created_at) VALUES (?, ?)`, name, now)
	if err != nil {
		return Compound{}, err
	}
	id, _ := res.LastInsertId()
	return Compound{ID: id, Name: name}, appendLog(tx, now, u, "compound.add", "compound", name, nil, map[string]string{"name": name})
}

// RenameCompound renames a compound; its history follows it.
func (s *Session) RenameCompound(old, name string) error {
	if err := s.require("修改小区", RoleAccountant); err != nil {
		return err
	}
	c, err := s.b.CompoundByName(old)
	if err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return Errorf(Invalid, "请填写小区名称")
	}
	return s.b.write(func(tx *sql.Tx) error {
		var n int
		tx.QueryRow(`SELECT count(*) FROM compound WHERE name = ? AND id <> ?`, name, c.ID).Scan(&n)
		if n > 0 {
			return Errorf(Conflict, "小区“%s”已经存在", name)
		}
		if _, err := tx.Exec(`UPDATE compound SET name = ? WHERE id = ?`, name, c.ID); err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "compound.rename", "compound", name, map[string]string{"name": old}, map[string]string{"name": name})
	})
}

// ArchiveCompound archives (or restores) a compound. A compound that still
// holds money on any account cannot be archived: its money would vanish from
// the screens.
func (s *Session) ArchiveCompound(name string, archived bool) error {
	if err := s.require("归档小区", RoleAccountant); err != nil {
		return err
	}
	c, err := s.b.CompoundByName(name)
	if err != nil {
		return err
	}
	return s.b.write(func(tx *sql.Tx) error {
		if archived {
			var open int
			tx.QueryRow(`SELECT count(*) FROM (SELECT account_id FROM balance WHERE compound_id = ? GROUP BY account_id HAVING sum(debit_fen) <> sum(credit_fen))`, c.ID).Scan(&open)
			if open > 0 {
				return Errorf(Conflict, "小区“%s”还有 %d 个科目有余额，结清后才能归档", name, open)
			}
		}
		if _, err := tx.Exec(`UPDATE compound SET archived = ? WHERE id = ?`, archived, c.ID); err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "compound.archive", "compound", name, map[string]bool{"archived": c.Archived}, map[string]bool{"archived": archived})
	})
}

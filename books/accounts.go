package books

import (
	"database/sql"
	"errors"
	"strings"
)

// Account classes.
const (
	ClassAsset     = "asset"
	ClassLiability = "liability"
	ClassNetAsset  = "netasset"
	ClassIncome    = "income"
	ClassExpense   = "expense"
)

var classNames = map[string]string{
	ClassAsset: "资产", ClassLiability: "负债", ClassNetAsset: "净资产", ClassIncome: "收入", ClassExpense: "费用",
}

// ClassName returns a class's Chinese name.
func ClassName(class string) string { return classNames[class] }

// Account is one account of the chart (科目).
type Account struct {
	ID        int64
	Code      string
	Name      string
	ParentID  int64 // 0 for a first-level account
	Class     string
	Direction string // "debit" (借) or "credit" (贷)
	Monetary  string // "" | cash | bank | other
	Mnemonic  string
	Active    bool
	// ApprovalExempt lets a hand-made voucher pay out on this expense account
	// without an application (银行手续费); see outflow.go.
	ApprovalExempt bool
	// Leaf is true when the account has no children; only leaves take postings.
	Leaf bool
	// Level is 1 for first-level accounts.
	Level int
}

// DirectionName returns 借 or 贷.
func (a Account) DirectionName() string {
	if a.Direction == "credit" {
		return "贷"
	}
	return "借"
}

// FullName is the code and the name: "1002 银行存款".
func (a Account) FullName() string { return a.Code + " " + a.Name }

// Accounts returns the whole chart in code order.
func (b *Book) Accounts() ([]Account, error) {
	rows, err := b.db.Query(`SELECT a.id, a.code, a.name, coalesce(a.parent_id, 0), a.class, a.direction, a.monetary, a.mnemonic, a.active, a.approval_exempt,
		NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id)
		FROM account a ORDER BY a.code`)
	if err != nil {
		return nil, internal("list accounts", err)
	}
	defer rows.Close()
	var out []Account
	level := map[int64]int{}
	for rows.Next() {
		var a Account
		if err := rows.Scan(&a.ID, &a.Code, &a.Name, &a.ParentID, &a.Class, &a.Direction, &a.Monetary, &a.Mnemonic, &a.Active, &a.ApprovalExempt, &a.Leaf); err != nil {
			return nil, internal("list accounts", err)
		}
		a.Level = level[a.ParentID] + 1
		level[a.ID] = a.Level
		out = append(out, a)
	}
	return out, rows.Err()
}

// AccountByCode finds an account by its code.
func (b *Book) AccountByCode(code string) (Account, error) { return accountByCode(b.db, code) }

func accountByCode(q querier, code string) (Account, error) {
	code = strings.TrimSpace(code)
	var a Account
	err := q.QueryRow(`SELECT a.id, a.code, a.name, coalesce(a.parent_id, 0), a.class, a.direction, a.monetary, a.mnemonic, a.active, a.approval_exempt,
		NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id)
		FROM account a WHERE a.code = ?`, code).
		Scan(&a.ID, &a.Code, &a.Name, &a.ParentID, &a.Class, &a.Direction, &a.Monetary, &a.Mnemonic, &a.Active, &a.ApprovalExempt, &a.Leaf)
	if errors.Is(err, sql.ErrNoRows) {
		return a, Errorf(NotFound, "科目代码 %s 不存在", code)
	}
	if err != nil {
		return a, internal("read account", err)
	}
	return a, nil
}

// AddAccount adds a child account under parentCode. The child's code extends
// its parent's (1002 → 100201); it inherits class, direction and monetary kind.
// The first child of an account with postings is refused: its postings would
// sit on a non-leaf.
func (s *Session) AddAccount(parentCode, code, name string) (Account, error) {
	if err := s.require("增加科目", RoleAccountant); err != nil {
		return Account{}, err
	}
	code, name = strings.TrimSpace(code), strings.TrimSpace(name)
	parent, err := s.b.AccountByCode(parentCode)
	if err != nil {
		return Account{}, err
	}
	if !strings.HasPrefix(code, parent.Code) || len(code) <= len(parent.Code) {
		return Account{}, Errorf(Invalid, "下级科目代码 %s 必须以上级科目代码 %s 开头并更长（例如 %s01）", code, parent.Code, parent.Code)
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return Account{}, Errorf(Invalid, "科目代码 %s 只能由数字组成", code)
		}
	}
	if name == "" {
		return Account{}, Errorf(Invalid, "请填写科目名称")
	}
	var out Account
	err = s.b.write(func(tx *sql.Tx) error {
		var err error
		out, err = addChildAccount(tx, s.b.stamp(), s.user, parent, code, name, nil)
		return err
	})
	return out, err
}

// addChildAccount adds code under parent in tx and logs it: refused when the
// parent, a leaf, already has lines (they would sit on a non-leaf) or the
// code exists. The child inherits the parent's class, direction, monetary
// kind and approval exemption (银行手续费 under an exempt 财务费用 stays
// exempt). extra adds to the log entry.
func addChildAccount(tx *sql.Tx, at string, u User, parent Account, code, name string, extra map[string]string) (Account, error) {
	var used int
	tx.QueryRow(`SELECT count(*) FROM voucher_line WHERE account_id = ?`, parent.ID).Scan(&used)
	if used > 0 && parent.Leaf {
		return Account{}, Errorf(Conflict, "科目 %s 已有发生额，不能再增加下级科目（否则这些发生额会落在上级科目上）", parent.FullName())
	}
	var exists int
	tx.QueryRow(`SELECT count(*) FROM account WHERE code = ?`, code).Scan(&exists)
	if exists > 0 {
		return Account{}, Errorf(Conflict, "科目代码 %s 已经存在", code)
	}
	res, err := tx.Exec(`INSERT INTO account (code, name, parent_id, class, direction, monetary, mnemonic, approval_exempt)
		VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT approval_exempt FROM account WHERE id = ?))`,
		code, name, parent.ID, parent.Class, parent.Direction, parent.Monetary, Mnemonic(name), parent.ID)
	if err != nil {
		return Account{}, err
	}
	id, _ := res.LastInsertId()
	out := Account{ID: id, Code: code, Name: name, ParentID: parent.ID, Class: parent.Class, Direction: parent.Direction,
		Monetary: parent.Monetary, Mnemonic: Mnemonic(name), Active: true, Leaf: true}
	detail := map[string]string{"code": code, "name": name, "parent": parent.Code}
	for k, v := range extra {
		detail[k] = v
	}
	return out, appendLog(tx, at, u, "account.add", "account", code, nil, detail)
}

// RenameAccount changes an account's name; its code and postings stay.
func (s *Session) RenameAccount(code, name string) error {
	if err := s.require("修改科目", RoleAccountant); err != nil {
		return err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return Errorf(Invalid, "请填写科目名称")
	}
	ac, err := s.b.AccountByCode(code)
	if err != nil {
		return err
	}
	return s.b.write(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE account SET name = ?, mnemonic = ? WHERE id = ?`, name, Mnemonic(name), ac.ID); err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "account.rename", "account", code, map[string]string{"name": ac.Name}, map[string]string{"name": name})
	})
}

// SetAccountActive disables or re-enables an account. A disabled account
// keeps its history but takes no new lines.
func (s *Session) SetAccountActive(code string, active bool) error {
	if err := s.require("停用科目", RoleAccountant); err != nil {
		return err
	}
	ac, err := s.b.AccountByCode(code)
	if err != nil {
		return err
	}
	return s.b.write(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE account SET active = ? WHERE id = ?`, active, ac.ID); err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "account.active", "account", code, map[string]bool{"active": ac.Active}, map[string]bool{"active": active})
	})
}

// DeleteAccount removes an account that has never been used and has no
// children. An account with postings is never deleted (also enforced by a
// trigger).
func (s *Session) DeleteAccount(code string) error {
	if err := s.require("删除科目", RoleAccountant); err != nil {
		return err
	}
	ac, err := s.b.AccountByCode(code)
	if err != nil {
		return err
	}
	if !ac.Leaf {
		return Errorf(Conflict, "科目 %s 有下级科目，不能删除", ac.FullName())
	}
	if ac.ParentID == 0 {
		return Errorf(Forbidden, "一级科目 %s 属于会计制度，不能删除，可以停用", ac.FullName())
	}
	return s.b.write(func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM account WHERE id = ?`, ac.ID); err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "account.delete", "account", code, map[string]string{"code": ac.Code, "name": ac.Name}, nil)
	})
}

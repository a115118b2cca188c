package books

import (
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Role is what a user may do in a book.
type Role string

// Roles. Their Chinese names are what people type and see.
const (
	RoleAccountant Role = "accountant" // 会计
	RoleCashier    Role = "cashier"    // 出纳
	RoleCommittee  Role = "committee"  // 业委会
	RoleParty      Role = "party"      // 社区党组织
	RoleStreet     Role = "street"     // 街道
	RoleAuditor    Role = "auditor"    // 审计 (read-only)
)

var roleNames = map[Role]string{
	RoleAccountant: "会计",
	RoleCashier:    "出纳",
	RoleCommittee:  "业委会",
	RoleParty:      "社区党组织",
	RoleStreet:     "街道",
	RoleAuditor:    "审计",
}

// Roles lists every role in display order.
var Roles = []Role{RoleAccountant, RoleCashier, RoleCommittee, RoleParty, RoleStreet, RoleAuditor}

// Name returns the role's Chinese name.
func (r Role) Name() string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return string(r)
}

// ParseRole accepts a role's Chinese name or its code.
func ParseRole(s string) (Role, error) {
	s = strings.TrimSpace(s)
	for r, n := range roleNames {
		if s == n || s == string(r) {
			return r, nil
		}
	}
	return "", Errorf(Invalid, "没有“%s”这个角色（可选：会计、出纳、业委会、社区党组织、街道、审计）", s)
}

// User is a person who signs into a book.
type User struct {
	ID     int64
	Name   string
	Role   Role
	Active bool
}

// Session is a signed-in user acting on a book. Every operation that reads or
// changes the book goes through a session, which carries the role checks.
type Session struct {
	b    *Book
	user User
	// failedBefore and failedLast are the failed sign-ins before this one
	// (signin.go).
	failedBefore int
	failedLast   string
}

// User returns the session's user.
func (s *Session) User() User { return s.user }

// Book returns the session's book.
func (s *Session) Book() *Book { return s.b }

// SessionFor returns a session acting as an existing user without a password;
// for tests and trusted tools in this module only (the demo generator).
func (b *Book) SessionFor(name string) (*Session, error) {
	u, _, err := b.userByName(name)
	if err != nil {
		return nil, err
	}
	return &Session{b: b, user: u}, nil
}

// Login checks a user's password and returns a session.
// Failed attempts in a row make the next ones wait (signin.go).
func (b *Book) Login(name, password string) (*Session, error) {
	name = strings.TrimSpace(name)
	st := b.loadSignin()
	if err := b.refuseWhileWaiting(name, st[name]); err != nil {
		return nil, err
	}
	u, hash, err := b.userByName(name)
	if err != nil || !u.Active {
		// Same message either way: do not tell which part was wrong.
		return nil, b.recordFailure(st, name, User{})
	}
	// A password hash or role written into the file by hand signs no one in.
	if err := b.RequireSealed("user", u.ID); err != nil {
		return nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		return nil, b.recordFailure(st, name, u)
	}
	s := &Session{b: b, user: u}
	if r := st[name]; r != nil {
		s.failedBefore, s.failedLast = r.Failures, r.Last
		delete(st, name)
		b.saveSignin(st)
	}
	return s, nil
}

func (b *Book) userByName(name string) (User, string, error) {
	var u User
	var hash string
	err := b.db.QueryRow(`SELECT id, name, role, active, pwhash FROM user WHERE name = ?`, strings.TrimSpace(name)).
		Scan(&u.ID, &u.Name, &u.Role, &u.Active, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", Errorf(NotFound, "没有用户“%s”", name)
	}
	if err != nil {
		return u, "", internal("read user", err)
	}
	return u, hash, nil
}

// Users lists the book's users.
func (s *Session) Users() ([]User, error) {
	rows, err := s.b.db.Query(`SELECT id, name, role, active FROM user ORDER BY id`)
	if err != nil {
		return nil, internal("list users", err)
	}
	defer rows.Close()
	var us []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &u.Active); err != nil {
			return nil, internal("list users", err)
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

func validatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < 6 {
		return Errorf(Invalid, "密码至少要 6 个字符")
	}
	if len(pw) > 72 {
		return Errorf(Invalid, "密码太长（最多 72 个字节）")
	}
	return nil
}

func insertUser(tx *sql.Tx, name string, role Role, password, now string) (User, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return User{}, Errorf(Invalid, "请填写用户名")
	}
	if err := validatePassword(password); err != nil {
		return User{}, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return User{}, err
	}
	var exists int
	tx.QueryRow(`SELECT count(*) FROM user WHERE name = ?`, name).Scan(&exists)
	if exists > 0 {
		return User{}, Errorf(Conflict, "用户“%s”已经存在", name)
	}
	res, err := tx.Exec(`INSERT INTO user (name, role, pwhash, created_at) VALUES (?, ?, ?, ?)`, name, string(role), string(hash), now)
	if err != nil {
		return User{}, err
	}
	id, _ := res.LastInsertId()
	return User{ID: id, Name: name, Role: role, Active: true}, nil
}

// AddUser creates a user. Only a 会计 (in a community book) or a 街道 user (in
// a street book) manages users; street users exist only in street books.
func (s *Session) AddUser(name string, role Role, password string) (User, error) {
	info, err := s.b.Info()
	if err != nil {
		return User{}, err
	}
	if err := s.requireManager(info); err != nil {
		return User{}, err
	}
	if _, ok := roleNames[role]; !ok {
		return User{}, Errorf(Invalid, "没有“%s”这个角色（可选：会计、出纳、业委会、社区党组织、街道、审计）", string(role))
	}
	if info.Kind == KindCommunity && role == RoleStreet {
		return User{}, Errorf(Forbidden, "社区账簿不能建立街道用户；街道的审批在街道自己的账簿里进行")
	}
	var u User
	err = s.b.write(func(tx *sql.Tx) error {
		var err error
		now := s.b.stamp()
		u, err = insertUser(tx, name, role, password, now)
		if err != nil {
			return err
		}
		return appendLog(tx, now, s.user, "user.add", "user", u.Name, nil, map[string]string{"name": u.Name, "role": role.Name()})
	})
	return u, err
}

// SetPassword changes a user's password: one's own, or anyone's by the manager.
func (s *Session) SetPassword(name, password string) error {
	info, err := s.b.Info()
	if err != nil {
		return err
	}
	if name != s.user.Name {
		if err := s.requireManager(info); err != nil {
			return err
		}
	}
	if err := validatePassword(password); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return internal("hash password", err)
	}
	return s.b.write(func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE user SET pwhash = ? WHERE name = ?`, string(hash), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(NotFound, "没有用户“%s”", name)
		}
		return appendLog(tx, s.b.stamp(), s.user, "user.password", "user", name, nil, map[string]string{"password": "(已更改)"})
	})
}

// SetUserActive enables or disables a user; a disabled user cannot sign in.
func (s *Session) SetUserActive(name string, active bool) error {
	info, err := s.b.Info()
	if err != nil {
		return err
	}
	if err := s.requireManager(info); err != nil {
		return err
	}
	if name == s.user.Name && !active {
		return Errorf(Invalid, "不能停用自己")
	}
	return s.b.write(func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE user SET active = ? WHERE name = ?`, active, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return Errorf(NotFound, "没有用户“%s”", name)
		}
		return appendLog(tx, s.b.stamp(), s.user, "user.active", "user", name, map[string]bool{"active": !active}, map[string]bool{"active": active})
	})
}

// stillActive refuses a session whose user has been deactivated since it
// signed in: the desktop app keeps a session open for hours.
func (s *Session) stillActive() error {
	if s.user.ID == 0 {
		return nil // the system acting (restore), not a person
	}
	var active bool
	if err := s.b.db.QueryRow(`SELECT active FROM user WHERE id = ?`, s.user.ID).Scan(&active); err != nil || !active {
		return Errorf(Unauthorized, "用户“%s”已被停用（或已不存在），不能再操作；请用其他用户重新登录", s.user.Name)
	}
	return nil
}

func (s *Session) requireManager(info Info) error {
	if err := s.stillActive(); err != nil {
		return err
	}
	if info.Kind == KindStreet && s.user.Role == RoleStreet {
		return nil
	}
	if info.Kind == KindCommunity && s.user.Role == RoleAccountant {
		return nil
	}
	return Errorf(Forbidden, "只有会计（街道账簿中为街道用户）可以管理用户")
}

// require refuses unless the session's role is one of roles.
func (s *Session) require(action string, roles ...Role) error {
	if err := s.stillActive(); err != nil {
		return err
	}
	for _, r := range roles {
		if s.user.Role == r {
			return nil
		}
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.Name()
	}
	return Errorf(Forbidden, "%s需要以下角色之一：%s；当前用户“%s”是%s", action, strings.Join(names, "、"), s.user.Name, s.user.Role.Name())
}

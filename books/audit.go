package books

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// verifyFingerprintsAgainstLog compares each posted voucher's fingerprint
// with the one its posting wrote into the log. A forger who changes a posted
// voucher and recomputes its fingerprint must then also rewrite the log's
// chain from that entry on.
func verifyFingerprintsAgainstLog(b *Book) []string {
	rows, err := b.db.Query(`SELECT entity_id, after FROM oplog WHERE action = 'voucher.post' ORDER BY id`)
	if err != nil {
		return []string{"无法读取操作日志"}
	}
	logged := map[string]string{}
	for rows.Next() {
		var entity, after string
		if err := rows.Scan(&entity, &after); err != nil {
			rows.Close()
			return []string{"无法读取操作日志"}
		}
		var a struct{ Fingerprint string }
		if json.Unmarshal([]byte(after), &a) == nil && a.Fingerprint != "" {
			logged[entity] = a.Fingerprint
		}
	}
	rows.Close()
	rows, err = b.db.Query(`SELECT period, word, number, fingerprint FROM voucher WHERE status = 'posted' ORDER BY period, word, number`)
	if err != nil {
		return []string{"无法读取凭证"}
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var p Period
		var w, fp string
		var n int
		if err := rows.Scan(&p, &w, &n, &fp); err != nil {
			return append(problems, "无法读取凭证")
		}
		key := VoucherNo(w, n) + " " + p.String()
		want, ok := logged[key]
		if ok && want != fp && len(problems) < 50 {
			problems = append(problems, fmt.Sprintf("%s 已记账凭证 %s 与操作日志记下的记账内容不一致（文件被改动过）", p.Chinese(), VoucherNo(w, n)))
		}
		delete(logged, key)
	}
	if err := rows.Err(); err != nil {
		return append(problems, "无法读取凭证")
	}
	// A posted voucher never stops being posted: one the log saw posted
	// and the book no longer holds as posted was unposted or removed by hand.
	var gone []string
	for key := range logged {
		gone = append(gone, key)
	}
	sort.Strings(gone)
	for _, key := range gone {
		if len(problems) >= 50 {
			break
		}
		no, month, _ := strings.Cut(key, " ")
		p, _ := ParsePeriod(month)
		problems = append(problems, fmt.Sprintf("操作日志记载 %s 凭证 %s 已记账，账簿里它却不是已记账凭证（被改回或删除，文件被改动过）", p.Chinese(), no))
	}
	return problems
}

// verifyStateAgainstLog compares what the book says now with what its
// operation log says happened: which months are closed and each user's role.
// The chain proves the log unedited; a closed month reopened or a user
// promoted by editing the file leaves the two disagreeing.
func verifyStateAgainstLog(b *Book) []string {
	var problems []string
	rows, err := b.db.Query(`SELECT action, entity_id, user_name, role, after FROM oplog
		WHERE action IN ('period.close', 'period.reopen', 'user.add', 'book.create') ORDER BY id`)
	if err != nil {
		return []string{"无法读取操作日志"}
	}
	closed := map[string]bool{}
	roles := map[string]string{}
	for rows.Next() {
		var action, entity, user, role, after string
		if err := rows.Scan(&action, &entity, &user, &role, &after); err != nil {
			rows.Close()
			return []string{"无法读取操作日志"}
		}
		switch action {
		case "period.close":
			closed[entity] = true
		case "period.reopen":
			closed[entity] = false
		case "book.create":
			roles[user] = role
		case "user.add":
			var a struct{ Name, Role string }
			if json.Unmarshal([]byte(after), &a) == nil {
				roles[a.Name] = a.Role
			}
		}
	}
	rows.Close()

	rows, err = b.db.Query(`SELECT period FROM period_close ORDER BY period`)
	if err != nil {
		return []string{"无法读取结账记录"}
	}
	inTable := map[string]bool{}
	for rows.Next() {
		var p Period
		rows.Scan(&p)
		inTable[p.String()] = true
		if !closed[p.String()] {
			problems = append(problems, fmt.Sprintf("%s 标为已结账，但操作日志里没有这次结账（文件被改动过）", p.Chinese()))
		}
	}
	rows.Close()
	var months []string
	for m, c := range closed {
		if c && !inTable[m] {
			months = append(months, m)
		}
	}
	sort.Strings(months)
	for _, m := range months {
		p, _ := ParsePeriod(m)
		problems = append(problems, fmt.Sprintf("操作日志记载 %s 已结账，账簿里却没有结账记录（被改成未结账，文件被改动过）", p.Chinese()))
	}

	rows, err = b.db.Query(`SELECT name, role FROM user ORDER BY id`)
	if err != nil {
		return append(problems, "无法读取用户")
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var role Role
		rows.Scan(&name, &role)
		logged, ok := roles[name]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("用户“%s”（%s）在操作日志里没有建立记录（文件被改动过）", name, role.Name()))
		case logged != role.Name():
			problems = append(problems, fmt.Sprintf("用户“%s”现在的角色是%s，操作日志记载的是%s（文件被改动过）", name, role.Name(), logged))
		}
	}
	return problems
}

package auditdata

// The tables of an export: their columns, named in English (the CSV header)
// and in Chinese (the sheet's header and the dictionary), and how each is
// read.

import (
	"sort"
	"strings"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// Column types, as the dictionary names them.
const (
	tText   = "文本 text"
	tInt    = "整数 integer"
	tAmount = "金额 amount（元，两位小数，精确到分）"
	tDate   = "日期 date（YYYY-MM-DD）"
	tPeriod = "月份 period（YYYYMM）"
	tTime   = "时间 datetime（YYYY-MM-DD hh:mm:ss）"
	tBool   = "是否 flag（1 是，0 否）"
)

type column struct {
	key, cn, typ string
	// ref says what the column is to the table: 主键 (its key), or 外键 →
	// the table and column it joins.
	ref  string
	desc string
}

type table struct {
	file, en, cn string
	group        string // the element group of GB/T 24589 the table belongs to
	desc         string
	cols         []column
	rows         func(x *exporter, emit func([]string) error) error
}

func col(key, cn, typ, ref, desc string) column { return column{key, cn, typ, ref, desc} }

const (
	groupBasic   = "基础档案类 basic files"
	groupLedger  = "总账类 general ledger"
	groupSpend   = "支出审批 spending approval"
	groupControl = "操作日志 operation log"
)

func (x *exporter) from() books.Period { return books.Period(x.year*100 + 1) }
func (x *exporter) to() books.Period   { return books.Period(x.year*100 + 12) }

func (x *exporter) tables() []table {
	return []table{
		{file: "accounts.csv", en: "accounts", cn: "会计科目", group: groupBasic, desc: "科目表：每个科目一行，含上级科目；辅助核算为小区。",
			cols: []column{
				col("account_code", "科目编号", tText, "主键 key", "会计科目编码"),
				col("account_name", "科目名称", tText, "", ""),
				col("parent_code", "上级科目编号", tText, "外键 → accounts.account_code", "一级科目为空"),
				col("level", "科目级次", tInt, "", "一级科目为 1"),
				col("category", "科目类别", tText, "", "资产、负债、净资产、收入、费用"),
				col("balance_direction", "余额方向", tText, "", "借 或 贷"),
				col("leaf", "末级科目", tBool, "", "凭证只用末级科目"),
				col("active", "启用", tBool, "", ""),
				col("approval_exempt", "免审批", tBool, "", "支出不需审批的科目（如银行手续费）"),
				col("subsidiary", "辅助核算", tText, "", "每个科目都按小区辅助核算"),
			}, rows: accountRows},
		{file: "compounds.csv", en: "compounds", cn: "辅助核算项目", group: groupBasic, desc: "辅助核算项目：小区。每条分录都记到一个小区。",
			cols: []column{
				col("compound_code", "辅助核算项目编号", tInt, "主键 key", "小区编号"),
				col("compound_name", "辅助核算项目名称", tText, "", "小区名称"),
				col("subsidiary_type", "辅助核算类型", tText, "", "小区"),
				col("archived", "已归档", tBool, "", ""),
				col("created_at", "建立时间", tTime, "", ""),
			}, rows: compoundRows},
		{file: "users.csv", en: "users", cn: "人员", group: groupBasic, desc: "账簿的用户：凭证的制单、审核、记账人，申请的经办人。",
			cols: []column{
				col("user_name", "姓名", tText, "主键 key", ""),
				col("role", "角色", tText, "", "会计、出纳、业委会、社区党组织、街道、审计"),
				col("active", "启用", tBool, "", ""),
				col("created_at", "建立时间", tTime, "", ""),
			}, rows: userRows},
		{file: "vouchers.csv", en: "vouchers", cn: "记账凭证", group: groupLedger, desc: "本年度的记账凭证，含草稿与已审核未记账的（status 区分）。",
			cols: []column{
				col("voucher_id", "凭证内部编号", tInt, "主键 key", "在本账簿内唯一"),
				col("period", "会计期间", tPeriod, "", ""),
				col("voucher_date", "凭证日期", tDate, "", ""),
				col("voucher_type", "凭证类型", tText, "", "记"),
				col("voucher_number", "凭证编号", tInt, "", "每月从 1 起"),
				col("voucher_no", "凭证号", tText, "", "记-0001"),
				col("attachments", "附件数", tInt, "", ""),
				col("status", "凭证状态", tText, "", "草稿、已审核、已记账"),
				col("kind", "凭证来源", tText, "", "normal 手工、payment 付款、import 导入、carry 结转等"),
				col("source_ref", "来源单号", tText, "", "导入时原系统的凭证号等"),
				col("reverses_voucher_id", "冲销的凭证", tInt, "外键 → vouchers.voucher_id", "红字冲销凭证所冲销的凭证"),
				col("preparer", "制单人", tText, "外键 → users.user_name", ""),
				col("reviewer", "审核人", tText, "外键 → users.user_name", "迁移的历史凭证为空"),
				col("poster", "记账人", tText, "外键 → users.user_name", ""),
				col("reviewed_at", "审核时间", tTime, "", ""),
				col("posted_at", "记账时间", tTime, "", ""),
				col("total", "凭证金额", tAmount, "", "借方合计"),
				col("fingerprint", "凭证指纹", tText, "", "记账时分录的 SHA-256，账簿校验用"),
				col("created_at", "填制时间", tTime, "", ""),
			}, rows: voucherRows},
		{file: "voucher_lines.csv", en: "voucher_lines", cn: "凭证分录", group: groupLedger, desc: "本年度凭证的每一条分录，借贷各一列。",
			cols: []column{
				col("voucher_id", "凭证内部编号", tInt, "主键 key（与 line_no）；外键 → vouchers.voucher_id", ""),
				col("line_no", "分录序号", tInt, "主键 key（与 voucher_id）", "凭证内从 1 起"),
				col("period", "会计期间", tPeriod, "", ""),
				col("voucher_no", "凭证号", tText, "", "记-0001"),
				col("summary", "摘要", tText, "", ""),
				col("account_code", "科目编号", tText, "外键 → accounts.account_code", ""),
				col("account_name", "科目名称", tText, "", ""),
				col("compound_code", "辅助核算项目编号", tInt, "外键 → compounds.compound_code", ""),
				col("compound_name", "辅助核算项目名称", tText, "", ""),
				col("debit", "借方发生额", tAmount, "", ""),
				col("credit", "贷方发生额", tAmount, "", ""),
				col("status", "凭证状态", tText, "", "同 vouchers.status；余额只含已记账的"),
			}, rows: lineRows},
		{file: "opening_balances.csv", en: "opening_balances", cn: "年初余额", group: groupLedger, desc: "年初（1 月 1 日）每个末级科目、每个小区的余额，只列不为零的。",
			cols: []column{
				col("account_code", "科目编号", tText, "主键 key（与 compound_code）；外键 → accounts.account_code", ""),
				col("compound_code", "辅助核算项目编号", tInt, "主键 key（与 account_code）；外键 → compounds.compound_code", ""),
				col("compound_name", "辅助核算项目名称", tText, "", ""),
				col("opening_debit", "期初借方余额", tAmount, "", ""),
				col("opening_credit", "期初贷方余额", tAmount, "", ""),
			}, rows: openingRows},
		{file: "period_balances.csv", en: "period_balances", cn: "科目余额及发生额", group: groupLedger, desc: "每月每个末级科目、每个小区的期初余额、本期发生额和期末余额（已记账凭证），有余额或发生额的才列。",
			cols: []column{
				col("period", "会计期间", tPeriod, "主键 key（与 account_code、compound_code）", ""),
				col("account_code", "科目编号", tText, "外键 → accounts.account_code", ""),
				col("compound_code", "辅助核算项目编号", tInt, "外键 → compounds.compound_code", ""),
				col("compound_name", "辅助核算项目名称", tText, "", ""),
				col("opening_debit", "期初借方余额", tAmount, "", ""),
				col("opening_credit", "期初贷方余额", tAmount, "", ""),
				col("period_debit", "本期借方发生额", tAmount, "", ""),
				col("period_credit", "本期贷方发生额", tAmount, "", ""),
				col("closing_debit", "期末借方余额", tAmount, "", ""),
				col("closing_credit", "期末贷方余额", tAmount, "", ""),
			}, rows: balanceRows},
		{file: "applications.csv", en: "applications", cn: "支出申请", group: groupSpend, desc: "本年度申请的，或本年度有付款的支出申请。",
			cols: []column{
				col("app_no", "申请编号", tText, "主键 key", "申-2026-0001"),
				col("date", "申请日期", tDate, "", ""),
				col("compound_name", "小区", tText, "外键 → compounds.compound_name", ""),
				col("title", "事项", tText, "", ""),
				col("purpose", "用途", tText, "", ""),
				col("category", "类别", tText, "", ""),
				col("amount", "申请金额", tAmount, "", ""),
				col("payee", "收款人", tText, "", ""),
				col("applicant_body", "申请主体", tText, "", "业委会"),
				col("handler", "经办人", tText, "外键 → users.user_name", ""),
				col("level", "事项等级", tText, "", "重大、一般、小微"),
				col("state", "状态", tText, "", ""),
				col("reviewed_by", "社区党组织审核人", tText, "", ""),
				col("approval_no", "街道审批编号", tText, "", ""),
				col("approved", "批准金额", tAmount, "", ""),
				col("paper", "纸质审批", tBool, "", ""),
				col("paid", "已付金额", tAmount, "", "已记账的付款，减去被冲销的"),
				col("split_warning", "拆分提示", tText, "", ""),
				col("split_ack_by", "拆分提示确认人", tText, "", ""),
			}, rows: applicationRows},
		{file: "application_events.csv", en: "application_events", cn: "申请审批经过", group: groupSpend, desc: "每份申请的每一步：提交、审核、审批、退回、付款、结项等。",
			cols: []column{
				col("app_no", "申请编号", tText, "外键 → applications.app_no", ""),
				col("at", "时间", tTime, "", ""),
				col("user_name", "操作人", tText, "", ""),
				col("role", "角色", tText, "", ""),
				col("action", "操作", tText, "", ""),
				col("from_state", "原状态", tText, "", ""),
				col("to_state", "新状态", tText, "", ""),
				col("opinion", "意见", tText, "", ""),
			}, rows: eventRows},
		{file: "decisions.csv", en: "decisions", cn: "街道审批决定", group: groupSpend, desc: "街道党工委对申请的决定（签名文件或纸质审批登记）。",
			cols: []column{
				col("app_no", "申请编号", tText, "外键 → applications.app_no", ""),
				col("decision", "决定", tText, "", "批准、退回、驳回"),
				col("approval_no", "审批编号", tText, "", ""),
				col("approved", "批准金额", tAmount, "", ""),
				col("approver", "审批人", tText, "", ""),
				col("decided_at", "决定时间", tTime, "", ""),
				col("opinion", "意见", tText, "", ""),
				col("paper", "纸质审批", tBool, "", ""),
				col("signer", "签名公钥指纹", tText, "", "街道账簿的公钥指纹；纸质审批为空"),
				col("file_sha256", "决定文件 SHA-256", tText, "", ""),
			}, rows: decisionRows},
		{file: "deliberations.csv", en: "deliberations", cn: "议事记录", group: groupSpend, desc: "事项等级要求的议事步骤：会议、表决、公示。",
			cols: []column{
				col("app_no", "申请编号", tText, "外键 → applications.app_no", ""),
				col("step", "议事步骤", tText, "", ""),
				col("date", "日期", tDate, "", ""),
				col("form", "会议形式", tText, "", ""),
				col("expected", "应到人数", tInt, "", ""),
				col("present", "实到人数", tInt, "", ""),
				col("votes_for", "赞成", tInt, "", ""),
				col("votes_against", "反对", tInt, "", ""),
				col("votes_abstain", "弃权", tInt, "", ""),
				col("passed", "通过", tBool, "", ""),
				col("note", "说明", tText, "", ""),
				col("recorded_by", "登记人", tText, "", ""),
			}, rows: deliberationRows},
		{file: "payments.csv", en: "payments", cn: "付款", group: groupSpend, desc: "按申请付款的凭证。",
			cols: []column{
				col("app_no", "申请编号", tText, "外键 → applications.app_no", ""),
				col("voucher_id", "凭证内部编号", tInt, "外键 → vouchers.voucher_id", ""),
				col("period", "会计期间", tPeriod, "", ""),
				col("voucher_no", "凭证号", tText, "", ""),
				col("date", "付款日期", tDate, "", ""),
				col("amount", "付款金额", tAmount, "", ""),
				col("status", "凭证状态", tText, "", ""),
				col("reversed", "已冲销", tBool, "", ""),
			}, rows: paymentRows},
		{file: "oplog.csv", en: "oplog", cn: "操作日志", group: groupControl, desc: "账簿的全部操作日志，到导出时为止；每条的 hash 是 SHA-256 链，可从第一条起逐条核对。",
			cols: []column{
				col("seq", "序号", tInt, "主键 key", ""),
				col("at", "时间", tTime, "", ""),
				col("user_name", "操作人", tText, "", ""),
				col("role", "角色", tText, "", ""),
				col("action", "操作", tText, "", "操作代码，如 voucher.post"),
				col("entity", "对象", tText, "", ""),
				col("entity_id", "对象编号", tText, "", ""),
				col("before", "操作前", tText, "", "JSON"),
				col("after", "操作后", tText, "", "JSON"),
				col("prev_hash", "上一条哈希", tText, "", ""),
				col("hash", "本条哈希", tText, "", ""),
			}, rows: logRows},
	}
}

var classNames = map[string]string{"asset": "资产", "liability": "负债", "netasset": "净资产", "income": "收入", "expense": "费用"}

func b01(v bool) string {
	if v {
		return "1"
	}
	return "0"
}

// each runs query on the export's snapshot and calls fn with each row's
// scan.
func (x *exporter) each(query string, args []any, fn func(scan func(...any) error) error) error {
	return books.EachRow(x.q, query, args, fn)
}

func accountRows(x *exporter, emit func([]string) error) error {
	type acc struct {
		code, name, class, dir string
		parent                 int64
		active, exempt, leaf   bool
	}
	byID := map[int64]*acc{}
	var ids []int64
	err := x.each(`SELECT a.id, a.code, a.name, coalesce(a.parent_id, 0), a.class, a.direction, a.active, a.approval_exempt,
		NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id) FROM account a ORDER BY a.code`, nil, func(scan func(...any) error) error {
		var id int64
		a := &acc{}
		if err := scan(&id, &a.code, &a.name, &a.parent, &a.class, &a.dir, &a.active, &a.exempt, &a.leaf); err != nil {
			return err
		}
		byID[id] = a
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		a := byID[id]
		level, parent := 1, ""
		for p := a.parent; p != 0 && level < 20; level++ {
			if parent == "" {
				parent = byID[p].code
			}
			p = byID[p].parent
		}
		dir := "借"
		if a.dir == "credit" {
			dir = "贷"
		}
		if err := emit([]string{a.code, a.name, parent, itoa(int64(level)), classNames[a.class], dir, b01(a.leaf), b01(a.active), b01(a.exempt), "小区"}); err != nil {
			return err
		}
	}
	return nil
}

func compoundRows(x *exporter, emit func([]string) error) error {
	return x.each(`SELECT id, name, archived, created_at FROM compound ORDER BY id`, nil, func(scan func(...any) error) error {
		var id int64
		var name, at string
		var archived bool
		if err := scan(&id, &name, &archived, &at); err != nil {
			return err
		}
		return emit([]string{itoa(id), name, "小区", b01(archived), at})
	})
}

func userRows(x *exporter, emit func([]string) error) error {
	return x.each(`SELECT name, role, active, created_at FROM user ORDER BY id`, nil, func(scan func(...any) error) error {
		var name, role, at string
		var active bool
		if err := scan(&name, &role, &active, &at); err != nil {
			return err
		}
		return emit([]string{name, books.Role(role).Name(), b01(active), at})
	})
}

var statusNames = map[string]string{books.StatusDraft: "草稿", books.StatusReviewed: "已审核", books.StatusPosted: "已记账"}

func voucherRows(x *exporter, emit func([]string) error) error {
	return x.each(`SELECT v.id, v.period, v.date, v.word, v.number, v.attachments, v.status, v.kind, v.source_ref, coalesce(v.reverses_id, 0),
		p.name, coalesce(r.name, ''), coalesce(o.name, ''), coalesce(v.reviewed_at, ''), coalesce(v.posted_at, ''), v.total_fen, v.fingerprint, v.created_at
		FROM voucher v JOIN user p ON p.id = v.preparer_id LEFT JOIN user r ON r.id = v.reviewer_id LEFT JOIN user o ON o.id = v.poster_id
		WHERE v.period BETWEEN ? AND ? ORDER BY v.period, v.word, v.number`, []any{int(x.from()), int(x.to())}, func(scan func(...any) error) error {
		var id, reverses, total int64
		var period books.Period
		var number, att int
		var date, word, status, kind, ref, prep, rev, poster, revAt, postAt, fp, created string
		if err := scan(&id, &period, &date, &word, &number, &att, &status, &kind, &ref, &reverses, &prep, &rev, &poster, &revAt, &postAt, &total, &fp, &created); err != nil {
			return err
		}
		x.totals.Vouchers++
		if status == books.StatusPosted {
			x.totals.PostedVouchers++
		}
		rs := ""
		if reverses != 0 {
			rs = itoa(reverses)
		}
		return emit([]string{itoa(id), itoa(int64(period)), date, word, itoa(int64(number)), books.VoucherNo(word, number), itoa(int64(att)),
			statusNames[status], kind, ref, rs, prep, rev, poster, revAt, postAt, yuan(total), fp, created})
	})
}

func lineRows(x *exporter, emit func([]string) error) error {
	var dr, cr int64
	err := x.each(`SELECT v.id, l.seq, v.period, v.word, v.number, l.memo, a.code, a.name, c.id, c.name, l.debit_fen, l.credit_fen, v.status
		FROM voucher_line l JOIN voucher v ON v.id = l.voucher_id JOIN account a ON a.id = l.account_id JOIN compound c ON c.id = l.compound_id
		WHERE v.period BETWEEN ? AND ? ORDER BY v.period, v.word, v.number, l.seq`, []any{int(x.from()), int(x.to())}, func(scan func(...any) error) error {
		var vid, seq, comp, d, c int64
		var period books.Period
		var number int
		var word, memo, code, name, cname, status string
		if err := scan(&vid, &seq, &period, &word, &number, &memo, &code, &name, &comp, &cname, &d, &c, &status); err != nil {
			return err
		}
		x.totals.Lines++
		if status == books.StatusPosted {
			dr, cr = dr+d, cr+c
		}
		return emit([]string{itoa(vid), itoa(seq), itoa(int64(period)), books.VoucherNo(word, number), memo, code, name, itoa(comp), cname, yuan(d), yuan(c), statusNames[status]})
	})
	x.totals.PostedDebit, x.totals.PostedCredit = yuan(dr), yuan(cr)
	return err
}

// balanceKey is a leaf account and a compound.
type balanceKey struct {
	acc, comp int64
}

type balanceSums struct {
	comp        int64
	code, cname string
	open        int64     // debit − credit before the year
	dr, cr      [13]int64 // the year's months, 1–12
}

// balances reads the kept balances (posted lines by account, compound and
// month) up to the year's end, in account and compound order.
func (x *exporter) balances() ([]*balanceSums, error) {
	byKey := map[balanceKey]*balanceSums{}
	var keys []balanceKey
	err := x.each(`SELECT b.account_id, b.compound_id, a.code, c.name, b.period, b.debit_fen, b.credit_fen FROM balance b
		JOIN account a ON a.id = b.account_id JOIN compound c ON c.id = b.compound_id WHERE b.period <= ?`, []any{int(x.to())},
		func(scan func(...any) error) error {
			var k balanceKey
			var code, cname string
			var p books.Period
			var d, c int64
			if err := scan(&k.acc, &k.comp, &code, &cname, &p, &d, &c); err != nil {
				return err
			}
			s := byKey[k]
			if s == nil {
				s = &balanceSums{comp: k.comp, code: code, cname: cname}
				byKey[k] = s
				keys = append(keys, k)
			}
			if p < x.from() {
				s.open += d - c
			} else {
				s.dr[p.Month()] += d
				s.cr[p.Month()] += c
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := byKey[keys[i]], byKey[keys[j]]
		if a.code != b.code {
			return a.code < b.code
		}
		return keys[i].comp < keys[j].comp
	})
	out := make([]*balanceSums, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out, nil
}

// sides writes a signed balance (debit positive) as its debit and credit
// columns.
func sides(v int64) (string, string) {
	return yuan(max(v, 0)), yuan(max(-v, 0))
}

func openingRows(x *exporter, emit func([]string) error) error {
	all, err := x.balances()
	if err != nil {
		return err
	}
	for _, s := range all {
		if s.open == 0 {
			continue
		}
		d, c := sides(s.open)
		if err := emit([]string{s.code, itoa(s.comp), s.cname, d, c}); err != nil {
			return err
		}
	}
	return nil
}

func balanceRows(x *exporter, emit func([]string) error) error {
	all, err := x.balances()
	if err != nil {
		return err
	}
	type row struct {
		m int
		s *balanceSums
	}
	var rows []row
	for _, s := range all {
		for m := 1; m <= 12; m++ {
			rows = append(rows, row{m, s})
		}
	}
	// Month first, as a ledger reads.
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].m < rows[j].m })
	for _, r := range rows {
		s, m := r.s, r.m
		open := s.open
		for k := 1; k < m; k++ {
			open += s.dr[k] - s.cr[k]
		}
		if open == 0 && s.dr[m] == 0 && s.cr[m] == 0 {
			continue
		}
		od, oc := sides(open)
		cd, cc := sides(open + s.dr[m] - s.cr[m])
		if err := emit([]string{itoa(int64(x.year*100 + m)), s.code, itoa(s.comp), s.cname, od, oc, yuan(s.dr[m]), yuan(s.cr[m]), cd, cc}); err != nil {
			return err
		}
	}
	return nil
}

// applications are the year's: applied for in it, or paid in it.
func (x *exporter) applications() ([]spending.Application, error) {
	if x.apps != nil {
		return x.apps, nil
	}
	list, err := spending.Applications(x.b, spending.AppFilter{Limit: 1 << 30})
	if err != nil {
		return nil, err
	}
	prefix := itoa(int64(x.year)) + "-"
	out := []spending.Application{}
	for i := len(list) - 1; i >= 0; i-- {
		a, err := spending.ApplicationByNo(x.b, list[i].No)
		if err != nil {
			return nil, err
		}
		in := strings.HasPrefix(a.Date, prefix)
		for _, p := range a.Payments {
			in = in || p.Period.Year() == x.year
		}
		if in {
			out = append(out, a)
		}
	}
	x.apps = out
	x.totals.Applications = len(out)
	return out, nil
}

func applicationRows(x *exporter, emit func([]string) error) error {
	apps, err := x.applications()
	if err != nil {
		return err
	}
	for _, a := range apps {
		approved := ""
		if a.ApprovalNo != "" || !a.Approved.IsZero() {
			approved = books.PlainYuan(a.Approved)
		}
		if err := emit([]string{a.No, a.Date, a.Compound, a.Title, a.Purpose, a.Category, books.PlainYuan(a.Amount), a.Payee, a.ApplicantBody,
			a.ApplicantPerson, a.Level, a.StateName(), a.ReviewedBy, a.ApprovalNo, approved, b01(a.Paper), books.PlainYuan(a.Paid),
			a.SplitWarning, a.SplitAckBy}); err != nil {
			return err
		}
	}
	return nil
}

func eventRows(x *exporter, emit func([]string) error) error {
	apps, err := x.applications()
	if err != nil {
		return err
	}
	for _, a := range apps {
		for _, e := range a.Events {
			if err := emit([]string{a.No, e.At, e.User, e.Role, e.ActionName(), e.From, e.To, e.Opinion}); err != nil {
				return err
			}
		}
	}
	return nil
}

func decisionRows(x *exporter, emit func([]string) error) error {
	apps, err := x.applications()
	if err != nil {
		return err
	}
	for _, a := range apps {
		for _, d := range a.Decisions {
			if err := emit([]string{a.No, d.DecisionName(), d.ApprovalNo, books.PlainYuan(d.Approved), d.Approver, d.DecidedAt, d.Opinion,
				b01(d.Paper), d.Signer, d.FileSHA256}); err != nil {
				return err
			}
		}
	}
	return nil
}

func deliberationRows(x *exporter, emit func([]string) error) error {
	apps, err := x.applications()
	if err != nil {
		return err
	}
	for _, a := range apps {
		for _, d := range a.Deliberations {
			n := func(v int) string {
				if !d.Voted {
					return ""
				}
				return itoa(int64(v))
			}
			if err := emit([]string{a.No, d.Step, d.Date, d.Form, n(d.Expected), n(d.Present), n(d.VotesFor), n(d.VotesAgainst), n(d.VotesAbstain),
				b01(d.Passed), d.Note, d.RecordedBy}); err != nil {
				return err
			}
		}
	}
	return nil
}

func paymentRows(x *exporter, emit func([]string) error) error {
	apps, err := x.applications()
	if err != nil {
		return err
	}
	for _, a := range apps {
		for _, p := range a.Payments {
			if err := emit([]string{a.No, itoa(p.VoucherID), itoa(int64(p.Period)), p.VoucherNo, p.Date, books.PlainYuan(p.Amount), statusNames[p.Status], b01(p.Reversed)}); err != nil {
				return err
			}
		}
	}
	return nil
}

func logRows(x *exporter, emit func([]string) error) error {
	return x.each(`SELECT id, at, user_name, role, action, entity, entity_id, before, after, prev_hash, hash FROM oplog ORDER BY id`, nil,
		func(scan func(...any) error) error {
			var id int64
			var at, user, role, action, entity, eid, before, after, prev, h string
			if err := scan(&id, &at, &user, &role, &action, &entity, &eid, &before, &after, &prev, &h); err != nil {
				return err
			}
			x.totals.LogEntries++
			return emit([]string{itoa(id), at, user, role, action, entity, eid, before, after, prev, h})
		})
}

// writeDictionary writes the data dictionary: every table and column in
// Chinese and English, its type, its key and how the tables join.
func (x *exporter) writeDictionary() (File, error) {
	t := table{file: "dictionary.csv", en: "dictionary", cn: "数据字典", group: "说明 description",
		cols: []column{
			col("table", "表", tText, "", ""), col("table_cn", "表名", tText, "", ""), col("group", "数据元素分组", tText, "", ""),
			col("column", "列", tText, "", ""), col("column_cn", "列名", tText, "", ""), col("type", "类型", tText, "", ""),
			col("key", "键与关联", tText, "", ""), col("description", "说明", tText, "", ""),
		}}
	t.rows = func(x *exporter, emit func([]string) error) error {
		for _, tb := range x.tables() {
			if err := emit([]string{tb.file, tb.cn, tb.group, "", "", "", "", tb.desc}); err != nil {
				return err
			}
			for _, c := range tb.cols {
				if err := emit([]string{tb.file, tb.cn, tb.group, c.key, c.cn, c.typ, c.ref, c.desc}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return x.write(t)
}

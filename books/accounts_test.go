package books

import (
	"strings"
	"testing"
)

func TestChartTemplates(t *testing.T) {
	if n := len(npo2004.accounts); n != 48 {
		t.Errorf("npo2004 has %d accounts, want 48", n)
	}
	for _, tmpl := range chartTemplates {
		seen := map[string]bool{}
		for _, a := range tmpl.accounts {
			if seen[a.code] {
				t.Errorf("%s: code %s twice", tmpl.name, a.code)
			}
			seen[a.code] = true
		}
		if !seen[tmpl.carry] {
			t.Errorf("%s: carry account %s not in the chart", tmpl.name, tmpl.carry)
		}
	}
	for _, code := range []string{"101", "102", "112", "211", "311", "321", "501", "504", "513", "514", "515"} {
		found := false
		for _, a := range rural2023.accounts {
			found = found || a.code == code
		}
		if !found {
			t.Errorf("rural2023 lacks DOMAIN.md's code %s", code)
		}
	}
}

// TestRural2023Chart pins the 2023 rural chart to the appendix of
// 财会〔2023〕14号: every code, name, class and normal side, in order.
func TestRural2023Chart(t *testing.T) {
	want := []struct{ code, name, class, side string }{
		{"101", "库存现金", "asset", "借"}, {"102", "银行存款", "asset", "借"},
		{"111", "短期投资", "asset", "借"}, {"112", "应收款", "asset", "借"},
		{"113", "内部往来", "asset", "借"}, {"121", "库存物资", "asset", "借"},
		{"131", "消耗性生物资产", "asset", "借"}, {"132", "生产性生物资产", "asset", "借"},
		{"133", "生产性生物资产累计折旧", "asset", "贷"}, {"134", "公益性生物资产", "asset", "借"},
		{"141", "长期投资", "asset", "借"}, {"151", "固定资产", "asset", "借"},
		{"152", "累计折旧", "asset", "贷"}, {"153", "在建工程", "asset", "借"},
		{"154", "固定资产清理", "asset", "借"}, {"161", "无形资产", "asset", "借"},
		{"162", "累计摊销", "asset", "贷"}, {"171", "长期待摊费用", "asset", "借"},
		{"181", "待处理财产损溢", "asset", "借"},
		{"201", "短期借款", "liability", "贷"}, {"211", "应付款", "liability", "贷"},
		{"212", "应付工资", "liability", "贷"}, {"213", "应付劳务费", "liability", "贷"},
		{"214", "应交税费", "liability", "贷"}, {"221", "长期借款及应付款", "liability", "贷"},
		{"231", "一事一议资金", "liability", "贷"}, {"241", "专项应付款", "liability", "贷"},
		{"301", "资本", "netasset", "贷"}, {"311", "公积公益金", "netasset", "贷"},
		{"321", "本年收益", "netasset", "贷"}, {"322", "收益分配", "netasset", "贷"},
		{"401", "生产（劳务）成本", "asset", "借"},
		{"501", "经营收入", "income", "贷"}, {"502", "投资收益", "income", "贷"},
		{"503", "补助收入", "income", "贷"}, {"504", "其他收入", "income", "贷"},
		{"511", "经营支出", "expense", "借"}, {"512", "税金及附加", "expense", "借"},
		{"513", "管理费用", "expense", "借"}, {"514", "公益支出", "expense", "借"},
		{"515", "其他支出", "expense", "借"}, {"521", "所得税费用", "expense", "借"},
	}
	got := rural2023.accounts
	if len(got) != len(want) {
		t.Fatalf("rural2023 has %d accounts, want %d", len(got), len(want))
	}
	for i, w := range want {
		side := "借"
		if got[i].credit {
			side = "贷"
		}
		if g := got[i]; g.code != w.code || g.name != w.name || g.class != w.class || side != w.side {
			t.Errorf("account %d: %s %s %s %s, want %s %s %s %s", i+1, g.code, g.name, g.class, side, w.code, w.name, w.class, w.side)
		}
	}
	if rural2023.carry != "321" {
		t.Errorf("year-end carry into %s, want 321 本年收益", rural2023.carry)
	}
}

// TestNPO2004Chart pins the 48 accounts of 民间非营利组织会计制度 as issue 2
// lists them.
func TestNPO2004Chart(t *testing.T) {
	want := "1001 现金, 1002 银行存款, 1009 其他货币资金, 1101 短期投资, 1102 短期投资跌价准备, 1111 应收票据, 1121 应收账款, 1122 其他应收款, 1131 坏账准备, 1141 预付账款, " +
		"1201 存货, 1202 存货跌价准备, 1301 待摊费用, 1401 长期股权投资, 1402 长期债权投资, 1421 长期投资减值准备, " +
		"1501 固定资产, 1502 累计折旧, 1505 在建工程, 1506 文物文化资产, 1509 固定资产清理, 1601 无形资产, " +
		"1701 受托代理资产, 2101 短期借款, 2201 应付票据, 2202 应付账款, 2203 预收账款, 2204 应付工资, " +
		"2206 应交税金, 2209 其他应付款, 2301 预提费用, 2401 预计负债, 2501 长期借款, 2502 长期应付款, " +
		"2601 受托代理负债, 3101 非限定性净资产, 3102 限定性净资产, 4101 捐赠收入, 4201 会费收入, " +
		"4301 提供服务收入, 4401 政府补助收入, 4501 商品销售收入, 4601 投资收益, 4901 其他收入, " +
		"5101 业务活动成本, 5201 管理费用, 5301 筹资费用, 5401 其他费用"
	var got []string
	for _, a := range npo2004.accounts {
		got = append(got, a.code+" "+a.name)
	}
	if g := strings.Join(got, ", "); g != want {
		t.Errorf("npo2004 chart:\n got %s\nwant %s", g, want)
	}
	for _, a := range npo2004.accounts {
		contra := a.code == "1102" || a.code == "1131" || a.code == "1202" || a.code == "1421" || a.code == "1502"
		if a.class == "asset" && a.credit != contra {
			t.Errorf("%s %s: credit-normal %v", a.code, a.name, a.credit)
		}
	}
}

func TestMnemonic(t *testing.T) {
	tests := []struct{ in, want string }{
		{"银行存款", "yhck"},
		{"现金", "xj"},
		{"其他应收款", "qtysk"},
		{"工商银行A户", "gsyhah"},
		{"长期借款", "cqjk"},
		{"行政办公", "xzbg"},
	}
	for _, tt := range tests {
		if got := Mnemonic(tt.in); got != tt.want {
			t.Errorf("Mnemonic(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAccountRules(t *testing.T) {
	tb := newTestBook(t)
	tests := []struct {
		name, parent, code string
		want               Code
	}{
		{"child extends parent", "1002", "100201", ""},
		{"child must extend parent code", "1002", "100301", Invalid},
		{"child code must be longer", "1002", "1002", Invalid},
		{"duplicate code", "1002", "100201", Conflict},
		{"unknown parent", "9999", "999901", NotFound},
	}
	for _, tt := range tests {
		_, err := tb.accountant.AddAccount(tt.parent, tt.code, "工商银行")
		if ErrorCode(err) != tt.want {
			t.Errorf("%s: AddAccount(%s, %s) = %v, want %q", tt.name, tt.parent, tt.code, err, tt.want)
		}
	}
	ac, _ := tb.AccountByCode("100201")
	if ac.Class != ClassAsset || ac.Monetary != "bank" || ac.Direction != "debit" {
		t.Errorf("child did not inherit: %+v", ac)
	}
	// A used account: no first child, no deletion.
	tb.post("2026-03-05", line("a", "100201", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	if _, err := tb.accountant.AddAccount("4901", "490101", "杂项"); ErrorCode(err) != Conflict {
		t.Errorf("first child of a used account: %v", err)
	}
	if err := tb.accountant.DeleteAccount("100201"); err == nil || !strings.Contains(ErrorMessage(err), "不能删除") {
		t.Errorf("deleting a used account: %v", err)
	}
	if err := tb.accountant.SetAccountActive("100201", false); err != nil {
		t.Fatal(err)
	}
	_, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-06", Lines: []Line{line("a", "100201", "阳光小区", "1", ""), line("a", "4901", "阳光小区", "", "1")}})
	if err == nil || !strings.Contains(ErrorMessage(err), "停用") {
		t.Errorf("voucher on a disabled account: %v", err)
	}
	if err := tb.accountant.RenameAccount("100201", "工商银行基本户"); err != nil {
		t.Fatal(err)
	}
	if err := tb.cashier.RenameAccount("100201", "x"); ErrorCode(err) != Forbidden {
		t.Errorf("cashier renaming an account: %v", err)
	}
}

func TestCompoundRules(t *testing.T) {
	tb := newTestBook(t)
	if _, err := tb.accountant.AddCompound("阳光小区"); ErrorCode(err) != Conflict {
		t.Errorf("duplicate compound: %v", err)
	}
	tb.post("2026-03-05", line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	if err := tb.accountant.ArchiveCompound("阳光小区", true); ErrorCode(err) != Conflict {
		t.Errorf("archiving a compound holding money: %v", err)
	}
	if err := tb.accountant.ArchiveCompound("和平小区", true); err != nil {
		t.Fatal(err)
	}
	_, err := tb.accountant.SaveVoucher(Voucher{Date: "2026-03-06", Lines: []Line{line("a", "1001", "和平小区", "1", ""), line("a", "4901", "和平小区", "", "1")}})
	if err == nil || !strings.Contains(ErrorMessage(err), "归档") {
		t.Errorf("voucher on an archived compound: %v", err)
	}
	if err := tb.accountant.RenameCompound("阳光小区", "阳光新村"); err != nil {
		t.Fatal(err)
	}
	v, _ := tb.Voucher(1)
	if v.Lines[0].CompoundName != "阳光新村" {
		t.Errorf("history did not follow the rename: %q", v.Lines[0].CompoundName)
	}
}

func TestRestoreOwnBackup(t *testing.T) {
	tb := newTestBook(t)
	tb.post("2026-03-05", line("a", "1001", "阳光小区", "10", ""), line("a", "4901", "阳光小区", "", "10"))
	snap, err := tb.accountant.Backup()
	if err != nil {
		t.Fatal(err)
	}
	tb.post("2026-03-06", line("b", "1001", "阳光小区", "20", ""), line("b", "4901", "阳光小区", "", "20"))
	path := tb.Path()
	tb.Close()
	saved, err := Restore(t.Context(), path, snap, standIn)
	if err != nil {
		t.Fatal(err)
	}
	if saved == "" {
		t.Error("restore kept no copy of the state it replaced")
	}
	b, err := Open(path, standIn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n, _ := b.CountVouchers(VoucherFilter{})
	if n != 1 {
		t.Errorf("after restore the book has %d vouchers, want 1", n)
	}
	if p, _ := b.Verify(t.Context()); len(p) != 0 {
		t.Errorf("restored book does not verify: %v", p)
	}
	log, _ := (&Session{b: b}).Log(LogFilter{Text: "book.restore"})
	if len(log) != 1 {
		t.Errorf("restore not logged: %v", log)
	}
}

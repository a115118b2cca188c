package books

// The balance sheet (资产负债表).

// BalanceSheetRow is one line of the balance sheet.
type BalanceSheetRow struct {
	Code, Name string
	YearStart  Money // 年初数: at the end of the previous year
	End        Money // 期末数
}

// BalanceSheet is the 资产负债表 at a month's end.
type BalanceSheet struct {
	At                                         Period
	CompoundID                                 int64
	CompoundName                               string
	EquityTitle                                string // 净资产 (npo2004) or 所有者权益 (rural2023)
	Assets                                     []BalanceSheetRow
	Liabilities                                []BalanceSheetRow
	Equity                                     []BalanceSheetRow
	TotalAssets, TotalLiabilities, TotalEquity BalanceSheetRow
}

// BalanceSheet builds the 资产负债表 at the end of month at from the kept
// balances: assets (debit − credit), liabilities and net assets (credit −
// debit) by first-level account; income and expense not yet carried show as
// a line of net assets, so assets = liabilities + net assets always.
func (b *Book) BalanceSheet(at Period, compoundID int64) (BalanceSheet, error) {
	bs := BalanceSheet{At: at, CompoundID: compoundID, EquityTitle: "净资产"}
	if !at.Valid() {
		return bs, Errorf(Invalid, "资产负债表的月份 %s 不对：应是 1900 年到 9999 年之间的 1 到 12 月", at)
	}
	info, err := b.Info()
	if err != nil {
		return bs, err
	}
	if info.Chart == "rural2023" {
		bs.EquityTitle = "所有者权益"
	}
	if bs.CompoundName, err = b.compoundLabel(compoundID); err != nil {
		return bs, err
	}
	c, err := b.loadChart()
	if err != nil {
		return bs, err
	}
	s, err := b.rangeSums(c, Period(at.Year()*100+1), at, compoundID)
	if err != nil {
		return bs, internal("balance sheet", err)
	}
	var unYS, unEnd int64 // income and expense not carried, credit − debit
	var tot [3][2]int64
	for _, a := range c.list {
		if a.ParentID != 0 {
			continue
		}
		x := s[a.ID]
		if x == nil {
			continue
		}
		ys, end := x.open, x.open+x.debit-x.credit
		switch a.Class {
		case ClassIncome, ClassExpense:
			unYS -= ys
			unEnd -= end
			continue
		case ClassLiability, ClassNetAsset:
			ys, end = -ys, -end
		}
		if ys == 0 && end == 0 {
			continue
		}
		row := BalanceSheetRow{Code: a.Code, Name: a.Name, YearStart: FromFen(ys), End: FromFen(end)}
		i := map[string]int{ClassAsset: 0, ClassLiability: 1, ClassNetAsset: 2}[a.Class]
		tot[i][0] += ys
		tot[i][1] += end
		switch i {
		case 0:
			bs.Assets = append(bs.Assets, row)
		case 1:
			bs.Liabilities = append(bs.Liabilities, row)
		default:
			bs.Equity = append(bs.Equity, row)
		}
	}
	if unYS != 0 || unEnd != 0 {
		bs.Equity = append(bs.Equity, BalanceSheetRow{Name: "未结转收支结余", YearStart: FromFen(unYS), End: FromFen(unEnd)})
		tot[2][0] += unYS
		tot[2][1] += unEnd
	}
	bs.TotalAssets = BalanceSheetRow{Name: "资产总计", YearStart: FromFen(tot[0][0]), End: FromFen(tot[0][1])}
	bs.TotalLiabilities = BalanceSheetRow{Name: "负债合计", YearStart: FromFen(tot[1][0]), End: FromFen(tot[1][1])}
	bs.TotalEquity = BalanceSheetRow{Name: bs.EquityTitle + "合计", YearStart: FromFen(tot[2][0]), End: FromFen(tot[2][1])}
	return bs, nil
}

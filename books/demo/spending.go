package demo

import (
	"fmt"
	"os"
	"path/filepath"

	"sunbooks/books"
	"sunbooks/books/spending"
	"sunbooks/books/standard"
)

// demoScan stands for a scanned page in demo attachments.
var demoScan = []byte("%PDF-1.4\n% 阳光账本演示扫描件\n%%EOF\n")

// demoSpending adds applications in every kind of state to the demo book: a
// 重大 one (工程建设, 重大 by nature) through the whole chain with two
// payments and closed, a 小微 one approved on paper and paid, a 一般 one
// waiting for the street, and a 小微 one returned to its applicant. The
// street's decision on the 重大 one is a real signed file, made by a
// throwaway street book whose key the demo book trusts; it is removed
// afterwards, so the demo's street key has no book behind it (trusting the
// real street's key later replaces it). Everything happens on the demo's
// today, after the year's vouchers, with the deliberations dated in the
// weeks before.
//
// It is long on purpose: each application's path through the chain, told in
// order.
func demoSpending(c *Context) error {
	today := c.Today.Format("2006-01-02")
	day := func(back int) string { return c.Today.AddDate(0, 0, -back).Format("2006-01-02") }
	c.At(today, 9)

	// The compound with the most money pays.
	compound, best := "", books.FromFen(0)
	for _, name := range Compounds {
		sp, err := c.Book.Spendable(c.Compounds[name].ID, 0)
		if err != nil {
			return err
		}
		if compound == "" || sp.Cmp(best) > 0 {
			compound, best = name, sp
		}
	}
	bestFen, _ := books.ToFen(best)
	majorFen := min(int64(1860000), bestFen*4/10/10000*10000) // whole hundreds of yuan
	if majorFen < 300000 {
		return books.Errorf(books.Invalid, "演示账簿的小区资金太少（%s 元），无法演示支出", books.FormatYuan(best))
	}
	minorFen := int64(260000)

	dir, err := os.MkdirTemp("", "sunbooks-demo-street-")
	if err != nil {
		return fmt.Errorf("demo street: %w", err)
	}
	defer os.RemoveAll(dir)
	street, err := books.Create(filepath.Join(dir, "street.sunbooks"), books.CreateOptions{Kind: books.KindStreet, Street: "城关街道", UserName: "孙主任", Password: "demo-street", Now: c.now}, standard.Modules()...)
	if err != nil {
		return err
	}
	defer street.Close()
	director, err := street.SessionFor("孙主任")
	if err != nil {
		return err
	}
	if err := demoTrust(c.Accountant, director); err != nil {
		return err
	}

	apply := func(title, purpose, category, payee string, fen int64, date string) (spending.Application, error) {
		a, err := spending.Apply(c.Committee, spending.ApplyInput{Compound: compound, Title: title, Purpose: purpose, Category: category,
			Amount: books.FromFen(fen), Payee: payee, Date: date})
		if err != nil {
			return a, err
		}
		if _, err := spending.Attach(c.Committee, a.No, spending.AttachmentInput{Name: "报价单.pdf", Data: demoScan}); err != nil {
			return a, err
		}
		return spending.Submit(c.Committee, a.No, "")
	}
	deliberate := func(no, phase, date string) error { return demoDeliberate(c, no, phase, date, today) }
	pay := func(no string, fen int64) error {
		v, err := spending.Pay(c.Cashier, no, spending.PayInput{Date: today, Amount: books.FromFen(fen), From: demoMoneyAccount(c, c.Compounds[compound].ID), To: "510105", Attachments: 1})
		if err != nil {
			return err
		}
		return c.postPayment(today, v.ID)
	}

	// 重大 by nature, through to 结项.
	major, err := apply("二号楼外墙防水维修工程", "二号楼外墙渗水，经业主大会同意进行防水维修", "工程建设", "鲁南建筑工程有限公司", majorFen, day(24))
	if err != nil {
		return err
	}
	if err := deliberate(major.No, spending.PhaseReview, day(22)); err != nil {
		return err
	}
	if err := spending.Review(c.Party, major.No, "approve", "五议程序完备，同意报街道审批"); err != nil {
		return err
	}
	req, err := spending.ExportRequest(c.Accountant, major.No)
	if err != nil {
		return err
	}
	if _, err := spending.ImportRequest(director, req); err != nil {
		return err
	}
	dec, err := spending.StreetDecide(director, "", major.No, "approve", "同意实施，严格按合同付款并公开", books.FromFen(0))
	if err != nil {
		return err
	}
	if _, err := spending.ImportDecision(c.Accountant, dec); err != nil {
		return err
	}
	for _, phase := range []string{spending.PhaseFiling, spending.PhasePayment} {
		if err := deliberate(major.No, phase, today); err != nil {
			return err
		}
	}
	if err := pay(major.No, majorFen*7/10/100*100); err != nil {
		return err
	}
	if err := pay(major.No, majorFen-majorFen*7/10/100*100); err != nil {
		return err
	}
	if err := deliberate(major.No, spending.PhaseClose, today); err != nil {
		return err
	}
	if err := spending.CloseApplication(c.Accountant, major.No, "工程已验收，实施结果已公开"); err != nil {
		return err
	}

	// 小微, approved on paper and paid.
	minor, err := apply("购置分类垃圾桶", "更换破损垃圾桶 20 组", "环境整治", "绿源环保用品店", minorFen, day(12))
	if err != nil {
		return err
	}
	if err := deliberate(minor.No, spending.PhaseReview, day(10)); err != nil {
		return err
	}
	if err := spending.Review(c.Party, minor.No, "approve", "同意"); err != nil {
		return err
	}
	if _, err := spending.RecordPaperDecision(c.Accountant, minor.No, spending.PaperDecision{Decision: "approve", ApprovalNo: "城街审〔" + today[:4] + "〕7号",
		Approver: "孙主任", Date: today, Opinion: "同意", Scan: spending.AttachmentInput{Name: "街道审批单.pdf", Data: demoScan}}); err != nil {
		return err
	}
	if err := pay(minor.No, minorFen); err != nil {
		return err
	}

	// 一般, waiting for the street.
	general, err := apply("小区路灯更换", "更换损坏路灯 16 盏", "物业维修", "明亮电器维修部", 860000, day(8))
	if err != nil {
		return err
	}
	if err := deliberate(general.No, spending.PhaseReview, day(6)); err != nil {
		return err
	}
	if err := spending.Review(c.Party, general.No, "approve", "同意报街道审批"); err != nil {
		return err
	}
	if _, err := spending.ExportRequest(c.Accountant, general.No); err != nil {
		return err
	}

	// Returned for revision.
	ret, err := apply("儿童游乐设施更新", "更换滑梯和秋千", "公共服务", "快乐童年设备厂", 450000, day(4))
	if err != nil {
		return err
	}
	if err := deliberate(ret.No, spending.PhaseReview, day(2)); err != nil {
		return err
	}
	return spending.Review(c.Party, ret.No, "return", "请补充三家比价材料后重新提交")
}

// demoTrust registers the two books' keys with each other.
func demoTrust(acc, director *books.Session) error {
	sk, err := director.Book().ExportPublicKey()
	if err != nil {
		return err
	}
	if _, err := acc.Trust(sk); err != nil {
		return err
	}
	ck, err := acc.Book().ExportPublicKey()
	if err != nil {
		return err
	}
	_, err = director.Trust(ck)
	return err
}

// demoMoneyAccount is the compound's monetary account holding the most money
// over the demo's months (the book begins with them).
func demoMoneyAccount(c *Context, compoundID int64) string {
	tb, err := c.Book.TrialBalance(c.Months[0], c.Months[len(c.Months)-1], compoundID)
	if err != nil {
		return "100201"
	}
	code, most := "100201", books.FromFen(0)
	found := false
	for _, r := range tb.Rows {
		if !r.Account.Leaf || r.Account.Monetary == "" {
			continue
		}
		if held := r.ClosingDebit.Sub(r.ClosingCredit); !found || held.Cmp(most) > 0 {
			code, most, found = r.Account.Code, held, true
		}
	}
	return code
}

// demoDeliberate records an application's unrecorded steps of one phase,
// one every other day from date on but never after today, with votes that
// pass where the step takes a vote.
func demoDeliberate(c *Context, no, phase, date, today string) error {
	a, err := spending.ApplicationByNo(c.Book, no)
	if err != nil {
		return err
	}
	d, _ := books.ParseDate(date)
	for _, st := range a.Steps {
		if st.Phase != phase || st.Passed {
			continue
		}
		form := map[string]string{spending.PhaseFiling: "书面报送", spending.PhasePayment: "公示栏张贴", spending.PhaseClose: "公示栏张贴"}[st.Phase]
		if form == "" {
			form = "现场会议"
		}
		in := spending.DeliberationInput{Step: st.Name, Date: d.Format("2006-01-02"), Form: form}
		if st.Vote {
			expected := 9 + c.Rand.IntN(30)
			present := expected*3/4 + 1
			in.Expected, in.Present, in.For, in.Against, in.Abstain = expected, present, present-2, 1, 1
			in.Attachments = []spending.AttachmentInput{{Name: st.Name + "会议记录.pdf", Data: demoScan}}
		}
		if _, err := spending.Deliberate(c.Party, no, in); err != nil {
			return fmt.Errorf("demo %s %s: %w", no, st.Name, err)
		}
		if next := d.AddDate(0, 0, 2); next.Format("2006-01-02") <= today {
			d = next
		}
	}
	return nil
}

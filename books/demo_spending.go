package books

import "fmt"

// DemoSpending adds demo applications to a community book, decided by a
// street book through signed files (street may be nil: the approvals are
// then recorded as 纸质审批 with a generated scan): a 重大 application fully
// through with two payments and closed, a 一般 one waiting for the street, a
// 小微 one paid, and one 退回 to its applicant. It registers the two books'
// keys with each other when needed, adds the users 王业委 (业委会), 赵书记
// (社区党组织) and, in the street book, 孙主任 (街道) with the given password
// when they are missing, and acts through the community book's 会计 named
// accountant. compound must hold at least 70,000 of spendable money. Every
// date is the community book's today; the street book's clock follows it
// while deciding.
func DemoSpending(c, street *Book, accountant, compound, password string) error {
	acc, err := c.SessionFor(accountant)
	if err != nil {
		return err
	}
	cp, err := c.CompoundByName(compound)
	if err != nil {
		return err
	}
	if sp, err := c.Spendable(cp.ID, 0); err != nil {
		return err
	} else if sp.Cmp(FromFen(7000000)) < 0 {
		return Errorf(Invalid, "演示支出需要小区“%s”至少有 70,000.00 元可用资金，现有 %s 元", compound, FormatYuan(sp))
	}
	ensure := func(b *Book, s *Session, name string, role Role) (*Session, error) {
		if u, err := b.SessionFor(name); err == nil {
			return u, nil
		}
		if _, err := s.AddUser(name, role, password); err != nil {
			return nil, err
		}
		return b.SessionFor(name)
	}
	committee, err := ensure(c, acc, "王业委", RoleCommittee)
	if err != nil {
		return err
	}
	party, err := ensure(c, acc, "赵书记", RoleParty)
	if err != nil {
		return err
	}
	var director *Session
	if street != nil {
		saved := street.now
		street.SetClock(c.now)
		defer street.SetClock(saved)
		users, _ := street.db.Query(`SELECT name FROM user WHERE role = 'street' AND active = 1 ORDER BY id LIMIT 1`)
		var first string
		if users != nil {
			if users.Next() {
				users.Scan(&first)
			}
			users.Close()
		}
		if first == "" {
			return Errorf(Invalid, "街道账簿没有街道用户")
		}
		admin, _ := street.SessionFor(first)
		if director, err = ensure(street, admin, "孙主任", RoleStreet); err != nil {
			return err
		}
		if err := demoTrust(acc, director); err != nil {
			return err
		}
	}
	today := c.today()
	scan := []byte("%PDF-1.4\n% 演示扫描件\n%%EOF\n")

	apply := func(title, amount, payee, category string) (Application, error) {
		m, _ := ParseMoney(amount)
		a, err := committee.Apply(ApplyInput{Compound: compound, Title: title, Purpose: title, Category: category, Amount: m, Payee: payee})
		if err != nil {
			return a, err
		}
		if _, err := committee.Attach(a.No, AttachmentInput{Name: "报价单.pdf", Data: scan}); err != nil {
			return a, err
		}
		return committee.Submit(a.No, "")
	}
	deliberate := func(no, phase string) error {
		a, err := c.Application(no)
		if err != nil {
			return err
		}
		for _, st := range a.Steps {
			if st.Phase != phase || st.Passed {
				continue
			}
			in := DeliberationInput{Step: st.Name, Date: today, Form: "现场会议"}
			if st.Vote {
				in.Expected, in.Present, in.For, in.Against, in.Abstain = 25, 21, 18, 2, 1
				in.Attachments = []AttachmentInput{{Name: st.Name + "记录.pdf", Data: scan}}
			}
			if _, err := party.Deliberate(no, in); err != nil {
				return fmt.Errorf("demo %s %s: %w", no, st.Name, err)
			}
		}
		return nil
	}
	toStreet := func(no string) error {
		if err := deliberate(no, PhaseReview); err != nil {
			return err
		}
		if err := party.Review(no, "approve", "议事程序完备，同意报街道审批"); err != nil {
			return err
		}
		if director == nil {
			return nil
		}
		req, err := acc.ExportRequest(no)
		if err != nil {
			return err
		}
		_, err = director.ImportRequest(req)
		return err
	}
	approve := func(no string) error {
		if err := toStreet(no); err != nil {
			return err
		}
		if director == nil {
			_, err := acc.RecordPaperDecision(no, PaperDecision{Decision: "approve", ApprovalNo: "城街审〔" + today[:4] + "〕" + no[len(no)-2:] + "号",
				Approver: "孙主任", Date: today, Opinion: "同意", Scan: AttachmentInput{Name: "街道审批单.pdf", Data: scan}})
			return err
		}
		dec, err := director.StreetDecide("", no, "approve", "同意实施，按程序公开", FromFen(0))
		if err != nil {
			return err
		}
		_, err = acc.ImportDecision(dec)
		return err
	}
	pay := func(no, amount string) error {
		m, _ := ParseMoney(amount)
		_, err := acc.Pay(no, PayInput{Date: today, Amount: m, From: demoMoneyAccount(c, cp.ID), To: demoExpenseAccount(c), Attachments: 1})
		return err
	}

	// 重大, through to 结项.
	major, err := apply("二号楼电梯更换", "60000", "红星电梯工程有限公司", "基础设施")
	if err != nil {
		return err
	}
	if err := approve(major.No); err != nil {
		return err
	}
	if err := deliberate(major.No, PhaseFiling); err != nil {
		return err
	}
	if err := deliberate(major.No, PhasePayment); err != nil {
		return err
	}
	if err := pay(major.No, "30000"); err != nil {
		return err
	}
	if err := pay(major.No, "30000"); err != nil {
		return err
	}
	if err := deliberate(major.No, PhaseClose); err != nil {
		return err
	}
	if err := acc.Close(major.No, "工程已验收"); err != nil {
		return err
	}
	// 一般, waiting for the street.
	general, err := apply("小区路灯维修", "8000", "明亮电器维修部", "物业维修")
	if err != nil {
		return err
	}
	if err := toStreet(general.No); err != nil {
		return err
	}
	// 小微, paid.
	minor, err := apply("购置分类垃圾桶", "2600", "绿源环保用品店", "环境整治")
	if err != nil {
		return err
	}
	if err := approve(minor.No); err != nil {
		return err
	}
	if err := pay(minor.No, "2600"); err != nil {
		return err
	}
	// 退回 for revision.
	ret, err := apply("儿童游乐设施更新", "4500", "快乐童年设备厂", "公共服务")
	if err != nil {
		return err
	}
	if err := deliberate(ret.No, PhaseReview); err != nil {
		return err
	}
	return party.Review(ret.No, "return", "请补充三家比价材料后重新提交")
}

func demoTrust(acc, director *Session) error {
	keys, err := acc.b.TrustedKeys()
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		sk, err := director.b.ExportPublicKey()
		if err != nil {
			return err
		}
		if _, err := acc.Trust(sk); err != nil {
			return err
		}
	}
	ck, err := acc.b.ExportPublicKey()
	if err != nil {
		return err
	}
	k, err := ReadPublicKeyFile(ck)
	if err != nil {
		return err
	}
	if _, err := director.b.TrustedKeyByFingerprint(k.Fingerprint); err == nil {
		return nil
	}
	_, err = director.Trust(ck)
	return err
}

// demoMoneyAccount is the compound's monetary account holding the most money.
func demoMoneyAccount(b *Book, compoundID int64) string {
	var code string
	err := b.db.QueryRow(`SELECT a.code FROM balance x JOIN account a ON a.id = x.account_id
		WHERE a.monetary <> '' AND x.compound_id = ? GROUP BY a.id ORDER BY sum(x.debit_fen - x.credit_fen) DESC LIMIT 1`, compoundID).Scan(&code)
	if err != nil {
		return demoLeaf(b, "bank", "1002")
	}
	return code
}

// demoExpenseAccount is a leaf expense account for payments: 业务活动成本
// (npo2004) or 公益支出 (rural2023), or its first child.
func demoExpenseAccount(b *Book) string {
	for _, code := range []string{"5101", "514"} {
		var n int
		b.db.QueryRow(`SELECT count(*) FROM account WHERE code = ?`, code).Scan(&n)
		if n > 0 {
			return demoLeaf(b, "", code)
		}
	}
	return "5101"
}

func demoLeaf(b *Book, monetary, code string) string {
	q := `SELECT a.code FROM account a WHERE a.active = 1 AND (a.code = ? OR a.code LIKE ?) AND NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id)`
	args := []any{code, code + "%"}
	if monetary != "" {
		q = `SELECT a.code FROM account a WHERE a.active = 1 AND a.monetary = ? AND NOT EXISTS (SELECT 1 FROM account c WHERE c.parent_id = a.id)`
		args = []any{monetary}
	}
	var out string
	if err := b.db.QueryRow(q+` ORDER BY a.code LIMIT 1`, args...).Scan(&out); err != nil {
		return code
	}
	return out
}

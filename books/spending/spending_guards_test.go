package spending

import (
	"encoding/json"
	"strings"
	"testing"

	"sunbooks/books"
)

var pdf = []byte("%PDF-1.4\n% test\n%%EOF\n")

func TestLevelOfFollowsThresholdsAndBounds(t *testing.T) {
	def := DefaultPolicy()
	incl := DefaultPolicy()
	incl.MinorMaxIncl, incl.MajorMinIncl = true, false
	cases := []struct {
		name     string
		p        LevelPolicy
		amount   string
		category string
		want     string
	}{
		{"below the minor bound is 小微", def, "4999.99", "公共服务", LevelMinor},
		{"the minor bound itself is 一般 when not inclusive", def, "5000", "公共服务", LevelGeneral},
		{"just below the major bound is 一般", def, "49999.99", "公共服务", LevelGeneral},
		{"the major bound itself is 重大 when inclusive", def, "50000", "公共服务", LevelMajor},
		{"the minor bound is 小微 when inclusive", incl, "5000", "公共服务", LevelMinor},
		{"the major bound is 一般 when exclusive", incl, "50000", "公共服务", LevelGeneral},
		{"just above an exclusive major bound is 重大", incl, "50000.01", "公共服务", LevelMajor},
		{"工程建设 is 重大 by nature", def, "100", "工程建设", LevelMajor},
		{"资产处置 is 重大 by nature", def, "100", "资产处置", LevelMajor},
		{"一年以上合同 is 重大 by nature", def, "100", "一年以上合同", LevelMajor},
	}
	for _, c := range cases {
		if got := c.p.LevelOf(yuan(c.amount), c.category); got != c.want {
			t.Errorf("%s: LevelOf(%s, %s) = %s, want %s", c.name, c.amount, c.category, LevelName(got), LevelName(c.want))
		}
	}
}

func TestPolicyEffectiveDateDecidesLevel(t *testing.T) {
	w := newSpendingWorld(t)
	if _, err := SetPolicy(w.accountant, LevelPolicy{EffectiveFrom: "2026-03-05", MinorMax: yuan("2000"), MajorMin: yuan("20000"), MajorMinIncl: true}); err != nil {
		t.Fatal(err)
	}
	before, err := Apply(w.committee, ApplyInput{Compound: "阳光小区", Title: "旧标准", Category: "公共服务", Amount: yuan("3000"), Payee: "甲", Date: "2026-03-01"})
	if err != nil {
		t.Fatal(err)
	}
	after, err := Apply(w.committee, ApplyInput{Compound: "阳光小区", Title: "新标准", Category: "公共服务", Amount: yuan("3000"), Payee: "甲", Date: "2026-03-06"})
	if err != nil {
		t.Fatal(err)
	}
	if before.Level != LevelMinor || after.Level != LevelGeneral {
		t.Fatalf("levels before/after the new policy: %s/%s, want 小微/一般", before.LevelName(), after.LevelName())
	}
	if _, err := SetPolicy(w.committee, DefaultPolicy()); books.ErrorCode(err) != books.Forbidden {
		t.Fatalf("业委会 sets the policy: %v", err)
	}
}

func TestLevelIsRaisedNeverLowered(t *testing.T) {
	w := newSpendingWorld(t)
	if _, err := Apply(w.committee, ApplyInput{Compound: "阳光小区", Title: "x", Category: "公共服务", Amount: yuan("60000"), Payee: "甲", Level: "小微", LevelReason: "想快点"}); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("apply lowering the level: %v", err)
	}
	if _, err := Apply(w.committee, ApplyInput{Compound: "阳光小区", Title: "x", Category: "公共服务", Amount: yuan("100"), Payee: "甲", Level: "重大"}); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("raise without a reason: %v", err)
	}
	a := w.apply("阳光小区", "1000", "甲", "公共服务")
	if err := RaiseLevel(w.party, a.No, "小微", "x"); books.ErrorCode(err) == "" {
		t.Fatal("raising to the same level accepted")
	}
	if err := RaiseLevel(w.party, a.No, "重大", ""); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("raise without reason: %v", err)
	}
	if err := RaiseLevel(w.party, a.No, "重大", "涉及全体业主利益"); err != nil {
		t.Fatalf("raise: %v", err)
	}
	if err := RaiseLevel(w.party, a.No, "一般", "改回去"); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("lowering: %v", err)
	}
	got, _ := ApplicationByNo(w.Book, a.No)
	if got.Level != LevelMajor || got.ComputedLevel != LevelMinor || got.LevelReason != "涉及全体业主利益" {
		t.Fatalf("after raise: %s %s %q", got.Level, got.ComputedLevel, got.LevelReason)
	}
	// The raised level's procedure now applies.
	if err := Review(w.party, a.No, "approve", "同意"); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "居民代表会议决议") {
		t.Fatalf("review after raise: %v", err)
	}
}

// TestPartyReviewNeedsTheLevelsSteps: the 社区党组织 review passes only when
// the level's steps before it are recorded and passed.
func TestPartyReviewNeedsTheLevelsSteps(t *testing.T) {
	cases := []struct {
		name   string
		amount string
		steps  []string // recorded (passed) before review
		want   string   // "" passes; else a step named in the refusal
	}{
		{"重大 with no step", "60000", nil, "社区党组织提议"},
		{"重大 without 居民代表会议决议", "60000", []string{StepPartyProposal, StepJointDiscussion, StepPartyMembers}, StepResidentsVote},
		{"重大 without 居务监督委员会评议", "60000", []string{StepPartyProposal, StepJointDiscussion, StepPartyMembers, StepResidentsVote}, StepSupervisionBoard},
		{"重大 with all five", "60000", []string{StepPartyProposal, StepJointDiscussion, StepPartyMembers, StepResidentsVote, StepSupervisionBoard}, ""},
		{"一般 without 两委联席会议决定", "6000", []string{StepPartyProposal}, StepJointDecision},
		{"一般 with both", "6000", []string{StepPartyProposal, StepJointDecision}, ""},
		{"小微 with nothing", "600", nil, StepJointDecision},
		{"小微 with 两委联席会议决定", "600", []string{StepJointDecision}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newSpendingWorld(t)
			a := w.apply("阳光小区", c.amount, "甲", "公共服务")
			proc := DefaultProcedure()
			for _, name := range c.steps {
				st, _ := proc.step(a.Level, name)
				in := DeliberationInput{Step: name, Date: "2026-03-05"}
				if st.Vote {
					in.Expected, in.Present, in.For = 9, 9, 9
				}
				if _, err := Deliberate(w.party, a.No, in); err != nil {
					t.Fatalf("Deliberate %s: %v", name, err)
				}
			}
			err := Review(w.party, a.No, "approve", "同意")
			if c.want == "" {
				if err != nil {
					t.Fatalf("Review = %v, want it to pass", err)
				}
				return
			}
			if books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), c.want) {
				t.Fatalf("Review = %v, want a refusal naming %s", err, c.want)
			}
		})
	}
}

func TestVotePassesByOurDefaultRule(t *testing.T) {
	cases := []struct {
		name                       string
		expected, present, voteFor int
		want                       bool
	}{
		{"quorum and majority pass", 9, 7, 4, true},
		{"exactly half present is no quorum", 8, 4, 4, false},
		{"exactly half of those present for is no majority", 9, 6, 3, false},
		{"one more than half of those present passes", 9, 5, 3, true},
		{"nobody expected never passes", 0, 0, 0, false},
	}
	for _, c := range cases {
		if got := VotePasses(c.expected, c.present, c.voteFor); got != c.want {
			t.Errorf("%s: VotePasses(%d, %d, %d) = %v, want %v", c.name, c.expected, c.present, c.voteFor, got, c.want)
		}
	}
}

func TestDeliberationGuards(t *testing.T) {
	w := newSpendingWorld(t)
	major := w.apply("阳光小区", "60000", "甲", "公共服务")
	minor := w.apply("阳光小区", "600", "乙", "公共服务")
	if _, err := Deliberate(w.party, major.No, DeliberationInput{Step: StepPartyProposal, Date: "2026-03-04"}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		no   string
		who  *books.Session
		in   DeliberationInput
		code books.Code
	}{
		{"a step out of order is refused", major.No, w.party, DeliberationInput{Step: StepPartyMembers, Date: "2026-03-05", Expected: 9, Present: 9, For: 9}, books.Conflict},
		{"a step dated before the previous one is refused", major.No, w.party, DeliberationInput{Step: StepJointDiscussion, Date: "2026-03-03", Expected: 9, Present: 9, For: 9}, books.Invalid},
		{"a vote step needs its votes", major.No, w.party, DeliberationInput{Step: StepJointDiscussion, Date: "2026-03-05"}, books.Invalid},
		{"more present than expected is refused", major.No, w.party, DeliberationInput{Step: StepJointDiscussion, Date: "2026-03-05", Expected: 5, Present: 6, For: 6}, books.Invalid},
		{"more votes than present is refused", major.No, w.party, DeliberationInput{Step: StepJointDiscussion, Date: "2026-03-05", Expected: 9, Present: 5, For: 4, Against: 2}, books.Invalid},
		{"a step of another level is refused", minor.No, w.party, DeliberationInput{Step: StepPartyMembers, Date: "2026-03-05", Expected: 9, Present: 9, For: 9}, books.Invalid},
		{"a future date is refused", minor.No, w.party, DeliberationInput{Step: StepJointDecision, Date: "2026-12-31", Expected: 9, Present: 9, For: 9}, books.Invalid},
		{"报街道备案 before street approval is refused", major.No, w.party, DeliberationInput{Step: StepStreetFiling, Date: "2026-03-05"}, books.Conflict},
		{"决议公开 before the resolution is refused", major.No, w.party, DeliberationInput{Step: StepDecisionPublic, Date: "2026-03-05"}, books.Conflict},
		{"实施结果公开 before payment is refused", minor.No, w.party, DeliberationInput{Step: StepResultPublic, Date: "2026-03-05"}, books.Conflict},
		{"a 业委会 user cannot record deliberation", minor.No, w.committee, DeliberationInput{Step: StepJointDecision, Date: "2026-03-05", Expected: 9, Present: 9, For: 9}, books.Forbidden},
		{"a recorded and passed step is not recorded twice", major.No, w.party, DeliberationInput{Step: StepPartyProposal, Date: "2026-03-05"}, books.Conflict},
		{"a non-PDF/JPEG/PNG attachment is refused", minor.No, w.party, DeliberationInput{Step: StepJointDecision, Date: "2026-03-05", Expected: 9, Present: 9, For: 9,
			Attachments: []AttachmentInput{{Name: "记录.docx", Data: []byte("PK\x03\x04")}}}, books.Invalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Deliberate(c.who, c.no, c.in)
			if books.ErrorCode(err) != c.code {
				t.Fatalf("Deliberate = %v, want %s", err, c.code)
			}
		})
	}
	// A failed vote is recorded but does not let the review pass.
	d, err := Deliberate(w.party, minor.No, DeliberationInput{Step: StepJointDecision, Date: "2026-03-05", Expected: 9, Present: 4, For: 4})
	if err != nil || d.Passed {
		t.Fatalf("no quorum: %+v %v", d, err)
	}
	if err := Review(w.party, minor.No, "approve", "同意"); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "未通过") {
		t.Fatalf("review after a failed vote: %v", err)
	}
	// A later meeting that passes may be recorded.
	if _, err := Deliberate(w.party, minor.No, DeliberationInput{Step: StepJointDecision, Date: "2026-03-06", Expected: 9, Present: 7, For: 5}); err != nil {
		t.Fatal(err)
	}
	if err := Review(w.party, minor.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
}

func TestProcedureVersionStaysWithTheApplication(t *testing.T) {
	w := newSpendingWorld(t)
	old := w.apply("阳光小区", "600", "甲", "公共服务")
	p, _ := ProcedureVersion(w.Book, 0)
	p.Steps[LevelMinor] = []ProcedureStep{{Name: "小区议事会决定", Phase: PhaseReview, Vote: true}, {Name: StepResultPublic, Phase: PhaseClose}}
	p2, err := SetProcedure(w.accountant, p)
	if err != nil || p2.Version != 2 {
		t.Fatalf("SetProcedure = v%d, %v", p2.Version, err)
	}
	fresh := w.apply("阳光小区", "700", "乙", "公共服务")
	if old.ProcedureVersion != 1 || fresh.ProcedureVersion != 2 {
		t.Fatalf("versions %d/%d", old.ProcedureVersion, fresh.ProcedureVersion)
	}
	if _, err := Deliberate(w.party, old.No, DeliberationInput{Step: "小区议事会决定", Date: "2026-03-05", Expected: 9, Present: 9, For: 9}); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("new step on an old application: %v", err)
	}
	if _, err := Deliberate(w.party, fresh.No, DeliberationInput{Step: "小区议事会决定", Date: "2026-03-05", Expected: 9, Present: 9, For: 9}); err != nil {
		t.Fatalf("new step on a new application: %v", err)
	}
	bad := DefaultProcedure()
	bad.Steps[LevelMinor] = []ProcedureStep{{Name: StepResultPublic, Phase: PhaseClose}}
	if _, err := SetProcedure(w.accountant, bad); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("procedure with no step before review: %v", err)
	}
}

func TestSplitPaymentWarningMustBeAcknowledged(t *testing.T) {
	w := newSpendingWorld(t)
	first := w.apply("阳光小区", "3000", "张三装修队", "物业维修")
	if first.SplitWarning != "" {
		t.Fatalf("first application warned: %s", first.SplitWarning)
	}
	other := w.apply("阳光小区", "3000", "李四", "物业维修")
	otherCompound := w.apply("和平小区", "3000", "张三装修队", "物业维修")
	if other.SplitWarning != "" || otherCompound.SplitWarning != "" {
		t.Fatal("a different payee or compound was warned")
	}
	second := w.apply("阳光小区", "3000", "张三装修队", "物业维修")
	if !strings.Contains(second.SplitWarning, first.No) || !strings.Contains(second.SplitWarning, "6,000.00") {
		t.Fatalf("split warning = %q", second.SplitWarning)
	}
	w.deliberateAll(second.No, PhaseReview, "2026-03-05")
	if err := Review(w.party, second.No, "approve", "同意"); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "拆分") {
		t.Fatalf("review before acknowledging: %v", err)
	}
	if err := AcknowledgeSplit(w.accountant, second.No, "x"); books.ErrorCode(err) != books.Forbidden {
		t.Fatalf("会计 acknowledges: %v", err)
	}
	if err := AcknowledgeSplit(w.party, second.No, "两处不同楼栋的维修，已核实"); err != nil {
		t.Fatal(err)
	}
	if err := Review(w.party, second.No, "approve", "同意"); err != nil {
		t.Fatalf("review after acknowledging: %v", err)
	}
	a, _ := ApplicationByNo(w.Book, second.No)
	if a.SplitAckBy != "赵书记" || !hasEvent(a, "ack_split") {
		t.Fatalf("acknowledgement not recorded: %+v", a.Events)
	}
	// Outside 30 days there is no warning.
	far, _ := Apply(w.committee, ApplyInput{Compound: "阳光小区", Title: "x", Category: "物业维修", Amount: yuan("3000"), Payee: "张三装修队", Date: "2026-01-01"})
	far, _ = Submit(w.committee, far.No, "")
	if far.SplitWarning != "" {
		t.Fatalf("warning across more than 30 days: %s", far.SplitWarning)
	}
}

func hasEvent(a Application, action string) bool {
	for _, e := range a.Events {
		if e.Action == action {
			return true
		}
	}
	return false
}

func TestRolesAndSegregation(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	w.deliberateAll(a.No, PhaseReview, "2026-03-05")
	cases := []struct {
		name string
		do   func() error
		code books.Code
	}{
		{"a 会计 cannot apply", func() error {
			_, err := Apply(w.accountant, ApplyInput{Compound: "阳光小区", Title: "x", Category: "公共服务", Amount: yuan("1"), Payee: "x"})
			return err
		}, books.Forbidden},
		{"a 业委会 user cannot review", func() error { return Review(w.committee, a.No, "approve", "ok") }, books.Forbidden},
		{"a 会计 cannot review", func() error { return Review(w.accountant, a.No, "approve", "ok") }, books.Forbidden},
		{"another 业委会 user cannot withdraw it", func() error { return Withdraw(w.committee2, a.No, "x") }, books.Forbidden},
		{"a 社区党组织 user cannot pay", func() error {
			_, err := Pay(w.party, a.No, PayInput{Date: "2026-03-10", Amount: yuan("1"), From: "1002", To: "5101"})
			return err
		}, books.Forbidden},
		{"return needs an opinion", func() error { return Review(w.party, a.No, "return", "") }, books.Invalid},
		{"a community book cannot decide as a street", func() error {
			_, err := StreetDecide(w.accountant, "", a.No, "approve", "ok", books.FromFen(0))
			return err
		}, books.Forbidden},
		{"an unapproved application cannot be paid", func() error {
			_, err := Pay(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("1"), From: "1002", To: "5101"})
			return err
		}, books.Conflict},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.do(); books.ErrorCode(err) != c.code {
				t.Fatalf("got %v, want %s", err, c.code)
			}
		})
	}
	// Nobody approves what they reviewed: a street user with the reviewer's name.
	if err := Review(w.party, a.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.director.AddUser("赵书记", books.RoleStreet, "secret1"); err != nil {
		t.Fatal(err)
	}
	req, _ := ExportRequest(w.accountant, a.No)
	if _, err := ImportRequest(w.director, req); err != nil {
		t.Fatal(err)
	}
	zhao, _ := w.street.SessionFor("赵书记")
	if _, err := StreetDecide(zhao, "", a.No, "approve", "同意", books.FromFen(0)); books.ErrorCode(err) != books.Forbidden {
		t.Fatalf("reviewer approves at the street: %v", err)
	}
}

func TestWithdrawOnlyBeforeReview(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	if err := Withdraw(w.committee, a.No, "不需要了"); err != nil {
		t.Fatal(err)
	}
	got, _ := ApplicationByNo(w.Book, a.No)
	if got.State != AppWithdrawn || got.StateName() != "撤回" {
		t.Fatalf("state %s", got.StateName())
	}
	b := w.apply("阳光小区", "700", "甲", "公共服务")
	w.deliberateAll(b.No, PhaseReview, "2026-03-05")
	if err := Review(w.party, b.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	if err := Withdraw(w.committee, b.No, "x"); books.ErrorCode(err) != books.Conflict {
		t.Fatalf("withdraw after review: %v", err)
	}
}

func TestPaymentGuards(t *testing.T) {
	w := newSpendingWorld(t)
	major := w.approved("阳光小区", "60000", "甲", "公共服务")
	minor := w.approved("阳光小区", "4000", "乙", "公共服务")
	poor := w.approved("和平小区", "3000", "丙", "公共服务") // 和平小区 holds 1,000
	cases := []struct {
		name string
		no   string
		in   PayInput
		code books.Code
		msg  string
	}{
		{"重大 before 报街道备案 is refused", major.No, PayInput{Date: "2026-03-10", Amount: yuan("100"), From: "1002", To: "5101"}, books.Conflict, StepStreetFiling},
		{"more than approved is refused", minor.No, PayInput{Date: "2026-03-10", Amount: yuan("4000.01"), From: "1002", To: "5101"}, books.Invalid, "超出批准金额"},
		{"paying from a non-monetary account is refused", minor.No, PayInput{Date: "2026-03-10", Amount: yuan("1"), From: "4901", To: "5101"}, books.Invalid, "货币资金"},
		{"debiting money is refused", minor.No, PayInput{Date: "2026-03-10", Amount: yuan("1"), From: "1002", To: "1001"}, books.Invalid, "货币资金"},
		{"a date before the approval is refused", minor.No, PayInput{Date: "2026-03-01", Amount: yuan("1"), From: "1002", To: "5101"}, books.Invalid, "早于"},
		{"spendable money never goes below zero", poor.No, PayInput{Date: "2026-03-10", Amount: yuan("3000"), From: "1002", To: "5101"}, books.Invalid, "和平小区"},
		{"a zero amount is refused", minor.No, PayInput{Date: "2026-03-10", Amount: yuan("0"), From: "1002", To: "5101"}, books.Invalid, "大于零"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Pay(w.accountant, c.no, c.in)
			if books.ErrorCode(err) != c.code || !strings.Contains(books.ErrorMessage(err), c.msg) {
				t.Fatalf("Pay = %v, want %s mentioning %q", err, c.code, c.msg)
			}
		})
	}
	if _, err := Deliberate(w.party, major.No, DeliberationInput{Step: StepStreetFiling, Date: "2026-03-10"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Pay(w.accountant, major.No, PayInput{Date: "2026-03-10", Amount: yuan("100"), From: "1002", To: "5101"}); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), StepDecisionPublic) {
		t.Fatalf("pay before 决议公开: %v", err)
	}
	// Partial then full payment; the state follows.
	if _, err := w.payPosted(w.cashier, minor.No, PayInput{Date: "2026-03-10", Amount: yuan("1000"), From: "1002", To: "5101"}); err != nil {
		t.Fatal(err)
	}
	a, _ := ApplicationByNo(w.Book, minor.No)
	if a.State != AppPartlyPaid {
		t.Fatalf("state %s", a.StateName())
	}
	if err := CloseApplication(w.accountant, minor.No, ""); books.ErrorCode(err) == "" {
		t.Fatal("closing a partly paid application without a reason accepted")
	}
	if _, err := Pay(w.cashier, minor.No, PayInput{Date: "2026-03-10", Amount: yuan("3000.01"), From: "1002", To: "5101"}); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("overpay in total: %v", err)
	}
	if _, err := w.payPosted(w.cashier, minor.No, PayInput{Date: "2026-03-10", Amount: yuan("3000"), From: "1002", To: "5101"}); err != nil {
		t.Fatal(err)
	}
	a, _ = ApplicationByNo(w.Book, minor.No)
	if a.State != AppPaid || !a.Paid.Equal(yuan("4000")) {
		t.Fatalf("state %s paid %s", a.StateName(), a.Paid)
	}
	// The first voucher names the application and was reviewed by someone
	// other than the 出纳 who prepared it.
	v, _ := w.Voucher(a.Payments[0].VoucherID)
	if v.Status != books.StatusPosted || v.Preparer != "李出纳" || v.Reviewer != "张会计" || !strings.Contains(v.SourceRef, a.No) {
		t.Fatalf("payment voucher %+v", v)
	}
}

func TestSpendableNeverBelowZeroForAnyVoucher(t *testing.T) {
	w := newSpendingWorld(t)
	v, err := w.accountant.SaveVoucher(books.Voucher{Date: "2026-03-05", Lines: []books.Line{line("保洁", "5101", "和平小区", "1000.01", ""), line("保洁", "1002", "和平小区", "", "1000.01")}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.cashier.ReviewVoucher(v.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.accountant.PostVoucher(v.ID); books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "和平小区") || !strings.Contains(books.ErrorMessage(err), "-0.01") {
		t.Fatalf("post over spendable: %v", err)
	}
	// Another compound's money does not count.
	if sp, _ := w.Spendable(2, 0); !sp.Equal(yuan("1000")) {
		t.Fatalf("spendable of 和平小区 = %s", sp)
	}
	// A back-dated payment that makes an earlier month negative is refused
	// even when the total is positive later.
	w.advanceTo("2026-04-01")
	w.post("2026-04-01", line("收益", "1002", "和平小区", "5000", ""), line("收益", "4901", "和平小区", "", "5000"))
	v2, _ := w.accountant.SaveVoucher(books.Voucher{Date: "2026-03-06", Lines: []books.Line{line("保洁", "5101", "和平小区", "2000", ""), line("保洁", "1002", "和平小区", "", "2000")}})
	w.cashier.ReviewVoucher(v2.ID)
	if err := w.accountant.PostVoucher(v2.ID); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("back-dated overdraft: %v", err)
	}
}

// TestPaymentVoucherPaysItsOwnCompound: a payment voucher whose lines carry
// another compound than its application's is refused at posting.
func TestPaymentVoucherPaysItsOwnCompound(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.approved("和平小区", "500", "甲", "公共服务")
	// A tool writes the voucher and its payment row straight into the book,
	// reviewed; posting it is where the rule must stop it.
	var id int64
	err := w.accountant.Write(func(tx *books.Tx) error {
		v := books.Voucher{Date: "2026-03-10", Kind: books.VoucherPayment, SourceRef: a.No, Lines: []books.Line{
			line("支付", "5101", "阳光小区", "500", ""), line("支付", "1002", "阳光小区", "", "500")}}
		if err := tx.ResolveLines(v.Lines); err != nil {
			return err
		}
		if err := tx.InsertVoucher(&v, ""); err != nil {
			return err
		}
		id = v.ID
		if _, err := tx.Exec(`INSERT INTO payment (application_id, voucher_id, amount_fen, created_at) VALUES (?, ?, 50000, '')`, a.ID, v.ID); err != nil {
			return err
		}
		_, err := tx.Exec(`UPDATE voucher SET status = 'reviewed', reviewer_id = ? WHERE id = ?`, w.cashier.User().ID, v.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = w.accountant.PostVoucher(id)
	if books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "另一个小区") {
		t.Fatalf("cross-compound payment: %v", err)
	}
}

func TestReversingAPaymentGivesItBack(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.approved("阳光小区", "1000", "甲", "公共服务")
	v, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("1000"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := w.accountant.ReverseVoucher(v.ID, "2026-03-10")
	if err != nil {
		t.Fatal(err)
	}
	w.cashier.ReviewVoucher(r.ID)
	if err := w.accountant.PostVoucher(r.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := ApplicationByNo(w.Book, a.No)
	if got.State != AppApproved || !got.Paid.IsZero() {
		t.Fatalf("after reversal: %s paid %s", got.StateName(), got.Paid)
	}
	refs, _ := VoucherApplications(w.Book, []int64{v.ID, r.ID})
	if refs[r.ID].No != a.No {
		t.Fatalf("reversal not linked to the application: %v", refs)
	}
}

func TestReturnKeepsHistoryAndResubmitsAsNewVersion(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	w.deliberateAll(a.No, PhaseReview, "2026-03-05")
	if err := Review(w.party, a.No, "return", "请补充报价单"); err != nil {
		t.Fatal(err)
	}
	if _, err := UpdateApplication(w.committee, a.No, ApplyInput{Compound: "阳光小区", Title: "测试事项（补报价）", Category: "公共服务", Amount: yuan("650"), Payee: "甲"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Attach(w.committee, a.No, AttachmentInput{Name: "报价单.pdf", Data: pdf}); err != nil {
		t.Fatal(err)
	}
	got, err := Submit(w.committee, a.No, "已补充报价单")
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || got.State != AppPartyReview || len(got.Deliberations) != 1 || !hasEvent(got, "review_return") || !hasEvent(got, "resubmit") {
		t.Fatalf("after resubmission: v%d %s delib %d events %+v", got.Version, got.StateName(), len(got.Deliberations), got.Events)
	}
	// The revised application (another amount) was never deliberated: the
	// first version's decision does not carry over.
	if err := Review(w.party, a.No, "approve", "同意"); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "两委联席会议决定（未记录）") {
		t.Fatalf("review of a revised application on the old deliberation: %v", err)
	}
	w.deliberateAll(a.No, PhaseReview, "2026-03-09")
	if err := Review(w.party, a.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	req, _ := ExportRequest(w.accountant, a.No)
	f, _ := books.ReadSigned(req, books.FileKindRequest)
	var rf requestFile
	json.Unmarshal(f.Payload, &rf)
	if rf.App.Version != 2 || len(rf.Files) != 1 {
		t.Fatalf("request carries v%d with %d files", rf.App.Version, len(rf.Files))
	}
}

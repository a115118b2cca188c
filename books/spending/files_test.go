package spending

// Files between community and street, attachments and trusted keys, refused when wrong.

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"sunbooks/books"
)

// TestDecisionFilesAreRefusedWhenWrong: tampering, replay, another
// community, a stale version, an unknown signer, the wrong kind.
func TestDecisionFilesAreRefusedWhenWrong(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	dec := w.toStreet(a.No, "approve")

	// Another community of the same street, trusted by the street.
	other := newTestBook(t)
	// newTestBook uses the same code; give the other community its own.
	if _, err := other.DB().Exec(`UPDATE book SET code = '371329002', community = '和平社区'`); err != nil {
		t.Fatal(err)
	}
	otherInfoKey, _ := other.ExportPublicKey()
	if _, err := w.director.Trust(otherInfoKey); err != nil {
		t.Fatal(err)
	}
	street, _ := w.street.ExportPublicKey()
	if _, err := other.accountant.Trust(street); err != nil {
		t.Fatal(err)
	}

	// A rogue street book with its own key.
	rogue, err := books.Create(filepath.Join(t.TempDir(), "rogue.sunbooks"), books.CreateOptions{Kind: books.KindStreet, Street: "城关街道", UserName: "假主任", Password: "secret1"}, withIncome(Module())...)
	if err != nil {
		t.Fatal(err)
	}
	defer rogue.Close()
	f, _ := books.ReadSigned(dec, books.FileKindDecision)
	forged, _ := rogue.SignFile(books.FileKindDecision, f.Payload)

	flipped := bytes.Clone(dec)
	i := bytes.Index(flipped, []byte(`"payload": "`)) + 20
	flipped[i] ^= 0x02

	var env map[string]any
	json.Unmarshal(dec, &env)
	env["signature"] = func() string {
		var e2 map[string]any
		json.Unmarshal(forged, &e2)
		return e2["signature"].(string)
	}()
	swapped, _ := json.Marshal(env)

	reqFile, _ := w.SignFile(books.FileKindRequest, []byte(`{}`))

	cases := []struct {
		name string
		book *testBook
		data []byte
		code books.Code
	}{
		{"a flipped byte is refused", w.testBook, flipped, books.Tampered},
		{"a swapped signature is refused", w.testBook, swapped, books.Tampered},
		{"a truncated file is refused", w.testBook, dec[:len(dec)-40], books.Tampered},
		{"a decision signed by an unknown key is refused", w.testBook, forged, books.Forbidden},
		{"a request file is not a decision", w.testBook, reqFile, books.Invalid},
		{"a decision for another community is refused", other, dec, books.Forbidden},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ImportDecision(c.book.accountant, c.data)
			if books.ErrorCode(err) != c.code {
				t.Fatalf("ImportDecision = %v, want %s", err, c.code)
			}
			if got, _ := ApplicationByNo(w.Book, a.No); got.State != AppStreetReview {
				t.Fatalf("state changed to %s", got.StateName())
			}
		})
	}
	if _, err := ImportDecision(w.accountant, dec); err != nil {
		t.Fatalf("the genuine decision: %v", err)
	}
	if _, err := ImportDecision(w.accountant, dec); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "导入过") {
		t.Fatalf("replay: %v", err)
	}
	// The street cannot decide twice on the same request either.
	if _, err := StreetDecide(w.director, "", a.No, "reject", "改主意", books.FromFen(0)); books.ErrorCode(err) != books.Conflict {
		t.Fatalf("second street decision: %v", err)
	}
}

func TestStaleVersionsAreRefused(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	w.deliberateAll(a.No, PhaseReview, "2026-03-05")
	if err := Review(w.party, a.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	req1, _ := ExportRequest(w.accountant, a.No)
	if _, err := ImportRequest(w.director, req1); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportRequest(w.director, req1); books.ErrorCode(err) != books.Conflict {
		t.Fatalf("the same request twice: %v", err)
	}
	dec1, err := StreetDecide(w.director, "", a.No, "approve", "同意", books.FromFen(0))
	if err != nil {
		t.Fatal(err)
	}
	// Meanwhile the street returned it on paper; the applicant revises.
	if _, err := RecordPaperDecision(w.accountant, a.No, PaperDecision{Decision: "return", Approver: "孙主任", Date: "2026-03-08", Opinion: "请补充材料",
		Scan: AttachmentInput{Name: "退回.jpg", Data: []byte("\xFF\xD8\xFF\xE0 jpeg")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := Submit(w.committee, a.No, "已补充"); err != nil {
		t.Fatal(err)
	}
	w.deliberateAll(a.No, PhaseReview, "2026-03-09")
	if err := Review(w.party, a.No, "approve", "同意"); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportDecision(w.accountant, dec1); books.ErrorCode(err) != books.Conflict || !strings.Contains(books.ErrorMessage(err), "第 1 版") {
		t.Fatalf("decision for version 1 on version 2: %v", err)
	}
	req2, _ := ExportRequest(w.accountant, a.No)
	if _, err := ImportRequest(w.director, req2); err != nil {
		t.Fatal(err)
	}
	// An old request arriving late is refused.
	if _, err := ImportRequest(w.director, req1); books.ErrorCode(err) != books.Conflict {
		t.Fatalf("old request after a newer one: %v", err)
	}
}

func TestRequestFilesAreRefusedWhenWrong(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	w.deliberateAll(a.No, PhaseReview, "2026-03-05")
	Review(w.party, a.No, "approve", "同意")
	req, _ := ExportRequest(w.accountant, a.No)

	stranger := newTestBook(t) // same claimed code, but its key is not registered
	f, _ := books.ReadSigned(req, books.FileKindRequest)
	forged, _ := stranger.SignFile(books.FileKindRequest, f.Payload)
	if _, err := ImportRequest(w.director, forged); books.ErrorCode(err) != books.Forbidden {
		t.Fatalf("request from an unregistered key: %v", err)
	}
	// A registered community cannot send a request in another's name.
	if _, err := stranger.DB().Exec(`UPDATE book SET code = '371329009', community = '假社区'`); err != nil {
		t.Fatal(err)
	}
	k, _ := stranger.ExportPublicKey()
	if _, err := w.director.Trust(k); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportRequest(w.director, forged); books.ErrorCode(err) != books.Forbidden {
		t.Fatalf("request in another community's name: %v", err)
	}
	cut := req[:len(req)/3]
	if _, err := ImportRequest(w.director, cut); books.ErrorCode(err) != books.Tampered {
		t.Fatalf("truncated request: %v", err)
	}
	if _, err := ImportRequest(w.accountant, req); books.ErrorCode(err) != books.Forbidden {
		t.Fatalf("request imported by a 会计: %v", err)
	}
}

func TestPaperApprovalIsMarkedEverywhere(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	w.deliberateAll(a.No, PhaseReview, "2026-03-05")
	Review(w.party, a.No, "approve", "同意")
	if _, err := RecordPaperDecision(w.accountant, a.No, PaperDecision{Decision: "approve", ApprovalNo: "城街审〔2026〕12号", Approver: "孙主任", Date: "2026-03-08"}); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("paper approval without a scan: %v", err)
	}
	if _, err := RecordPaperDecision(w.party, a.No, PaperDecision{Decision: "approve", ApprovalNo: "x", Approver: "孙主任", Date: "2026-03-08", Scan: AttachmentInput{Name: "a.pdf", Data: pdf}}); books.ErrorCode(err) != books.Forbidden {
		t.Fatalf("paper approval by 社区党组织: %v", err)
	}
	got, err := RecordPaperDecision(w.accountant, a.No, PaperDecision{Decision: "approve", ApprovalNo: "城街审〔2026〕12号", Approver: "孙主任", Date: "2026-03-08",
		Opinion: "同意", Scan: AttachmentInput{Name: "审批单.png", Data: []byte("\x89PNG\r\n\x1a\nxx")}})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Paper || got.State != AppApproved || !got.Decisions[0].Paper || !strings.Contains(got.Decisions[0].DecisionName(), "纸质审批") {
		t.Fatalf("paper approval: %+v", got)
	}
	v, err := w.payPosted(w.accountant, a.No, PayInput{Date: "2026-03-10", Amount: yuan("600"), From: "1002", To: "5101"})
	if err != nil {
		t.Fatal(err)
	}
	refs, _ := VoucherApplications(w.Book, []int64{v.ID})
	if !refs[v.ID].Paper || refs[v.ID].ApprovalNo != "城街审〔2026〕12号" || refs[v.ID].Level != "小微" {
		t.Fatalf("AppRef = %+v", refs[v.ID])
	}
}

func TestAttachmentsAreCheckedAndExportedSafely(t *testing.T) {
	w := newSpendingWorld(t)
	a := w.apply("阳光小区", "600", "甲", "公共服务")
	big := make([]byte, MaxAttachmentSize+1)
	copy(big, pdf)
	cases := []struct {
		name string
		in   AttachmentInput
		ok   bool
	}{
		{"a PDF is kept", AttachmentInput{Name: "报价.pdf", Data: pdf}, true},
		{"a JPEG is kept", AttachmentInput{Name: "照片.jpg", Data: []byte("\xFF\xD8\xFF\xE1xx")}, true},
		{"a PNG is kept", AttachmentInput{Name: "图.png", Data: []byte("\x89PNG\r\n\x1a\nxx")}, true},
		{"an executable named .pdf is refused", AttachmentInput{Name: "报价.pdf", Data: []byte("MZ\x90\x00")}, false},
		{"an empty file is refused", AttachmentInput{Name: "a.pdf"}, false},
		{"a file over the limit is refused", AttachmentInput{Name: "big.pdf", Data: big}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Attach(w.committee, a.No, c.in)
			if (err == nil) != c.ok {
				t.Fatalf("Attach = %v, want ok=%v", err, c.ok)
			}
		})
	}
	evil, err := Attach(w.committee, a.No, AttachmentInput{Name: `..\..\..\windows\system32\evil.exe`, Data: pdf})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p, err := ExportAttachment(w.Book, evil[0].ID, dir)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(p) != dir || filepath.Base(p) != "evil.pdf" {
		t.Fatalf("exported to %s", p)
	}
	p2, _ := ExportAttachment(w.Book, evil[0].ID, dir)
	if p2 == p || filepath.Dir(p2) != dir {
		t.Fatalf("second export overwrote or escaped: %s", p2)
	}
	// An altered attachment is caught on reading and by Verify.
	if _, err := w.DB().Exec(`UPDATE attachment SET data = ? WHERE id = ?`, []byte("%PDF-1.4 altered"), evil[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := AttachmentData(w.Book, evil[0].ID); books.ErrorCode(err) != books.Tampered {
		t.Fatalf("altered attachment: %v", err)
	}
	if problems, _ := w.Verify(t.Context()); len(problems) == 0 {
		t.Fatal("Verify misses the altered attachment")
	}
}

func TestSafeFileName(t *testing.T) {
	cases := []struct{ in, mime, want string }{
		{"会议记录.pdf", "application/pdf", "会议记录.pdf"},
		{"../../etc/passwd", "application/pdf", "passwd.pdf"},
		{`C:\Users\x\scan.JPG`, "image/jpeg", "scan.jpg"},
		{"..", "image/png", "附件.png"},
		{"a\x00b<c>.png", "image/png", "a_b_c_.png"},
		{"CON.pdf", "application/pdf", "_CON.pdf"},
		{"发票.exe", "application/pdf", "发票.pdf"},
	}
	for _, c := range cases {
		if got := SafeFileName(c.in, c.mime); got != c.want {
			t.Errorf("SafeFileName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTrustRegistry(t *testing.T) {
	w := newSpendingWorld(t)
	sk, _ := w.street.ExportPublicKey()
	if _, err := w.accountant.Trust(sk); books.ErrorCode(err) != books.Conflict {
		t.Fatalf("trusting the same key twice: %v", err)
	}
	own, _ := w.ExportPublicKey()
	if _, err := w.accountant.Trust(own); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("trusting one's own key: %v", err)
	}
	if _, err := w.party.Trust(sk); books.ErrorCode(err) != books.Forbidden {
		t.Fatalf("社区党组织 registers keys: %v", err)
	}
	other, err := books.Create(filepath.Join(t.TempDir(), "o.sunbooks"), books.CreateOptions{Kind: books.KindStreet, Street: "滨河街道", UserName: "x", Password: "secret1"}, withIncome(Module())...)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	ok, _ := other.ExportPublicKey()
	if _, err := w.accountant.Trust(ok); books.ErrorCode(err) != books.Invalid {
		t.Fatalf("trusting another street: %v", err)
	}
	keys, _ := w.street.TrustedKeys()
	if len(keys) != 1 || keys[0].Code != "371329001" || keys[0].Community != "阳光社区" {
		t.Fatalf("street registry %+v", keys)
	}
}

func TestStreetPolicyFileReachesTheCommunity(t *testing.T) {
	w := newSpendingWorld(t)
	old := w.apply("阳光小区", "3000", "甲", "公共服务")
	if _, err := SetPolicy(w.director, LevelPolicy{EffectiveFrom: "2026-03-01", MinorMax: yuan("2000"), MinorMaxIncl: true, MajorMin: yuan("30000"), MajorMinIncl: true,
		MajorCategories: []string{"工程建设"}}); err != nil {
		t.Fatal(err)
	}
	p, _ := ProcedureVersion(w.street, 0)
	p.Steps[LevelMinor] = []ProcedureStep{{Name: "小区议事会决定", Phase: PhaseReview, Vote: true}, {Name: StepResultPublic, Phase: PhaseClose}}
	if _, err := SetProcedure(w.director, p); err != nil {
		t.Fatal(err)
	}
	data, err := ExportPolicy(w.director)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ImportPolicy(w.party, data); books.ErrorCode(err) != books.Forbidden {
		t.Fatalf("import by 社区党组织: %v", err)
	}
	forged := bytes.Replace(data, []byte(`"kind": "street-policy"`), []byte(`"kind": "street-decision"`), 1)
	if _, _, err := ImportPolicy(w.accountant, forged); books.ErrorCode(err) == "" {
		t.Fatal("altered kind accepted")
	}
	added, version, err := ImportPolicy(w.accountant, data)
	if err != nil {
		t.Fatal(err)
	}
	if added != 1 || version != 2 {
		t.Fatalf("added %d, version %d", added, version)
	}
	if _, _, err := ImportPolicy(w.accountant, data); books.ErrorCode(err) != books.Conflict {
		t.Fatalf("importing the same policy again: %v", err)
	}
	fresh := w.apply("阳光小区", "3000", "乙", "公共服务")
	if fresh.Level != LevelGeneral || fresh.ProcedureVersion != 2 {
		t.Fatalf("new application: %s v%d", fresh.LevelName(), fresh.ProcedureVersion)
	}
	if got, _ := ApplicationByNo(w.Book, old.No); got.Level != LevelMinor || got.ProcedureVersion != 1 {
		t.Fatalf("old application changed: %s v%d", got.LevelName(), got.ProcedureVersion)
	}
	pol, _ := PolicyAt(w.Book, "2026-03-10")
	if !strings.Contains(pol.Source, "街道政策文件") {
		t.Fatalf("policy source %q", pol.Source)
	}
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"sunbooks/books"
)

// parseVoucherRef reads "2026-03/记-0007" (or "2026-03/7").
func parseVoucherRef(ref string) (books.Period, string, error) {
	month, no, ok := strings.Cut(strings.TrimSpace(ref), "/")
	if !ok || no == "" {
		return 0, "", usagef("凭证号“%s”格式不对，应写成 2026-03/记-0007 这样", ref)
	}
	p, err := books.ParsePeriod(month)
	if err != nil {
		return 0, "", usagef("凭证号“%s”的月份不对，应写成 2026-03/记-0007 这样", ref)
	}
	return p, no, nil
}

// voucherStep is a command that takes vouchers one step of their life, the
// same books call the app's buttons make: the vouchers named by -no, in the
// order given, or with -month and -all every voucher of the month in the
// status the step starts from. It stops at the first refusal, saying which
// vouchers were already done.
func voucherStep(what string, step func(*books.Session, int64) error, from string) func(fs *flags) runFunc {
	return func(fs *flags) runFunc {
		book, user := fs.bookFlags()
		nosFlag := fs.list("no", "凭证号 `YYYY-MM/记-NNNN`")
		month := fs.month("month", "月份，与 -all 一起")
		all := fs.Bool("all", false, "该月所有可以"+what+"的凭证")
		return func(c *ctx) error {
			nos := *nosFlag
			if (len(nos) == 0) == (!month.set || !*all) {
				return usagef("请用 -no 指定凭证（可重复），或用 -month 和 -all 指定一个月的全部凭证")
			}
			if len(nos) > 0 && month.set {
				return usagef("-no 与 -month 只能用一个")
			}
			type target struct {
				id   int64
				name string
			}
			var targets []target
			p := month.p
			for _, ref := range nos {
				if _, _, err := parseVoucherRef(ref); err != nil {
					return err
				}
			}
			s, err := c.login(*book, *user)
			if err != nil {
				return err
			}
			b := s.Book()
			if *all {
				list, err := b.Vouchers(books.VoucherFilter{From: p, To: p, Status: from, Limit: 100000})
				if err != nil {
					return err
				}
				for _, v := range list {
					targets = append(targets, target{v.ID, v.Period.String() + "/" + v.No})
				}
				if len(targets) == 0 {
					fmt.Fprintf(c.stdout, tr("%s没有%s的凭证，无需%s\n"), monthName(p), tr(books.StatusName(from)), tr(what))
					return nil
				}
			}
			for _, ref := range nos {
				vp, no, _ := parseVoucherRef(ref)
				v, err := b.VoucherByNo(vp, no)
				if err != nil {
					return err
				}
				targets = append(targets, target{v.ID, vp.String() + "/" + v.No()})
			}
			for i, t := range targets {
				if err := step(s, t.id); err != nil {
					if i > 0 {
						fmt.Fprintf(c.stdout, tr("已%s %d 张凭证；%s 未能%s，其后的凭证没有处理\n"), tr(what), i, t.name, tr(what))
					}
					return err
				}
				fmt.Fprintf(c.stdout, tr("已%s %s\n"), tr(what), t.name)
			}
			return nil
		}
	}
}

// voucherRef writes a voucher's number as the commands take it.
func voucherRef(p books.Period, no string) string { return p.String() + "/" + no }

func runVoucherAdd(fs *flags) runFunc {
	book, user := fs.bookFlags()
	file := fs.String("file", "", "凭证文件（CSV，表头同 import） `V.csv`")
	fs.require("file")
	return func(c *ctx) error {
		f, err := os.Open(*file)
		if err != nil {
			return books.Errorf(books.NotFound, tr("无法读取文件 %s"), *file)
		}
		defer f.Close()
		v, err := books.ReadVoucherCSV(f)
		if err != nil {
			return err
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		v, err = s.SaveVoucher(v)
		if err != nil {
			return err
		}
		d, _ := v.Totals()
		fmt.Fprintf(c.stdout, tr("已保存凭证（未审核，须由制单人以外的人审核后记账）：%s %d 行，借贷合计 %s\n"), v.Date, len(v.Lines), books.FormatYuan(d))
		fmt.Fprintln(c.stdout, voucherRef(v.Period, v.No()))
		return nil
	}
}

// statusFlag reads -status in Chinese or English.
func statusFlag(s string) (string, error) {
	switch strings.TrimSpace(s) {
	case "":
		return "", nil
	case "草稿", "未审核", books.StatusDraft:
		return books.StatusDraft, nil
	case "已审核", books.StatusReviewed:
		return books.StatusReviewed, nil
	case "已记账", books.StatusPosted:
		return books.StatusPosted, nil
	}
	return "", usagef("状态“%s”不对，可选：草稿、已审核、已记账", s)
}

// voucherRow is a voucher of the list as JSON.
type voucherRow struct {
	No       string `json:"no"`
	Date     string `json:"date"`
	Memo     string `json:"memo"`
	Total    string `json:"total"`
	Status   string `json:"status"`
	Kind     string `json:"kind"`
	Preparer string `json:"preparer"`
	Reviewer string `json:"reviewer"`
	Poster   string `json:"poster"`
	Migrated bool   `json:"migrated"`
}

func runVoucherList(fs *flags) runFunc {
	book, user := fs.bookFlags()
	month := fs.month("month", "月份")
	status := fs.String("status", "", "`草稿|已审核|已记账`（默认全部）")
	format := fs.String("format", "table", "输出格式 `table|csv|json`")
	fs.require("month")
	return func(c *ctx) error {
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		p := month.p
		st, err := statusFlag(*status)
		if err != nil {
			return err
		}
		list, err := b.Vouchers(books.VoucherFilter{From: p, To: p, Status: st, Limit: 100000})
		if err != nil {
			return err
		}
		if *format == "json" {
			rows := []voucherRow{}
			for _, v := range list {
				rows = append(rows, voucherRow{No: voucherRef(v.Period, v.No), Date: v.Date, Memo: v.Memo, Total: books.PlainYuan(v.Total),
					Status: books.StatusName(v.Status), Kind: v.Kind, Preparer: v.Preparer, Reviewer: v.Reviewer, Poster: v.Poster, Migrated: v.Migrated()})
			}
			enc := json.NewEncoder(c.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(rows)
		}
		t := books.Table{Title: fmt.Sprintf(tr("%s凭证"), monthName(p)),
			Keys:   []string{"no", "date", "memo", "total", "status", "preparer", "reviewer", "poster"},
			Header: []string{tr("凭证号"), tr("日期"), tr("摘要"), tr("金额"), tr("状态"), tr("制单人"), tr("审核人"), tr("记账人")},
			Kinds:  []books.ColumnKind{books.Text, books.Text, books.Text, books.MoneyColumn, books.Text, books.Text, books.Text, books.Text}}
		for _, v := range list {
			status := tr(books.StatusName(v.Status))
			if v.Migrated() {
				status += tr("（迁移）")
			}
			t.Rows = append(t.Rows, []string{voucherRef(v.Period, v.No), v.Date, v.Memo, books.PlainYuan(v.Total), status, v.Preparer, v.Reviewer, v.Poster})
		}
		return writeList(c, t, *format)
	}
}

// voucherJSON is one voucher, whole, as JSON.
type voucherJSON struct {
	No          string     `json:"no"`
	Date        string     `json:"date"`
	Status      string     `json:"status"`
	Kind        string     `json:"kind"`
	Attachments int        `json:"attachments"`
	SourceRef   string     `json:"source_ref,omitempty"`
	Reverses    string     `json:"reverses,omitempty"`
	Preparer    string     `json:"preparer"`
	Reviewer    string     `json:"reviewer"`
	Poster      string     `json:"poster"`
	ReviewedAt  string     `json:"reviewed_at,omitempty"`
	PostedAt    string     `json:"posted_at,omitempty"`
	Migrated    bool       `json:"migrated"`
	Debit       string     `json:"debit"`
	Credit      string     `json:"credit"`
	Lines       []lineJSON `json:"lines"`
}

type lineJSON struct {
	Seq      int    `json:"seq"`
	Memo     string `json:"memo"`
	Account  string `json:"account"`
	Name     string `json:"account_name"`
	Compound string `json:"compound"`
	Debit    string `json:"debit"`
	Credit   string `json:"credit"`
}

func runVoucherShow(fs *flags) runFunc {
	book, user := fs.bookFlags()
	no := fs.String("no", "", "凭证号 `YYYY-MM/记-NNNN`")
	format := fs.String("format", "text", "输出格式 `text|json`")
	fs.require("no")
	return func(c *ctx) error {
		p, n, err := parseVoucherRef(*no)
		if err != nil {
			return err
		}
		if *format != "text" && *format != "json" {
			return usagef("格式只能是 text 或 json")
		}
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		v, err := b.VoucherByNo(p, n)
		if err != nil {
			return err
		}
		d, cr := v.Totals()
		j := voucherJSON{No: voucherRef(v.Period, v.No()), Date: v.Date, Status: books.StatusName(v.Status), Kind: v.Kind, Attachments: v.Attachments,
			SourceRef: v.SourceRef, Preparer: v.Preparer, Reviewer: v.Reviewer, Poster: v.Poster, ReviewedAt: v.ReviewedAt, PostedAt: v.PostedAt,
			Migrated: v.Migrated(), Debit: books.PlainYuan(d), Credit: books.PlainYuan(cr), Lines: []lineJSON{}}
		if v.ReversesID != 0 {
			if r, err := b.Voucher(v.ReversesID); err == nil {
				j.Reverses = voucherRef(r.Period, r.No())
			}
		}
		for _, l := range v.Lines {
			j.Lines = append(j.Lines, lineJSON{Seq: l.Seq, Memo: l.Memo, Account: l.AccountCode, Name: l.AccountName, Compound: l.CompoundName,
				Debit: books.PlainYuan(l.Debit), Credit: books.PlainYuan(l.Credit)})
		}
		if *format == "json" {
			enc := json.NewEncoder(c.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(j)
		}
		status := j.Status
		if j.Migrated {
			status += tr("（迁移：从原系统迁入的历史凭证）")
		}
		fmt.Fprintf(c.stdout, tr("%s  %s  %s  附件 %d 张\n"), j.No, j.Date, status, j.Attachments)
		for _, l := range j.Lines {
			fmt.Fprintf(c.stdout, tr("  %d  %s  %s %s  %s  借 %s  贷 %s\n"), l.Seq, l.Memo, l.Account, l.Name, l.Compound, l.Debit, l.Credit)
		}
		fmt.Fprintf(c.stdout, tr("合计  借 %s  贷 %s\n制单：%s　审核：%s　记账：%s\n"), j.Debit, j.Credit, orDash(j.Preparer), orDash(j.Reviewer), orDash(j.Poster))
		return nil
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func runVoucherReverse(fs *flags) runFunc {
	book, user := fs.bookFlags()
	no := fs.String("no", "", "要冲销的凭证号 `YYYY-MM/记-NNNN`")
	date := fs.date("date", "冲销凭证的日期")
	fs.require("no", "date")
	return func(c *ctx) error {
		p, n, err := parseVoucherRef(*no)
		if err != nil {
			return err
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		v, err := s.Book().VoucherByNo(p, n)
		if err != nil {
			return err
		}
		r, err := s.ReverseVoucher(v.ID, *date)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已生成红字冲销凭证（未审核，须由制单人以外的人审核后记账），冲销 %s\n"), voucherRef(v.Period, v.No()))
		fmt.Fprintln(c.stdout, voucherRef(r.Period, r.No()))
		return nil
	}
}

func runImport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	post := fs.Bool("post", false, "导入后直接记账（历史数据迁移）")
	add := fs.Bool("add-compounds", false, "文件中有账簿没有的小区时自动增加")
	confirmUser := fs.String("confirm-user", "", "确认迁移的另一位用户（会计、出纳或社区党组织） `NAME`")
	return func(c *ctx) error {
		files := c.args
		if len(files) != 1 {
			return usagef("请给出一个要导入的 .csv 或 .xlsx 文件")
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		o := books.ImportOptions{Post: *post, AddCompounds: *add}
		if *post && *confirmUser != "" {
			pw, err := c.password(fmt.Sprintf(tr("确认人 %s 的密码："), *confirmUser), "SUNBOOKS_CONFIRM_PASSWORD")
			if err != nil {
				return err
			}
			if o.ConfirmedBy, err = s.Book().Login(*confirmUser, pw); err != nil {
				return err
			}
		}
		res, err := s.ImportFile(c.cx, files[0], o)
		if err != nil {
			return err
		}
		state := tr("未审核（草稿）")
		if res.Posted {
			state = tr("已记账")
		}
		fmt.Fprintf(c.stdout, tr("已导入 %d 张凭证，共 %d 行，%s 至 %s，借方合计 %s，状态：%s\n"),
			res.Vouchers, res.Lines, res.From.Chinese(), res.To.Chinese(), books.FormatYuan(res.Total), state)
		if len(res.AddedCompounds) > 0 {
			fmt.Fprintf(c.stdout, tr("新增小区：%s\n"), strings.Join(res.AddedCompounds, tr("、")))
		}
		fmt.Fprintf(c.stdout, tr("文件编码：%s\n"), res.Encoding)
		fmt.Fprintf(c.stdout, tr("导入前已备份：%s\n"), res.Snapshot)
		return nil
	}
}

package main

import (
	"encoding/json"
	"fmt"

	"sunbooks/books"
	"sunbooks/books/demo"
)

// The commands that check and keep the book whole: verify, anchors, the
// log export, backup and restore, and the demo book.

func runVerify(fs *flags) runFunc {
	book, user := fs.bookFlags()
	anchorFlags := fs.anchorFlag()
	return func(c *ctx) error {
		anchors, err := parseAnchors(*anchorFlags)
		if err != nil {
			return err
		}
		// Read-only: verifying neither waits for the app that holds the book
		// nor migrates or otherwise writes the file it is judging.
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		problems, err := b.Verify(c.cx)
		if err != nil {
			return err
		}
		bad, err := anchorProblems(b, anchors)
		if err != nil {
			return err
		}
		problems = append(problems, bad...)
		if len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintln(c.stderr, p)
			}
			return books.Errorf(books.Tampered, tr("校验发现 %d 处问题，账簿可能被改动过"), len(problems))
		}
		fmt.Fprintln(c.stdout, tr("校验通过：数据库完整，操作日志链完整，每张凭证借贷平衡且与记账时一致，余额表与分录相符"))
		printAnchorsOK(c, anchors)
		return nil
	}
}

func runBackup(fs *flags) runFunc {
	book, user := fs.bookFlags()
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		p, err := s.Backup()
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已备份到 %s\n"), p)
		return nil
	}
}

func runRestore(fs *flags) runFunc {
	book, user := fs.bookFlags()
	from := fs.String("from", "", "备份文件 `BACKUP`")
	fs.require("from")
	return func(c *ctx) error {
		// Sign in first: only the book's own 会计 restores it.
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		saved, err := s.Restore(c.cx, *from)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已从 %s 恢复；恢复前的账簿已另存为 %s\n"), *from, saved)
		return nil
	}
}

// anchorFlag adds the repeatable -anchor N:CODE flag.
func (fs *flags) anchorFlag() *listValue {
	return fs.list("anchor", "公示或数据包上的日志锚点：序号:校验码，如 128:3F2A-09C1-77DE-B450 `N:CODE`")
}

// anchor is one parsed -anchor.
type anchor struct {
	seq  int64
	code string
}

// parseAnchors reads the -anchor values; a malformed one is a usage error.
func parseAnchors(flags []string) ([]anchor, error) {
	var out []anchor
	for _, f := range flags {
		seq, code, err := books.ParseAnchor(f)
		if err != nil {
			return nil, usagef("-anchor：%s", books.ErrorMessage(err))
		}
		out = append(out, anchor{seq, code})
	}
	return out, nil
}

// anchorProblems checks each anchor against the book's log and returns the
// refusals, in Chinese.
func anchorProblems(b *books.Book, anchors []anchor) ([]string, error) {
	var problems []string
	for _, a := range anchors {
		err := b.VerifyAnchor(a.seq, a.code)
		switch books.ErrorCode(err) {
		case "":
		case books.Tampered, books.Invalid:
			problems = append(problems, books.ErrorMessage(err))
		default:
			return nil, err
		}
	}
	return problems, nil
}

// printAnchorsOK says which anchors matched, after verify passed.
func printAnchorsOK(c *ctx, anchors []anchor) {
	for _, a := range anchors {
		fmt.Fprintf(c.stdout, tr("日志锚点相符：日志第 %d 条 · %s\n"), a.seq, books.LogAnchor{Seq: a.seq, Hash: a.code}.Code())
	}
}

func runAnchor(fs *flags) runFunc {
	book, user := fs.bookFlags()
	return func(c *ctx) error {
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		head, err := b.LogAnchor()
		if err != nil {
			return err
		}
		if head.IsZero() {
			return books.Errorf(books.NotFound, "%s", tr("账簿的操作日志是空的，还没有锚点"))
		}
		// An anchor over a log already broken would vouch for the damage.
		if err := b.VerifyAnchor(head.Seq, head.Hash); err != nil {
			return books.Errorf(books.Tampered, tr("操作日志本身不完整，不能作为锚点：%s。请先运行 verify 查明原因"), books.ErrorMessage(err))
		}
		fmt.Fprintln(c.stdout, head.Label())
		fmt.Fprintf(c.stdout, tr("完整校验码：%s\n"), head.Hash)
		fmt.Fprintf(c.stdout, tr("核对方法：sunbooks-cli verify -book 账簿文件 -anchor %s\n"), head)
		return nil
	}
}

// anchorText shows a package's log head as verify -anchor takes it, or 无
// for a package made before anchors.
func anchorText(a *books.LogAnchor) string {
	if a == nil {
		return tr("无")
	}
	return a.String()
}

// logRow is one exported log entry.
type logRow struct {
	Seq        int64  `json:"seq"`
	At         string `json:"at"`
	User       string `json:"user"`
	Role       string `json:"role"`
	Action     string `json:"action"`
	Entity     string `json:"entity"`
	EntityID   string `json:"entity_id"`
	Before     string `json:"before"`
	After      string `json:"after"`
	BeforeText string `json:"before_text"`
	AfterText  string `json:"after_text"`
	PrevHash   string `json:"prev_hash"`
	Hash       string `json:"hash"`
}

func runLogExport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	from := fs.date("from", "从哪天起（默认最早）")
	to := fs.date("to", "到哪天止（默认最近）")
	format := fs.String("format", "", "输出格式 `csv|xlsx|json`")
	out := fs.String("out", "", "输出文件 `FILE`")
	fs.require("format", "out")
	return func(c *ctx) error {
		if *format != "csv" && *format != "xlsx" && *format != "json" {
			return usagef("格式只能是 csv、xlsx 或 json")
		}
		if err := checkOut(*out); err != nil {
			return err
		}
		s, err := c.signIn(*book, *user, books.OpenReadOnly)
		if err != nil {
			return err
		}
		entries, err := s.LogEntries(*from, *to)
		if err != nil {
			return err
		}
		rows := make([]logRow, len(entries))
		for i, e := range entries {
			rows[i] = logRow{Seq: e.ID, At: e.At, User: e.User, Role: e.Role, Action: e.Action, Entity: e.Entity, EntityID: e.EntityID,
				Before: e.Before, After: e.After, BeforeText: books.DescribeLogJSON(e.Before), AfterText: books.DescribeLogJSON(e.After),
				PrevHash: e.PrevHash, Hash: e.Hash}
		}
		switch *format {
		case "json":
			data, err := json.MarshalIndent(rows, "", "  ")
			if err != nil {
				return err
			}
			if err := books.WriteFileAtomic(*out, append(data, '\n')); err != nil {
				return err
			}
		default:
			t := books.LogTable(entries)
			if *format == "xlsx" {
				if err := t.WriteXLSX(*out); err != nil {
					return err
				}
			} else {
				f, err := books.CreateAtomic(*out)
				if err != nil {
					return err
				}
				defer f.Abort()
				werr := t.WriteCSV(f)
				if werr == nil {
					werr = f.Commit()
				}
				if werr != nil {
					return books.Errorf(books.Invalid, tr("写出操作日志到 %s 失败（磁盘已满或文件不能写入）；账簿未被改动"), *out)
				}
			}
		}
		last := tr("（无）")
		if n := len(rows); n > 0 {
			last = fmt.Sprintf(tr("第 %d 条 %s"), rows[n-1].Seq, rows[n-1].Hash[:16])
		}
		fmt.Fprintf(c.stdout, tr("已导出操作日志 %d 条到 %s；最后一条：%s\n"), len(rows), *out, last)
		return nil
	}
}

func runDemo(fs *flags) runFunc {
	book := fs.String("book", "", "新的演示账簿文件 `FILE`")
	fs.require("book")
	return func(c *ctx) error {
		pw, err := c.password(tr("演示用户的密码："), "SUNBOOKS_PASSWORD")
		if err != nil {
			return err
		}
		b, err := demo.Create(*book, demo.Options{Password: pw})
		if err != nil {
			return err
		}
		c.open = append(c.open, b)
		n, err := b.CountVouchers(books.VoucherFilter{})
		if err != nil {
			return err
		}
		ps, err := b.Periods()
		if err != nil {
			return err
		}
		closed := 0
		for _, p := range ps {
			if p.Closed {
				closed++
			}
		}
		fmt.Fprintf(c.stdout, tr("已建立演示账簿 %s：城关街道 阳光社区（371329001），小区 阳光小区、和平小区、幸福里小区、锦绣花园\n"), *book)
		fmt.Fprintf(c.stdout, tr("凭证 %d 张，已结账 %d 个月；用户 张会计（会计）、李出纳（出纳）、赵主任（业委会）、王书记（社区党组织）、王审计（审计），密码均为 SUNBOOKS_PASSWORD 所设\n"), n, closed)
		return nil
	}
}

package main

// The archive of published notices: publish, archive, check, export.

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"sunbooks/books"
	"sunbooks/books/notice"
	"sunbooks/printouts"
)

func runNoticePublish(fs *flags) runFunc {
	book, user := fs.bookFlags()
	month := fs.month("month", "月份")
	compound := fs.String("compound", "", "只发布一个小区（默认每个小区各一张） `NAME`")
	reason := fs.String("reason", "", "再次发布同一月份时说明原因 `TEXT`")
	postFrom := fs.date("post-from", "公示开始日期（默认月末后第一个工作日）")
	days := fs.Int("days", 0, "公示天数（默认账簿设置 notice.days，否则 7 天）")
	paper := fs.String("paper", "A4", "纸张 `A4|A3`")
	landscape := fs.Bool("landscape", false, "横向")
	out := fs.String("out", "", "另存一份发布的 PDF 用于打印 `FILE.pdf`")
	fs.require("month")
	return func(c *ctx) error {
		if err := checkPaper(*paper); err != nil {
			return err
		}
		if *out != "" && !strings.EqualFold(printExt(*out), ".pdf") {
			return usagef("输出文件 %s 应以 .pdf 结尾", *out)
		}
		if *days < 0 {
			return usagef("公示天数不能为负")
		}
		if err := checkOut(*out); err != nil {
			return err
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		b := s.Book()
		cid, err := printCompoundID(b, *compound)
		if err != nil {
			return err
		}
		n, err := notice.With(b, month.p, cid, notice.Options{PostFrom: *postFrom, Days: *days})
		if err != nil {
			return err
		}
		var pdf []byte
		p, err := notice.Publish(s, n, cid, *reason, func(n notice.Notice) ([]byte, int, error) {
			l, err := printouts.Notice(n, printouts.Options{Paper: *paper, Landscape: *landscape})
			if err != nil {
				return nil, 0, err
			}
			pdf, err = l.PDF()
			return pdf, len(l.Pages), err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已发布 %s %s的公示（%s，第 %d 版，共 %d 页），公示期 %s 至 %s\n"), p.No, p.Period.Chinese(), p.Scope(), p.Version, p.Pages, p.PostFrom, p.PostTo)
		fmt.Fprintf(c.stdout, tr("PDF 的 SHA-256：%s\n"), p.PDFSHA256)
		if *out != "" {
			if err := books.WriteFileAtomic(*out, pdf); err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, tr("已另存发布的 PDF：%s\n"), *out)
		}
		return nil
	}
}

func runNoticeArchive(fs *flags) runFunc {
	book, user := fs.bookFlags()
	year := fs.Int("year", 0, "只列一年 `YYYY`")
	month := fs.month("month", "只列一个月份")
	compound := fs.String("compound", "", "只列含某小区的公示 `NAME`")
	text := fs.String("text", "", "只列事项中含这些字的公示，如 燃气管线 `TEXT`")
	format := fs.String("format", "table", "输出格式 `table|csv`")
	return func(c *ctx) error {
		if *year != 0 && (*year < 1900 || *year > 9999) {
			return usagef("年份 %d 不对", *year)
		}
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		list, err := b.Publications(books.PublicationFilter{Year: *year, Period: month.p, Compound: *compound, Text: *text})
		if err != nil {
			return err
		}
		t := books.Table{Title: tr("公示档案"),
			Keys: []string{"no", "month", "scope", "version", "replaces", "replaced_by", "reason", "post_from", "post_to",
				"published_by", "published_at", "pages", "pdf_sha256", "content_sha256"},
			Header: []string{tr("公示编号"), tr("月份"), tr("范围"), tr("版本"), tr("替代"), tr("已被替代"), tr("原因"), tr("公示开始"), tr("公示结束"),
				tr("发布人"), tr("发布时间"), tr("页数"), "PDF SHA-256", tr("内容校验码")}}
		if *text != "" {
			t.Keys = append(t.Keys, "matches")
			t.Header = append(t.Header, tr("相符的事项"))
		}
		for _, p := range list {
			row := []string{p.No, p.Period.String(), p.Scope(), strconv.Itoa(p.Version), p.Replaces, p.ReplacedBy, p.Reason, p.PostFrom, p.PostTo,
				p.PublishedBy, p.PublishedAt, strconv.Itoa(p.Pages), p.PDFSHA256, p.ContentSHA256[:16]}
			if *text != "" {
				var m []string
				for _, it := range p.Matches {
					m = append(m, fmt.Sprintf("%s %d %s %s", it.Compound, it.Seq, it.VoucherNo, it.Memo))
				}
				row = append(row, strings.Join(m, tr("；")))
			}
			t.Rows = append(t.Rows, row)
		}
		t.Subtitle = fmt.Sprintf(tr("共 %d 份"), len(list))
		return writeList(c, t, *format)
	}
}

func runNoticeCheck(fs *flags) runFunc {
	book, user := fs.bookFlags()
	code := fs.String("code", "", "核对公示上的二维码内容，或公示编号和校验码（代替 PDF 文件） `TEXT`")
	return func(c *ctx) error {
		if *code != "" {
			if len(c.args) != 0 {
				return usagef("-code 与 PDF 文件只能给一个")
			}
			b, err := c.readBook(*book, *user)
			if err != nil {
				return err
			}
			p, err := notice.CheckCode(b, *code)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, tr("与发布的公示 %s 相符：%s %s，第 %d 版，%s 由 %s 发布，公示期 %s 至 %s\n"),
				p.No, p.Period.Chinese(), p.Scope(), p.Version, p.PublishedAt, p.PublishedBy, p.PostFrom, p.PostTo)
			if p.ReplacedBy != "" {
				fmt.Fprintf(c.stdout, tr("注意：这一版已被 %s 替代\n"), p.ReplacedBy)
			}
			return nil
		}
		if len(c.args) != 1 {
			return usagef("请给出一个要核对的 PDF 文件")
		}
		pdf, err := readNoticeFile(c.args[0])
		if err != nil {
			return err
		}
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		p, found, err := b.PublicationOf(pdf)
		if err != nil {
			return err
		}
		if !found {
			return books.Errorf(books.NotFound, tr("%s 不是本账簿发布过的任何一份公示：它与每一份发布的 PDF 都不一致（哪怕只改了一个字节也不一致）"), c.args[0])
		}
		fmt.Fprintf(c.stdout, tr("%s 是发布的公示 %s：%s %s，第 %d 版，%s 由 %s 发布，公示期 %s 至 %s，共 %d 页\n"),
			c.args[0], p.No, p.Period.Chinese(), p.Scope(), p.Version, p.PublishedAt, p.PublishedBy, p.PostFrom, p.PostTo, p.Pages)
		if p.ReplacedBy != "" {
			fmt.Fprintf(c.stdout, tr("注意：这一版已被 %s 替代\n"), p.ReplacedBy)
		}
		return nil
	}
}

// readNoticeFile reads a PDF to check, within the size a notice can have.
func readNoticeFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, books.Errorf(books.NotFound, tr("无法读取文件 %s"), path)
	}
	if st.Size() > books.MaxNoticePDF {
		return nil, books.Errorf(books.Invalid, tr("%s 有 %d MB，比任何公示都大，不是发布的公示"), path, st.Size()>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, books.Errorf(books.NotFound, tr("无法读取文件 %s"), path)
	}
	return data, nil
}

func runNoticeExport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	no := fs.String("no", "", "公示编号，如 `公示-2026-0001`")
	out := fs.String("out", "", "输出的 PDF 文件 `FILE.pdf`")
	fs.require("no", "out")
	return func(c *ctx) error {
		if err := checkOut(*out); err != nil {
			return err
		}
		b, err := c.readBook(*book, *user)
		if err != nil {
			return err
		}
		pdf, err := b.PublicationPDF(*no)
		if err != nil {
			return err
		}
		if err := books.WriteFileAtomic(*out, pdf); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已导出发布的公示 %s：%s\n"), *no, *out)
		return nil
	}
}

package main

// audit export: a year of the book as data for an auditor.

import (
	"fmt"

	"sunbooks/books"
	"sunbooks/books/auditdata"
)

func runAuditExport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	year := fs.Int("year", 0, "年度 `YYYY`")
	out := fs.String("out", "", "输出文件夹（新的或空的） `DIR`")
	fs.require("year", "out")
	return func(c *ctx) error {
		if *year < 1900 || *year > 9999 {
			return usagef("年份 %d 不对", *year)
		}
		s, err := c.signIn(*book, *user, books.OpenReadOnly)
		if err != nil {
			return err
		}
		m, err := auditdata.Export(c.cx, s, *year, *out)
		if err != nil {
			return err
		}
		t := m.Totals
		fmt.Fprintf(c.stdout, tr("已导出 %d 年度审计数据到 %s：凭证 %d 张（已记账 %d 张），分录 %d 条，已记账借方合计 %s、贷方合计 %s，支出申请 %d 份，操作日志 %d 条\n"),
			m.Year, *out, t.Vouchers, t.PostedVouchers, t.Lines, t.PostedDebit, t.PostedCredit, t.Applications, t.LogEntries)
		for _, f := range m.Files {
			fmt.Fprintf(c.stdout, "  %s  %s  %s\n", f.SHA256[:16], f.File, f.Name)
		}
		fmt.Fprintf(c.stdout, tr("清单 %s 已用本账簿的密钥签名（%s），公钥指纹 %s\n"), auditdata.ManifestFile, auditdata.SignedManifest, m.Signer)
		return nil
	}
}

func runAuditVerify(fs *flags) runFunc {
	dir := fs.String("dir", "", "审计数据所在的文件夹 `DIR`")
	key := fs.String("key", "", "导出账簿的公钥文件（key export 导出），核对签名人 `FILE.pub`")
	fs.require("dir")
	return func(c *ctx) error {
		var trusted books.TrustedKey
		if *key != "" {
			data, err := books.ReadSignedFile(*key, books.FileKindPublicKey)
			if err != nil {
				return err
			}
			if trusted, err = books.ReadPublicKeyFile(data); err != nil {
				return err
			}
		}
		m, problems, err := auditdata.Verify(*dir, trusted.PublicKey)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("%s %s（代码 %s）%d 年度的审计数据，%s 由 %s 导出，签名公钥指纹 %s\n"), m.Street, m.Community, m.Code, m.Year, m.ExportedAt, m.ExportedBy, m.Signer)
		if *key == "" {
			fmt.Fprintln(c.stdout, tr("没有给出公钥文件（-key）：签名只说明清单未被改过，签名人是否为该社区，请与社区电话核对上面的指纹"))
		}
		if len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintln(c.stderr, p)
			}
			return books.Errorf(books.Invalid, tr("审计数据与签名的清单不一致：%d 处"), len(problems))
		}
		fmt.Fprintf(c.stdout, tr("核对通过：%d 个文件的大小和 SHA-256 与签名的清单一致\n"), len(m.Files))
		return nil
	}
}

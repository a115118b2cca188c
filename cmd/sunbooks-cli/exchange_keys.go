package main

// The book's signing key and the keys it trusts: key export|list, trust.

import (
	"fmt"

	"sunbooks/books"
)

func runKeyExport(fs *flags) runFunc {
	book, user := fs.bookFlags()
	out := fs.String("out", "", "公钥文件 `FILE.pub`")
	fs.require("out")
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		data, err := s.Book().ExportPublicKey()
		if err != nil {
			return err
		}
		if err := writeNewFile(*out, data); err != nil {
			return err
		}
		pub, err := s.Book().PublicKey()
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("已导出公钥到 %s\n公钥指纹：%s\n"), *out, books.Fingerprint(pub))
		return nil
	}
}

func runTrust(fs *flags) runFunc {
	book, user := fs.bookFlags()
	key := fs.String("key", "", "对方的公钥文件 `FILE.pub`")
	fs.require("key")
	return func(c *ctx) error {
		data, err := books.ReadSignedFile(*key, books.FileKindPublicKey)
		if err != nil {
			return err
		}
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		k, err := s.Trust(data)
		if err != nil {
			return err
		}
		who := k.Street
		if k.Kind == books.KindCommunity {
			who = fmt.Sprintf(tr("%s %s（代码 %s）"), k.Street, k.Community, k.Code)
		}
		fmt.Fprintf(c.stdout, tr("已登记 %s 的公钥\n公钥指纹：%s（请与对方电话核对）\n"), who, k.Fingerprint)
		return nil
	}
}

func runKeyList(fs *flags) runFunc {
	book, user := fs.bookFlags()
	return func(c *ctx) error {
		s, err := c.login(*book, *user)
		if err != nil {
			return err
		}
		own, err := s.Book().PublicKey()
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, tr("本账簿公钥指纹：%s\n"), books.Fingerprint(own))
		keys, err := s.Book().TrustedKeys()
		if err != nil {
			return err
		}
		for _, k := range keys {
			who := k.Street
			if k.Kind == books.KindCommunity {
				who = k.Community + "\t" + k.Code
			}
			fmt.Fprintf(c.stdout, tr("%s\t%s\t登记于 %s\n"), who, k.Fingerprint, k.CreatedAt)
		}
		return nil
	}
}

package main

import (
	"fmt"

	"sunbooks/books"
)

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
		fmt.Fprintf(c.stdout, "日志锚点相符：日志第 %d 条 · %s\n", a.seq, books.LogAnchor{Seq: a.seq, Hash: a.code}.Code())
	}
}

func runAnchor(fs *flags) runFunc {
	book, user := fs.bookFlags()
	fs.require("book")
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
			return books.Errorf(books.NotFound, "账簿的操作日志是空的，还没有锚点")
		}
		// An anchor over a log already broken would vouch for the damage.
		if err := b.VerifyAnchor(head.Seq, head.Hash); err != nil {
			return books.Errorf(books.Tampered, "操作日志本身不完整，不能作为锚点：%s。请先运行 verify 查明原因", books.ErrorMessage(err))
		}
		fmt.Fprintln(c.stdout, head.Label())
		fmt.Fprintf(c.stdout, "完整校验码：%s\n", head.Hash)
		fmt.Fprintf(c.stdout, "核对方法：sunbooks-cli verify -book 账簿文件 -anchor %s\n", head)
		return nil
	}
}

// anchorText shows a package's log head as verify -anchor takes it, or 无
// for a package made before anchors.
func anchorText(a *books.LogAnchor) string {
	if a == nil {
		return "无"
	}
	return a.String()
}

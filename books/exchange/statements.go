package exchange

// The street's consolidated statements: each community's statement of the
// month, as its period package carries it, added up line by line.

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"sunbooks/books"
)

// ConsolidatedStatement adds up the statement of kind for the month at of
// every community whose imported package covers that month, line by line,
// and runs the statement's totals check on the sum. The note names the
// communities added up and those without a statement for the month (no
// package covering it, or one from before packages carried statements).
func ConsolidatedStatement(ctx context.Context, b *books.Book, kind string, at books.Period) (books.Statement, error) {
	out := books.Statement{Kind: kind, At: at}
	if !at.Valid() {
		return out, books.Errorf(books.Invalid, "报表的月份 %s 不对", at)
	}
	info, err := b.Info()
	if err != nil {
		return out, err
	}
	if info.Kind != books.KindStreet {
		return out, books.Errorf(books.Invalid, "汇总报表只在街道账簿中生成")
	}
	for _, t := range []string{"consol_package", "consol_statement"} {
		if err := b.RequireSealed(t, nil); err != nil {
			return out, err
		}
	}
	rows, err := b.Reader().Query(`SELECT p.community_code, p.community, s.data FROM consol_statement s JOIN consol_package p ON p.id = s.package_id
		WHERE s.kind = ? AND s.period = ? AND s.compound = '' ORDER BY p.community_code`, kind, int(at))
	if err != nil {
		return out, books.Unexpected("consolidated statement", err)
	}
	defer rows.Close()
	have := map[string]bool{}
	var names []string
	for rows.Next() {
		if err := books.Stopped(ctx); err != nil {
			return out, err
		}
		var code, name, data string
		if err := rows.Scan(&code, &name, &data); err != nil {
			return out, books.Unexpected("consolidated statement", err)
		}
		var s books.Statement
		if err := json.Unmarshal([]byte(data), &s); err != nil {
			return out, books.Errorf(books.Tampered, "社区 %s（%s）%s 的%s无法读取", name, code, at, kind)
		}
		label := name + "（" + code + "）"
		if len(names) == 0 {
			out.Title, out.FormNo, out.Date, out.Columns, out.Right = s.Title, s.FormNo, s.Date, s.Columns, s.Right
			for _, l := range s.Lines {
				l.Amounts = append([]books.Money(nil), l.Amounts...)
				out.Lines = append(out.Lines, l)
			}
		} else if s.FormNo != out.FormNo || s.Title != out.Title || len(s.Lines) != len(out.Lines) {
			return out, books.Errorf(books.Invalid, "社区 %s 的%s格式（%s）与其他社区的（%s）不同，不能汇总：各社区须使用同一科目体系", label, s.Title, s.FormNo, out.FormNo)
		} else {
			for i, l := range s.Lines {
				if l.Line != out.Lines[i].Line {
					return out, books.Errorf(books.Invalid, "社区 %s 的%s第 %d 行与其他社区的不同（%d），不能汇总", label, s.Title, i+1, l.Line)
				}
				for c := range out.Lines[i].Amounts {
					if c < len(l.Amounts) {
						out.Lines[i].Amounts[c] = out.Lines[i].Amounts[c].Add(l.Amounts[c])
					}
				}
			}
		}
		for _, p := range s.Problems {
			out.Problems = append(out.Problems, label+"："+p)
		}
		have[code] = true
		names = append(names, label)
	}
	if err := rows.Err(); err != nil {
		return out, books.Unexpected("consolidated statement", err)
	}
	missing, err := communitiesWithout(b, have)
	if err != nil {
		return out, err
	}
	if len(names) == 0 {
		return out, books.Errorf(books.NotFound, "没有社区的数据包含有 %s 的报表（导入覆盖该月的数据包；旧版本导出的数据包不带报表）", at)
	}
	out.Unit = info.Street
	out.Note = fmt.Sprintf("汇总 %d 个社区：%s", len(names), strings.Join(names, "、"))
	if len(missing) > 0 {
		out.Note += "；缺少：" + strings.Join(missing, "、")
	}
	if a, l, ok := totalsLines(out); ok {
		for c, col := range out.Columns {
			if x, y := out.Amount(a, c), out.Amount(l, c); !x.Equal(y) {
				out.Problems = append(out.Problems, fmt.Sprintf("汇总%s：第 %d 行 %s 不等于第 %d 行 %s", col, a, books.FormatYuan(x), l, books.FormatYuan(y)))
			}
		}
	}
	return out, nil
}

// totalsLines are the two lines a balance sheet's totals check compares:
// 资产总计 and 负债和净资产总计 (或所有者权益).
func totalsLines(s books.Statement) (int, int, bool) {
	if s.Kind != books.StatementBalanceSheet {
		return 0, 0, false
	}
	a, l := 0, 0
	for _, ln := range s.Lines {
		switch {
		case ln.Item == "资产总计":
			a = ln.Line
		case strings.HasPrefix(ln.Item, "负债和") && strings.HasSuffix(ln.Item, "总计"):
			l = ln.Line
		}
	}
	return a, l, a > 0 && l > 0
}

// communitiesWithout names the communities the street has packages of that
// are not in have.
func communitiesWithout(b *books.Book, have map[string]bool) ([]string, error) {
	rows, err := b.Reader().Query(`SELECT DISTINCT community_code, community FROM consol_package`)
	if err != nil {
		return nil, books.Unexpected("consolidated statement", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, books.Unexpected("consolidated statement", err)
		}
		if !have[code] {
			out = append(out, name+"（"+code+"）")
		}
	}
	sort.Strings(out)
	return out, rows.Err()
}

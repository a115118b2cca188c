package main

import (
	"encoding/json"
	"fmt"

	"sunbooks/books"
)

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
	fs.require("book", "format", "out")
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
					return books.Errorf(books.Invalid, "写出操作日志到 %s 失败（磁盘已满或文件不能写入）；账簿未被改动", *out)
				}
			}
		}
		last := "（无）"
		if n := len(rows); n > 0 {
			last = fmt.Sprintf("第 %d 条 %s", rows[n-1].Seq, rows[n-1].Hash[:16])
		}
		fmt.Fprintf(c.stdout, "已导出操作日志 %d 条到 %s；最后一条：%s\n", len(rows), *out, last)
		return nil
	}
}

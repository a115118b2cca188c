package main

import (
	"errors"
	"flag"
	"io"
	"regexp"
	"strings"

	"sunbooks/books"
	"sunbooks/books/income"
)

// flags are one command's flags: the standard flag package's, single-dash
// long names and all, with the flags the command cannot run without. A
// flag's usage text may carry its placeholder in backquotes ("月份
// `YYYY-MM`"), shown after the flag's name in the usage and help.
type flags struct {
	*flag.FlagSet
	required []string
	args     []string // the arguments that are not flags, once parsed
}

func newFlags(name string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// Errors are said in Chinese by parse; help is printed from the table.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs}
}

// require marks flags the command cannot run without, in the order their
// absence is reported.
func (f *flags) require(names ...string) {
	for _, n := range names {
		if !f.isRequired(n) {
			f.required = append(f.required, n)
		}
	}
}

func (f *flags) isRequired(name string) bool {
	for _, n := range f.required {
		if n == name {
			return true
		}
	}
	return false
}

// bookFlags adds the -book (required) and -user flags every command on a
// book takes.
func (f *flags) bookFlags() (book, user *string) {
	f.require("book")
	return f.String("book", "", "账簿文件 `FILE`"), f.String("user", "", "操作用户（默认取 SUNBOOKS_USER） `NAME`")
}

var (
	notDefined = regexp.MustCompile(`^flag provided but not defined: -(.*)$`)
	needsArg   = regexp.MustCompile(`^flag needs an argument: -(.*)$`)
	badValue   = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-([^:]*): (.*)$`)
)

// parse reads the command line: flags and arguments in any order ("import
// FILE.csv -post"), everything after "--" an argument. A mistake — an
// unknown flag, a value missing or malformed, a required flag absent — is a
// usage error saying which flag and why; -h is flag.ErrHelp.
func (f *flags) parse(args []string) error {
	for {
		if err := f.parseFlags(args); err != nil {
			return err
		}
		rest := f.Args()
		if len(rest) == 0 {
			break
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			f.args = append(f.args, rest...)
			break
		}
		f.args = append(f.args, rest[0])
		args = rest[1:]
	}
	for _, name := range f.required {
		// A number given as 0 counts as missing: a required number is an
		// id, a year or a count, never 0.
		if fl := f.Lookup(name); fl != nil && (strings.TrimSpace(fl.Value.String()) == "" || fl.DefValue == "0" && fl.Value.String() == "0") {
			return usagef("缺少参数 -%s", name)
		}
	}
	return nil
}

// parseFlags parses flags up to the first argument, saying a mistake in
// Chinese.
func (f *flags) parseFlags(args []string) error {
	err := f.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	msg := err.Error()
	if m := notDefined.FindStringSubmatch(msg); m != nil {
		return usagef("没有参数 -%s", m[1])
	}
	if m := needsArg.FindStringSubmatch(msg); m != nil {
		return usagef("参数 -%s 后面缺少值", m[1])
	}
	if m := badValue.FindStringSubmatch(msg); m != nil {
		if strings.Contains(msg, "invalid boolean") {
			return usagef("-%s 是开关，不带值（或写成 -%s=true）", m[2], m[2])
		}
		if strings.HasPrefix(m[3], "parse error") || strings.HasPrefix(m[3], "value out of range") {
			return usagef("-%s 的值“%s”应是整数", m[2], m[1])
		}
		return usagef("-%s：%s", m[2], m[3])
	}
	return usagef("%s", msg)
}

// moneyValue is an amount of yuan, exact to the fen ("1234.50", "1,234.5").
type moneyValue struct {
	v   books.Money
	set bool
}

func (m *moneyValue) String() string {
	if m == nil || !m.set {
		return ""
	}
	return books.PlainYuan(m.v)
}

// value is the amount given, zero when none was.
func (m *moneyValue) value() books.Money {
	if !m.set {
		return books.FromFen(0)
	}
	return m.v
}

func (m *moneyValue) Set(s string) error {
	v, err := books.ParseMoney(s)
	if err != nil {
		return errors.New(books.ErrorMessage(err))
	}
	m.v, m.set = v, true
	return nil
}

// money adds an amount flag; the placeholder is 1234.50 unless usage gives
// one.
func (f *flags) money(name, usage string) *moneyValue {
	m := &moneyValue{}
	f.Var(m, name, withMeta(usage, "1234.50"))
	return m
}

// listValue is a flag given once per value (-attach a.pdf -attach b.jpg).
type listValue []string

func (l *listValue) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(*l, " ")
}

func (l *listValue) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// list adds a repeatable flag.
func (f *flags) list(name, usage string) *listValue {
	l := &listValue{}
	f.Var(l, name, usage)
	return l
}

// repeatable reports whether a flag may be given more than once.
func repeatable(fl *flag.Flag) bool {
	_, ok := fl.Value.(*listValue)
	return ok
}

// withMeta gives usage a placeholder unless it has one.
func withMeta(usage, meta string) string {
	if strings.Contains(usage, "`") {
		return usage
	}
	return usage + " `" + meta + "`"
}

// dateValue is a day, YYYY-MM-DD, checked when given.
type dateValue string

func (d *dateValue) String() string {
	if d == nil {
		return ""
	}
	return string(*d)
}

func (d *dateValue) Set(s string) error {
	if _, err := books.ParseDate(s); err != nil {
		return errors.New(books.ErrorMessage(err))
	}
	*d = dateValue(strings.TrimSpace(s))
	return nil
}

// date adds a date flag; its value is "" when not given.
func (f *flags) date(name, usage string) *string {
	var s string
	f.Var((*dateValue)(&s), name, withMeta(usage, "YYYY-MM-DD"))
	return &s
}

// monthValue is a month, YYYY-MM.
type monthValue struct {
	p   books.Period
	set bool
}

func (m *monthValue) String() string {
	if m == nil || !m.set {
		return ""
	}
	return m.p.String()
}

func (m *monthValue) Set(s string) error {
	p, err := books.ParsePeriod(s)
	if err != nil {
		return errors.New(books.ErrorMessage(err))
	}
	m.p, m.set = p, true
	return nil
}

// month adds a month flag.
func (f *flags) month(name, usage string) *monthValue {
	m := &monthValue{}
	f.Var(m, name, withMeta(usage, "YYYY-MM"))
	return m
}

// quarterValue is a quarter, 2026Q1.
type quarterValue struct {
	q   income.Quarter
	set bool
}

func (q *quarterValue) String() string {
	if q == nil || !q.set {
		return ""
	}
	return q.q.String()
}

func (q *quarterValue) Set(s string) error {
	v, err := income.ParseQuarter(s)
	if err != nil {
		return errors.New(books.ErrorMessage(err))
	}
	q.q, q.set = v, true
	return nil
}

// quarter adds a quarter flag.
func (f *flags) quarter(name, usage string) *quarterValue {
	q := &quarterValue{}
	f.Var(q, name, withMeta(usage, "2026Q1"))
	return q
}

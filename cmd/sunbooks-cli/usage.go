package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
)

// The usage and help are generated from the command table and each
// command's flags, so they say what the command really takes.

const (
	signInNote = "操作用户取自 -user 或 SUNBOOKS_USER，密码取自 SUNBOOKS_PASSWORD（否则在终端询问）。"
	exitNote   = "退出码：0 完成；1 被账簿的规则拒绝或失败（原因见标准错误输出）；2 用法错误（命令、参数写错或缺少）。"
)

// printUsage lists every command by area with its one-line summary.
func printUsage(w io.Writer) {
	fmt.Fprintln(w, tr("阳光账本命令行。用法：sunbooks-cli 命令 [参数]；sunbooks-cli 命令 -h 列出该命令的全部参数。"))
	fmt.Fprintln(w, tr(signInNote))
	fmt.Fprintln(w, tr(exitNote))
	width := 0
	for _, c := range commands {
		width = max(width, displayWidth(c.name))
	}
	area := ""
	for _, c := range commands {
		if c.area != area {
			area = c.area
			fmt.Fprintf(w, "\n%s\n", tr(area))
		}
		fmt.Fprintf(w, "  %s  %s\n", pad(c.name, width), tr(c.summary))
	}
}

// commandFlags are the flags cmd declares, as its setup declares them.
func commandFlags(cmd *command) *flags {
	f := newFlags(cmd.name)
	cmd.setup(f)
	return f
}

// ordered is the command's flags in the order the usage shows them: -book,
// the required ones as required, the others by name, -user last.
func ordered(f *flags) []*flag.Flag {
	var first, rest []*flag.Flag
	var user *flag.Flag
	if b := f.Lookup("book"); b != nil {
		first = append(first, b)
	}
	for _, n := range f.required {
		if fl := f.Lookup(n); fl != nil && n != "book" {
			first = append(first, fl)
		}
	}
	f.VisitAll(func(fl *flag.Flag) {
		switch {
		case fl.Name == "book" || f.isRequired(fl.Name):
		case fl.Name == "user":
			user = fl
		default:
			rest = append(rest, fl)
		}
	})
	sort.Slice(rest, func(i, j int) bool { return rest[i].Name < rest[j].Name })
	if user != nil {
		rest = append(rest, user)
	}
	return append(first, rest...)
}

// flagMeta is the placeholder a flag shows after its name ("" for a
// switch) and its description without it, in the language of the run.
func flagMeta(fl *flag.Flag) (meta, desc string) {
	said := *fl
	said.Usage = tr(fl.Usage)
	fl = &said
	if i := strings.Index(fl.Usage, "`"); i >= 0 {
		if j := strings.Index(fl.Usage[i+1:], "`"); j >= 0 {
			meta = fl.Usage[i+1 : i+1+j]
			desc = strings.TrimSpace(strings.Join(strings.Fields(fl.Usage[:i]+" "+fl.Usage[i+j+2:]), " "))
			return meta, desc
		}
	}
	if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return "", fl.Usage
	}
	name, desc := flag.UnquoteUsage(fl)
	switch name {
	case "int", "uint":
		name = "N"
	case "string", "value":
		name = "TEXT"
	}
	return name, desc
}

func flagText(fl *flag.Flag) string {
	meta, _ := flagMeta(fl)
	if meta == "" {
		return "-" + fl.Name
	}
	return "-" + fl.Name + " " + meta
}

// synopsis is the command line of cmd with its flags: required ones bare,
// optional ones in brackets, repeatable ones followed by "…".
func synopsis(cmd *command, f *flags) string {
	parts := []string{"sunbooks-cli", cmd.name}
	for _, fl := range ordered(f) {
		t := flagText(fl)
		if !f.isRequired(fl.Name) {
			t = "[" + t + "]"
		}
		if repeatable(fl) {
			t += "…"
		}
		parts = append(parts, t)
	}
	if cmd.args != "" {
		parts = append(parts, cmd.args)
	}
	return strings.Join(parts, " ")
}

// printCommandHelp is a command's -h: its synopsis, summary, every flag
// with what it means, whether it is required and its default, and notes.
func printCommandHelp(w io.Writer, cmd *command) {
	f := commandFlags(cmd)
	fmt.Fprintf(w, tr("用法：%s\n%s\n"), synopsis(cmd, f), tr(cmd.summary))
	fl := ordered(f)
	if len(fl) > 0 {
		fmt.Fprintln(w, tr("\n参数："))
		width := 0
		for _, x := range fl {
			width = max(width, displayWidth(flagText(x)))
		}
		for _, x := range fl {
			_, desc := flagMeta(x)
			var notes []string
			if f.isRequired(x.Name) {
				notes = append(notes, tr("必填"))
			}
			if repeatable(x) {
				notes = append(notes, tr("可重复"))
			}
			if d := x.DefValue; d != "" && d != "false" && d != "0" {
				notes = append(notes, tr("默认 ")+d)
			}
			if len(notes) > 0 {
				desc += fmt.Sprintf(tr("（%s）"), strings.Join(notes, tr("，")))
			}
			fmt.Fprintf(w, "  %s  %s\n", pad(flagText(x), width), desc)
		}
	}
	if cmd.notes != "" {
		fmt.Fprintf(w, "\n%s\n", tr(cmd.notes))
	}
	fmt.Fprintf(w, "\n%s\n%s\n", tr(signInNote), tr(exitNote))
}

// displayWidth is how many terminal columns s takes: Chinese characters
// take two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x3000 && r <= 0x303F) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(width-displayWidth(s), 0))
}

// readmeCommands is the README's list of commands, by area, written from
// the table (a test keeps the README's copy the same).
func readmeCommands() string {
	var b strings.Builder
	area := ""
	for _, c := range commands {
		if c.area != area {
			if area != "" {
				b.WriteString("\n")
			}
			area = c.area
			fmt.Fprintf(&b, "**%s**\n", area)
		}
		fmt.Fprintf(&b, "- `%s` — %s\n", c.name, c.summary)
	}
	return b.String()
}

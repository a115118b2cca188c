package main

import (
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
)

var updateREADME = flag.Bool("update-readme", false, "rewrite the README's list of commands from the table")

// Every command of the table has a summary, and its -h (and help NAME)
// is its usage line and every flag it declares, each described; an unknown
// flag is a usage error naming it, with the usage line.
func TestEveryCommandHelpComesFromItsFlags(t *testing.T) {
	seen := map[string]bool{}
	for i := range commands {
		cmd := &commands[i]
		if seen[cmd.name] {
			t.Errorf("command %q is in the table twice", cmd.name)
		}
		seen[cmd.name] = true
		if cmd.area == "" || strings.TrimSpace(cmd.summary) == "" || strings.Contains(cmd.summary, "\n") {
			t.Errorf("%s: area %q, summary %q: want an area and a one-line summary", cmd.name, cmd.area, cmd.summary)
		}
		f := commandFlags(cmd)
		args := append(strings.Fields(cmd.name), "-h")
		code, out, errOut := runCLI(t, args...)
		if code != 0 || errOut != "" {
			t.Errorf("%s -h: exit %d, stderr %q", cmd.name, code, errOut)
		}
		want := "用法：" + synopsis(cmd, f) + "\n" + cmd.summary + "\n"
		if !strings.HasPrefix(out, want) {
			t.Errorf("%s -h begins %q, want %q", cmd.name, firstLines(out, 2), want)
		}
		f.VisitAll(func(fl *flag.Flag) {
			meta, desc := flagMeta(fl)
			if strings.TrimSpace(desc) == "" {
				t.Errorf("%s -%s has no description", cmd.name, fl.Name)
			}
			line := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(flagText(fl)) + ` +\S`)
			if !line.MatchString(out) {
				t.Errorf("%s -h does not list -%s %s:\n%s", cmd.name, fl.Name, meta, out)
			}
			if !regexp.MustCompile(`[ \[]-` + regexp.QuoteMeta(fl.Name) + `[ \]…\n]`).MatchString(want) {
				t.Errorf("%s's usage line leaves out -%s: %q", cmd.name, fl.Name, want)
			}
		})
		for _, r := range f.required {
			if f.Lookup(r) == nil {
				t.Errorf("%s requires -%s, which it does not declare", cmd.name, r)
			}
		}
		if _, viaHelp, _ := runCLI(t, append([]string{"help"}, strings.Fields(cmd.name)...)...); viaHelp != out {
			t.Errorf("help %s differs from %s -h", cmd.name, cmd.name)
		}
		code, _, errOut = runCLI(t, append(strings.Fields(cmd.name), "-no-such-flag")...)
		if code != 2 || !strings.Contains(errOut, "没有参数 -no-such-flag") || !strings.Contains(errOut, "用法：sunbooks-cli "+cmd.name) {
			t.Errorf("%s -no-such-flag: exit %d, stderr %q", cmd.name, code, errOut)
		}
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// help lists every command of the table under its area, and nothing else.
func TestHelpListsTheTable(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	listed := regexp.MustCompile(`(?m)^  (\S+(?: [a-z][\w-]*)?) {2,}(\S.*)$`).FindAllStringSubmatch(out, -1)
	if len(listed) != len(commands) {
		t.Errorf("help lists %d commands, the table has %d", len(listed), len(commands))
	}
	for i, m := range listed {
		if i < len(commands) && (m[1] != commands[i].name || m[2] != commands[i].summary) {
			t.Errorf("help line %d is %q %q, the table says %q %q", i+1, m[1], m[2], commands[i].name, commands[i].summary)
		}
	}
	for _, want := range []string{"退出码：0", "SUNBOOKS_PASSWORD"} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not say %q", want)
		}
	}
	if code, _, errOut := runCLI(t); code != 2 || !strings.Contains(errOut, "用法：sunbooks-cli 命令") {
		t.Errorf("no command: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, "report", "nothing"); code != 2 || !strings.Contains(errOut, "没有这个命令：report nothing") {
		t.Errorf("an unknown command: exit %d, stderr %q", code, errOut)
	}
}

// The README's list of commands is the table's: every command, its
// summary, nothing else; and every command the README shows exists.
func TestREADMEListsEveryCommand(t *testing.T) {
	const path = "../../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	const begin, end = "<!-- commands: generated from the command table -->\n", "<!-- /commands -->"
	i, j := strings.Index(readme, begin), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README has no %q … %q block", begin, end)
	}
	want := readmeCommands()
	if *updateREADME {
		readme = readme[:i+len(begin)] + want + readme[j:]
		if err := os.WriteFile(path, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := readme[i+len(begin) : j]; got != want {
		t.Errorf("README's list of commands differs from the table (go test -run TestREADMEListsEveryCommand -update-readme):\n%s", diffLines(got, want))
	}
	// Every sunbooks-cli command line in the README names a command; a
	// line may name several with | (voucher unreview|post|delete).
	mention := regexp.MustCompile(`sunbooks-cli ([a-z][\w|-]*)(?: ([a-z][\w|-]*))?`)
	for _, m := range mention.FindAllStringSubmatch(readme, -1) {
		if m[1] == "help" {
			continue
		}
		for _, second := range strings.Split(m[2], "|") {
			if commandIndex[m[1]+" "+second] == nil && commandIndex[m[1]] == nil {
				t.Errorf("README shows %q, which is no command", m[0])
			}
		}
	}
}

func diffLines(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var out []string
	for i := 0; i < max(len(g), len(w)); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			out = append(out, "README: "+a, "table:  "+b)
		}
	}
	return strings.Join(out, "\n")
}

// Typed flags refuse a malformed value as they are read (exit 2, naming the
// flag); flags may follow the arguments, and "--" ends them.
func TestTypedFlagsRefuseMalformedValues(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"amount", []string{"pay", "-book", "x.sunbooks", "-amount", "12.345"}, "-amount："},
		{"amount letters", []string{"apply", "-book", "x.sunbooks", "-amount", "abc"}, "-amount："},
		{"month", []string{"close", "-book", "x.sunbooks", "-month", "2026-13"}, "-month：月份“2026-13”"},
		{"range month", []string{"report", "trial-balance", "-book", "x.sunbooks", "-from", "2026/01", "-to", "2026-02"}, "-from："},
		{"date", []string{"receive", "-book", "x.sunbooks", "-date", "2026-02-30"}, "-date：日期“2026-02-30”"},
		{"quarter", []string{"deposit", "-book", "x.sunbooks", "-quarter", "2026Q5"}, "-quarter："},
		{"int", []string{"turnover", "-book", "x.sunbooks", "-year", "two"}, "-year 的值“two”应是整数"},
		{"switch with a value", []string{"arrears", "-book", "x.sunbooks", "-all=maybe"}, "-all 是开关"},
		{"value missing", []string{"close", "-book"}, "参数 -book 后面缺少值"},
		{"required", []string{"close", "-book", "x.sunbooks"}, "缺少参数 -month"},
		{"required id", []string{"room", "edit", "-book", "x.sunbooks", "-id", "0"}, "缺少参数 -id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
			}
		})
	}
}

func TestFlagsParseInAnyOrder(t *testing.T) {
	f := newFlags("import")
	post := f.Bool("post", false, "记账")
	book := f.String("book", "", "账簿 `FILE`")
	nos := f.list("no", "凭证号")
	amount := f.money("amount", "金额")
	month := f.month("month", "月份")
	day := f.date("date", "日期")
	f.require("book")
	if err := f.parse([]string{"a.csv", "-post", "-no", "1", "b.csv", "-book", "x", "-no", "2", "-amount", "1,234.5", "-month", "2026-03", "-date", "2026-03-15", "--", "-c.csv"}); err != nil {
		t.Fatal(err)
	}
	if !*post || *book != "x" || strings.Join(*nos, ",") != "1,2" || amount.value().StringFixed(2) != "1234.50" || month.p != 202603 || *day != "2026-03-15" {
		t.Errorf("post %v book %q nos %v amount %v month %v date %q", *post, *book, *nos, amount.value(), month.p, *day)
	}
	if got := strings.Join(f.args, " "); got != "a.csv b.csv -c.csv" {
		t.Errorf("arguments %q", got)
	}
	if !f.isRequired("book") || f.isRequired("post") {
		t.Errorf("required %v", f.required)
	}
	g := newFlags("x")
	g.money("amount", "金额")
	if err := g.parse(nil); err != nil {
		t.Fatal(err)
	}
}

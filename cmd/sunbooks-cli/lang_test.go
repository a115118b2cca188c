package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"sunbooks/books"
	"sunbooks/ui/langpref"
)

// hasHan reports whether s has Chinese: an ideograph or the full-width
// punctuation that goes with them.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef {
			return true
		}
	}
	return false
}

// messageKeys is every message the CLI says through tr, by its Chinese: the
// literals given to tr and usagef, the command table's areas, summaries and
// notes, every flag's usage, and the few words passed in variables (the
// voucher steps, the voucher states). unsaid lists the Chinese literals of
// the code that are none of these and not known to be data.
func messageKeys(t *testing.T) (keys map[string]string, unsaid []string) {
	t.Helper()
	keys = map[string]string{}
	// Data: values typed on the command line or stored in the books, which
	// stay Chinese in every language.
	data := map[string]bool{"月": true, "业委会": true, "草稿": true, "未审核": true, "已审核": true, "已记账": true}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		consts := map[string]string{}
		ast.Inspect(af, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok {
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if bl, ok := vs.Values[i].(*ast.BasicLit); ok && bl.Kind == token.STRING {
							consts[name.Name], _ = strconv.Unquote(bl.Value)
						}
					}
				}
			}
			return true
		})
		said := map[*ast.BasicLit]bool{}
		ast.Inspect(af, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := x.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if (name == "tr" || name == "usagef" || name == "voucherStep") && len(x.Args) > 0 {
					switch a := x.Args[0].(type) {
					case *ast.BasicLit:
						if s, _ := strconv.Unquote(a.Value); hasHan(s) {
							keys[s] = fset.Position(a.Pos()).String()
						}
						said[a] = true
					case *ast.Ident:
						if s, ok := consts[a.Name]; ok {
							keys[s] = fset.Position(a.Pos()).String()
						}
					}
				}
				// A flag's usage and default: the usage is checked from the
				// flags themselves below, a default is data.
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok && (id.Name == "fs" || id.Name == "f") {
						for _, a := range x.Args {
							ast.Inspect(a, func(n ast.Node) bool {
								if bl, ok := n.(*ast.BasicLit); ok {
									said[bl] = true
								}
								return true
							})
						}
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && (k.Name == "area" || k.Name == "summary" || k.Name == "notes" || k.Name == "args") {
					if bl, ok := x.Value.(*ast.BasicLit); ok {
						said[bl] = true
					}
				}
			case *ast.ValueSpec:
				for _, v := range x.Values {
					if bl, ok := v.(*ast.BasicLit); ok {
						said[bl] = true // a const, said where it is used (checked above)
					}
				}
			}
			return true
		})
		ast.Inspect(af, func(n ast.Node) bool {
			if bl, ok := n.(*ast.BasicLit); ok && bl.Kind == token.STRING {
				s, _ := strconv.Unquote(bl.Value)
				if hasHan(s) && !said[bl] && !data[s] {
					unsaid = append(unsaid, fset.Position(bl.Pos()).String()+" "+strconv.Quote(s))
				}
			}
			return true
		})
	}
	for _, c := range commands {
		for _, s := range []string{c.area, c.summary, c.notes} {
			if s != "" {
				keys[s] = "command " + c.name
			}
		}
		commandFlags(&c).VisitAll(func(fl *flag.Flag) {
			if hasHan(fl.Usage) {
				keys[fl.Usage] = "command " + c.name + " -" + fl.Name
			}
		})
	}
	for _, st := range []string{books.StatusDraft, books.StatusReviewed, books.StatusPosted} {
		keys[books.StatusName(st)] = "books.StatusName"
	}
	return keys, unsaid
}

// newChinese is the first run of Chinese in en that key does not have: an
// English message may carry over what is Chinese whatever the language (a
// value typed on the command line, 记-0007, the demo book's names), not
// Chinese of its own.
func newChinese(key, en string) string {
	var run []rune
	for _, r := range en + " " {
		if unicode.Is(unicode.Han, r) {
			run = append(run, r)
			continue
		}
		if len(run) > 0 && !strings.Contains(key, string(run)) {
			return string(run)
		}
		run = run[:0]
	}
	return ""
}

// verbs are the arguments a format uses, in order, each with its verb:
// "%[2]s" reads the second argument.
var verbRE = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z%])`)

func formatArgs(s string) []string {
	var args []string
	next := 0
	for _, m := range verbRE.FindAllStringSubmatch(s, -1) {
		if m[4] == "%" {
			continue
		}
		if m[2] != "" {
			next, _ = strconv.Atoi(m[2])
			next--
		}
		for len(args) <= next {
			args = append(args, "")
		}
		args[next] = m[4]
		next++
	}
	return args
}

// Every message the CLI says has its English in en.json, with the same
// arguments (in any order), and en.json has nothing else; no Chinese literal
// of the code escapes tr unless it is data typed or stored in Chinese.
func TestEveryCLIMessageHasItsEnglish(t *testing.T) {
	keys, unsaid := messageKeys(t)
	for _, u := range unsaid {
		t.Errorf("%s is shown without tr: say it through tr, or add it to the data words if it is typed or stored", u)
	}
	var missing []string
	for k, where := range keys {
		e, ok := english[k]
		switch {
		case !ok || strings.TrimSpace(e) == "":
			missing = append(missing, k)
			t.Errorf("%s: no English for %q", where, k)
		case e == k || newChinese(k, e) != "":
			t.Errorf("the English of %q is still Chinese: %q", k, e)
		case strings.Join(formatArgs(k), ",") != strings.Join(formatArgs(e), ","):
			t.Errorf("%q takes %v, its English %q takes %v", k, formatArgs(k), e, formatArgs(e))
		}
	}
	for k := range english {
		if _, ok := keys[k]; !ok {
			t.Errorf("en.json has %q, which the CLI no longer says", k)
		}
	}
	if len(missing) > 0 && os.Getenv("SUNBOOKS_DUMP_MISSING") != "" {
		sort.Strings(missing)
		m := map[string]string{}
		for _, k := range missing {
			m[k] = ""
		}
		b, _ := json.MarshalIndent(m, "", " ")
		os.WriteFile(os.Getenv("SUNBOOKS_DUMP_MISSING"), b, 0o644)
	}
}

// runIn runs the CLI as 张会计 with the extra environment more.
func runIn(t *testing.T, more map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	env := func(k string) string {
		if v, ok := more[k]; ok {
			return v
		}
		return cliEnv(k)
	}
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(""), &o, &e, env)
	return code, o.String(), e.String()
}

// With English chosen, help, every command's -h, usage errors and what a
// command reports are English; what the books hold (names, numbers) is as
// stored. Chinese stays the default.
func TestCLISpeaksEnglishWhenChosen(t *testing.T) {
	en := map[string]string{"SUNBOOKS_LANG": "en"}
	_, out, _ := runIn(t, en, "help")
	if !strings.HasPrefix(out, "Sunbooks command line. Usage:") || hasHan(out) {
		t.Errorf("help in English:\n%s", out)
	}
	for i := range commands {
		cmd := &commands[i]
		_, zh, _ := runCLI(t, append(strings.Fields(cmd.name), "-h")...)
		_, out, _ := runIn(t, en, append(strings.Fields(cmd.name), "-h")...)
		if !strings.HasPrefix(out, "Usage: sunbooks-cli "+cmd.name) || !strings.Contains(out, tr(cmd.summary)) {
			t.Errorf("%s -h in English:\n%s", cmd.name, out)
		}
		// Chinese is left only where the Chinese help has it in a
		// placeholder or a default, or in the numbers the books give
		// (记-0007, 申-2026-0001) and a state's name: values typed in Chinese.
		if run := newChinese(placeholdersAndDefaults(zh)+" 记 申 待党组织审核", out); run != "" {
			t.Errorf("%s -h in English says %q in Chinese:\n%s", cmd.name, run, out)
		}
	}
	book := reportBookFile(t)
	code, _, errOut := runIn(t, en, "close", "-book", book)
	if code != 2 || !strings.Contains(errOut, "missing flag -month") || !strings.Contains(errOut, "Usage: sunbooks-cli close -book FILE -month YYYY-MM") {
		t.Errorf("a usage error in English: exit %d, %q", code, errOut)
	}
	code, out, errOut = runIn(t, en, "compound add", "-book", book, "-name", "锦绣花园")
	if code != 0 || out != "Compound 锦绣花园 added\n" {
		t.Errorf("compound add in English: exit %d, %q %q", code, out, errOut)
	}
	if _, out, _ := runCLI(t, "compound rename", "-book", book, "-name", "锦绣花园", "-to", "锦绣家园"); out != "小区 锦绣花园 已改名为 锦绣家园\n" {
		t.Errorf("without a choice the CLI speaks %q", out)
	}
}

// placeholdersAndDefaults is what Chinese a command's help has in
// backquoted placeholders and defaults: the values typed in Chinese.
func placeholdersAndDefaults(help string) string {
	var b strings.Builder
	for _, line := range strings.Split(help, "\n") {
		if !strings.HasPrefix(line, "  -") {
			continue
		}
		f := strings.Fields(line)
		if len(f) > 1 {
			b.WriteString(f[1] + " ")
		}
		if i := strings.Index(line, "默认 "); i >= 0 {
			b.WriteString(line[i:] + " ")
		}
	}
	return b.String()
}

// The CLI follows the language picked in the desktop app's 设置 on this
// PC, read from the app's preferences file; SUNBOOKS_LANG overrides it, and
// no file, an unreadable one or no choice is Chinese.
func TestCLIFollowsTheAppsLanguageChoice(t *testing.T) {
	home := t.TempDir()
	env := map[string]string{"HOME": home, "USERPROFILE": home, "XDG_CONFIG_HOME": ""}
	getenv := func(k string) string { return env[k] }
	prefs := langpref.PrefsFile(getenv)
	if prefs == "" || !strings.HasPrefix(prefs, home) || !strings.Contains(prefs, langpref.AppID) {
		t.Fatalf("the preferences file is %q", prefs)
	}
	say := func() string {
		_, out, _ := runIn(t, env, "help")
		return firstLines(out, 1)
	}
	if got := say(); !strings.HasPrefix(got, "阳光账本命令行") {
		t.Errorf("with no preferences file the CLI says %q", got)
	}
	if err := os.MkdirAll(filepath.Dir(prefs), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, lang, want string }{
		{`{"language":"en","last.book":"/x"}`, "", "Sunbooks command line"},
		{`{"language":"en"}`, "zh", "阳光账本命令行"},
		{`{"language":"zh"}`, "", "阳光账本命令行"},
		{`{"language":"zh"}`, "en", "Sunbooks command line"},
		{`{"language":`, "", "阳光账本命令行"},
		{`{}`, "", "阳光账本命令行"},
	} {
		if err := os.WriteFile(prefs, []byte(c.file), 0o644); err != nil {
			t.Fatal(err)
		}
		env["SUNBOOKS_LANG"] = c.lang
		if got := say(); !strings.HasPrefix(got, c.want) {
			t.Errorf("preferences %s, SUNBOOKS_LANG=%q: the CLI says %q, want %q…", c.file, c.lang, got, c.want)
		}
	}
}

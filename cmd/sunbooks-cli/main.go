// Command sunbooks-cli keeps the same books as the desktop app from a terminal: create, import, report, print, exchange, verify.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// command is one sub-command. Names may have two words ("report trial-balance").
type command struct {
	name  string
	usage string
	run   func(c *ctx) error
}

// commands are every command by name. Each file lists its own; this is the
// one place they are wired in.
var commands = byName(coreCommands(), chartCommands(), voucherCommands(), importCommands(), reportCommands(),
	printCommands(), spendingCommands(), incomeCommands(), leaseEndCommands(), exchangeCommands(),
	anchorCommands(), logCommands(), demoCommands())

func byName(lists ...[]command) map[string]command {
	out := map[string]command{}
	for _, l := range lists {
		for _, c := range l {
			out[c.name] = c
		}
	}
	return out
}

// usageError is a mistake in how the command was called: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// ctx is what a command runs with.
type ctx struct {
	// cx ends when the person interrupts the command (Ctrl+C): long work
	// (import, verify, exchange) stops and saves nothing.
	cx     context.Context
	cmd    command
	fs     *flag.FlagSet
	args   []string
	stdout io.Writer
	stderr io.Writer
	stdin  io.Reader
	env    func(string) string
	// opened books, closed by run
	open []*books.Book
}

func main() {
	cx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := runContext(cx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit code: 0 done, 1 refused
// or failed (message on stderr), 2 a usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	return runContext(context.Background(), args, stdin, stdout, stderr, env)
}

// runContext is run with cx ending the command's long work early.
func runContext(cx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	name := args[0]
	rest := args[1:]
	if len(args) > 1 && !strings.HasPrefix(args[1], "-") {
		if _, ok := commands[args[0]+" "+args[1]]; ok {
			name, rest = args[0]+" "+args[1], args[2:]
		}
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "没有这个命令：%s\n", strings.Join(args[:min(2, len(args))], " "))
		printUsage(stderr)
		return 2
	}
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &ctx{cx: cx, cmd: cmd, fs: fs, args: rest, stdout: stdout, stderr: stderr, stdin: stdin, env: env}
	err := cmd.run(c)
	for _, b := range c.open {
		b.Close()
	}
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		if ue.msg != "" {
			fmt.Fprintln(stderr, ue.msg)
		}
		fmt.Fprintf(stderr, "用法：sunbooks-cli %s\n", cmd.usage)
		return 2
	}
	logBook := ""
	if len(c.open) > 0 {
		logBook = c.open[0].Path()
	}
	fmt.Fprintln(stderr, books.ExplainError(logBook, err))
	if books.ErrorCode(err) == books.Internal && env("SUNBOOKS_DEBUG") != "" {
		fmt.Fprintln(stderr, err)
	}
	return 1
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "阳光账本命令行。用法：sunbooks-cli 命令 [参数]")
	fmt.Fprintln(w, "操作用户取自 -user 或 SUNBOOKS_USER，密码取自 SUNBOOKS_PASSWORD（否则在终端询问）。")
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %s\n", commands[n].usage)
	}
}

// parse parses the flags; positional arguments are returned.
func (c *ctx) parse() ([]string, error) {
	if err := c.fs.Parse(c.args); err != nil {
		return nil, usageError{}
	}
	return c.fs.Args(), nil
}

// need refuses empty required flags.
func need(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			return usagef("缺少参数 -%s", pairs[i])
		}
	}
	return nil
}

// password reads the acting user's password from SUNBOOKS_PASSWORD or, when
// unset, from the terminal.
func (c *ctx) password(prompt string, envName string) (string, error) {
	if p := c.env(envName); p != "" {
		return p, nil
	}
	fmt.Fprint(c.stderr, prompt)
	pw, err := readPassword(c.stdin)
	fmt.Fprintln(c.stderr)
	if err != nil || pw == "" {
		return "", books.Errorf(books.Unauthorized, "没有读到密码：请设置环境变量 %s 或在终端输入", envName)
	}
	return pw, nil
}

// user returns the acting user's name: -user or SUNBOOKS_USER.
func (c *ctx) user(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if u := c.env("SUNBOOKS_USER"); u != "" {
		return u, nil
	}
	return "", usagef("请用 -user 或环境变量 SUNBOOKS_USER 指定操作用户")
}

// req names a required flag; its value is read after the flags are parsed.
type req struct {
	name  string
	value *string
}

// usage parses the flags and refuses missing required ones (-book always):
// the usage errors every command checks before asking for a password. It
// returns the arguments after the flags.
func (c *ctx) usage(book *string, required ...req) ([]string, error) {
	args, err := c.parse()
	if err != nil {
		return nil, err
	}
	pairs := []string{"book", *book}
	for _, r := range required {
		pairs = append(pairs, r.name, *r.value)
	}
	return args, need(pairs...)
}

// session checks usage and signs the acting user in to the book for
// writing: the opening of most commands.
func (c *ctx) session(book, user *string, required ...req) (*books.Session, error) {
	if _, err := c.usage(book, required...); err != nil {
		return nil, err
	}
	return c.login(*book, *user)
}

// reader checks usage and signs the acting user in to the book read-only:
// the opening of the commands that only look.
func (c *ctx) reader(book, user *string, required ...req) (*books.Book, error) {
	if _, err := c.usage(book, required...); err != nil {
		return nil, err
	}
	return c.readBook(*book, *user)
}

// login opens a book for writing and signs the acting user in.
func (c *ctx) login(path, userFlag string) (*books.Session, error) {
	return c.signIn(path, userFlag, books.Open)
}

// readBook signs the acting user in on a read-only connection, for the
// listing commands: reading neither changes the book nor waits for the app.
func (c *ctx) readBook(path, userFlag string) (*books.Book, error) {
	s, err := c.signIn(path, userFlag, books.OpenReadOnly)
	if err != nil {
		return nil, err
	}
	return s.Book(), nil
}

// signIn opens a book with open and signs the acting user in: the name from
// -user or SUNBOOKS_USER, the password from SUNBOOKS_PASSWORD or the terminal.
func (c *ctx) signIn(path, userFlag string, open func(string, ...books.Module) (*books.Book, error)) (*books.Session, error) {
	name, err := c.user(userFlag)
	if err != nil {
		return nil, err
	}
	pw, err := c.password("密码：", "SUNBOOKS_PASSWORD")
	if err != nil {
		return nil, err
	}
	b, err := open(path, standard.Modules()...)
	if err != nil {
		return nil, err
	}
	c.open = append(c.open, b)
	s, err := b.Login(name, pw)
	if err != nil {
		return nil, err
	}
	if n, last := s.FailedBefore(); n > 0 {
		fmt.Fprintf(c.stderr, "注意：自上次成功登录以来，用户“%s”有 %d 次登录失败（最近一次 %s）；如不是本人，请修改密码。\n", name, n, last)
	}
	return s, nil
}

// bookFlags adds the -book and -user flags every book command takes.
func (c *ctx) bookFlags() (book, user *string) {
	return c.fs.String("book", "", "账簿文件"), c.fs.String("user", "", "操作用户（默认取 SUNBOOKS_USER）")
}

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
	"strings"

	"sunbooks/books"
	"sunbooks/books/standard"
)

// command is one row of the command table.
type command struct {
	area    string // the heading help lists it under
	name    string // one or two words: "close", "report trial-balance"
	summary string // one line: what it does
	args    string // what follows the flags ("FILE…"), "" for nothing
	notes   string // more for its -h, "" for nothing
	// setup declares the command's flags on fs and returns what runs it,
	// with the flags' values parsed: help declares them only, to list them.
	setup func(fs *flags) runFunc
}

// runFunc runs a command whose flags are parsed.
type runFunc func(c *ctx) error

// commands is every command of sunbooks-cli, by area, in the order help
// lists them. Each area's setups live in its files: 账簿 core.go, 凭证
// voucher.go, 报表 report.go, 打印 print.go, 支出审批 spending*.go, 收入
// income*.go, 交换 exchange*.go, 校验与备份 integrity.go.
var commands = []command{
	// 账簿
	{area: "账簿", name: "init", summary: "建立社区账簿（第一个用户为会计，密码取自 SUNBOOKS_PASSWORD）", setup: runInit},
	{area: "账簿", name: "street init", summary: "建立街道账簿（第一个用户为街道，密码取自 SUNBOOKS_PASSWORD）", setup: runStreetInit},
	{area: "账簿", name: "user add", summary: "增加用户（新用户的密码取自 SUNBOOKS_NEW_PASSWORD）", setup: runUserAdd},
	{area: "账簿", name: "account list", summary: "列出会计科目", setup: runAccountList},
	{area: "账簿", name: "account add", summary: "在上级科目下增加明细科目", setup: runAccountAdd},
	{area: "账簿", name: "account rename", summary: "修改科目名称", setup: runAccountRename},
	{area: "账簿", name: "account disable", summary: "停用科目（-enable 重新启用）", setup: runAccountDisable},
	{area: "账簿", name: "account exempt", summary: "设为免审批科目，如银行手续费（-off 取消）", setup: runAccountExempt},
	{area: "账簿", name: "compound add", summary: "增加小区（辅助核算项目）", setup: runCompoundAdd},
	{area: "账簿", name: "compound rename", summary: "修改小区名称", setup: runCompoundRename},
	{area: "账簿", name: "compound archive", summary: "归档小区（-restore 恢复）", setup: runCompoundArchive},
	{area: "账簿", name: "setting set", summary: "设置监督电话、公示天数", setup: runSettingSet},
	{area: "账簿", name: "live-start", summary: "设置或显示启用月份：之前的月份可用 import -post 迁入历史凭证",
		notes: "不带 -month 只显示当前的启用月份；带 -month 时须用 -reason 说明原因。", setup: runLiveStart},
	{area: "账簿", name: "close", summary: "结账：该月凭证全部记账后关闭该月", setup: runClose},
	{area: "账簿", name: "reopen", summary: "反结账：重新打开已结账的月份（须说明原因）", setup: runReopen},
	{area: "账簿", name: "carry", summary: "年末结转：把本年收入、费用结转到净资产", setup: runCarry},
	// 凭证
	{area: "凭证", name: "import", summary: "从 CSV 或 Excel 导入凭证（-post 迁移启用月份前的历史凭证并直接记账）", args: "FILE.csv|FILE.xlsx",
		notes: "-post 须由另一位用户确认（-confirm-user），其密码取自 SUNBOOKS_CONFIRM_PASSWORD。", setup: runImport},
	{area: "凭证", name: "voucher add", summary: "从 CSV 文件填制一张凭证，存为草稿，最后一行输出凭证号",
		notes: "文件格式同 import 的表头；输出的凭证号形如 2026-03/记-0007。", setup: runVoucherAdd},
	{area: "凭证", name: "voucher list", summary: "列出一个月的凭证", setup: runVoucherList},
	{area: "凭证", name: "voucher show", summary: "显示一张凭证：分录、经手人、状态", setup: runVoucherShow},
	{area: "凭证", name: "voucher review", summary: "审核凭证（须由制单人以外的人）",
		notes: "用 -no 指定凭证（可重复），或用 -month 和 -all 指定该月全部可审核的凭证。", setup: voucherStep("审核", (*books.Session).ReviewVoucher, books.StatusDraft)},
	{area: "凭证", name: "voucher unreview", summary: "取消审核",
		notes: "用 -no 指定凭证（可重复），或用 -month 和 -all 指定该月全部已审核的凭证。", setup: voucherStep("取消审核", (*books.Session).UnreviewVoucher, books.StatusReviewed)},
	{area: "凭证", name: "voucher post", summary: "记账：已审核的凭证",
		notes: "用 -no 指定凭证（可重复），或用 -month 和 -all 指定该月全部已审核的凭证。", setup: voucherStep("记账", (*books.Session).PostVoucher, books.StatusReviewed)},
	{area: "凭证", name: "voucher delete", summary: "删除未记账的草稿凭证",
		notes: "用 -no 指定凭证（可重复），或用 -month 和 -all 指定该月全部草稿。", setup: voucherStep("删除", (*books.Session).DeleteVoucher, books.StatusDraft)},
	{area: "凭证", name: "voucher reverse", summary: "红字冲销已记账的凭证，生成冲销草稿", setup: runVoucherReverse},
	// 报表
	{area: "报表", name: "report trial-balance", summary: "科目余额表", setup: runTrialBalance},
	{area: "报表", name: "report general-ledger", summary: "总账", setup: runGeneralLedger},
	{area: "报表", name: "report ledger", summary: "明细账（一个科目）", setup: runLedger},
	{area: "报表", name: "report journal", summary: "现金或银行存款日记账", setup: runJournal},
	{area: "报表", name: "report compounds", summary: "各小区收支余额表", setup: runCompounds},
	{area: "报表", name: "report balance-sheet", summary: "资产负债表（法定格式）", setup: runBalanceSheet},
	{area: "报表", name: "report activities", summary: "业务活动表（法定格式）", setup: runActivities},
	{area: "报表", name: "report cash-flow", summary: "现金流量表（法定格式，本年至该月）", setup: runCashFlow},
	{area: "报表", name: "audit export", summary: "导出一个年度的审计数据：CSV 与 Excel，含数据字典和签名的清单",
		notes: "科目、小区、人员、凭证及分录、年初余额和月度余额、支出申请及其审批经过、付款、操作日志；manifest.json 列出每个文件的行数和 SHA-256。", setup: runAuditExport},
	{area: "报表", name: "audit verify", summary: "核对审计数据：清单的签名，每个文件的大小和 SHA-256", setup: runAuditVerify},
	// 打印
	{area: "打印", name: "notice", summary: "打印月度财务公开榜（PDF）", setup: runNotice},
	{area: "打印", name: "notice publish", summary: "发布已结账月份的财务公开榜：PDF 存入账簿的公示档案，每页印二维码",
		notes: "同一月份再次发布为新的一版，须用 -reason 说明原因；旧版保留。", setup: runNoticePublish},
	{area: "打印", name: "notice archive", summary: "列出公示档案，可按年份、月份、小区、事项文字查找", setup: runNoticeArchive},
	{area: "打印", name: "notice check", summary: "核对一份 PDF 是否为发布过的公示", args: "FILE.pdf",
		notes: "只有照片时，用 -code 给出公示上二维码的内容，或公示编号和 16 位校验码。", setup: runNoticeCheck},
	{area: "打印", name: "notice export", summary: "导出一份发布的公示的 PDF 原件", setup: runNoticeExport},
	{area: "打印", name: "print approval", summary: "打印支出审批单（PDF）", setup: runPrintApproval},
	{area: "打印", name: "print voucher", summary: "打印记账凭证（PDF）", setup: runPrintVoucher},
	{area: "打印", name: "print trial-balance", summary: "打印科目余额表（PDF）", setup: runPrintTrialBalance},
	{area: "打印", name: "print ledger", summary: "打印明细账（PDF）", setup: runPrintLedger},
	{area: "打印", name: "print journal", summary: "打印现金或银行存款日记账（PDF）", setup: runPrintJournal},
	{area: "打印", name: "print compounds", summary: "打印各小区收支余额表（PDF）", setup: runPrintCompounds},
	{area: "打印", name: "print consolidation", summary: "打印街道汇总表（PDF）", setup: runPrintConsolidation},
	// 支出审批
	{area: "支出审批", name: "apply", summary: "业委会提交支出申请，输出申请编号", setup: runApply},
	{area: "支出审批", name: "app list", summary: "列出支出申请", setup: runAppList},
	{area: "支出审批", name: "app show", summary: "显示一份支出申请及其审批经过", setup: runAppShow},
	{area: "支出审批", name: "app submit", summary: "提交草稿或退回后的申请", setup: runAppSubmit},
	{area: "支出审批", name: "app withdraw", summary: "撤回申请", setup: runAppWithdraw},
	{area: "支出审批", name: "app raise", summary: "提高事项等级", setup: runAppRaise},
	{area: "支出审批", name: "app ack-split", summary: "社区党组织确认拆分支付提示", setup: runAppAckSplit},
	{area: "支出审批", name: "app attach", summary: "为申请添加附件", setup: runAppAttach},
	{area: "支出审批", name: "app paper", summary: "登记街道的纸质审批", setup: runAppPaper},
	{area: "支出审批", name: "app close", summary: "结项", setup: runAppClose},
	{area: "支出审批", name: "deliberate", summary: "登记议事程序的一个步骤（会议、表决、公示）", setup: runDeliberate},
	{area: "支出审批", name: "review", summary: "社区党组织审核：通过、退回或驳回", setup: runReview},
	{area: "支出审批", name: "pay", summary: "按已批准的申请付款，生成付款凭证", setup: runPay},
	{area: "支出审批", name: "attachment export", summary: "导出一个附件", setup: runAttachmentExport},
	{area: "支出审批", name: "request export", summary: "把待街道审批的申请导出为签名文件", setup: runRequestExport},
	{area: "支出审批", name: "request import", summary: "街道导入社区的审批申请", args: "FILE", setup: runRequestImport},
	{area: "支出审批", name: "request list", summary: "街道列出收到的审批申请", setup: runRequestList},
	{area: "支出审批", name: "request show", summary: "街道显示一份审批申请", setup: runRequestShow},
	{area: "支出审批", name: "request attachment", summary: "街道导出申请中的附件", setup: runRequestAttachment},
	{area: "支出审批", name: "approve", summary: "街道党工委审批，输出签名的审批决定文件", setup: runApprove},
	{area: "支出审批", name: "decision import", summary: "社区导入街道的审批决定", args: "DECISIONFILE", setup: runDecisionImport},
	{area: "支出审批", name: "policy show", summary: "显示事项等级标准和议事程序", setup: runPolicyShow},
	{area: "支出审批", name: "policy set", summary: "街道设置事项等级标准", setup: runPolicySet},
	{area: "支出审批", name: "procedure set", summary: "街道设置一个等级的议事程序",
		notes: "步骤写成 名称:阶段[:vote]，用逗号分隔；阶段为 review、filing、payment 或 close。", setup: runProcedureSet},
	{area: "支出审批", name: "policy export", summary: "街道导出签名的等级标准和议事程序", setup: runPolicyExport},
	{area: "支出审批", name: "policy import", summary: "社区导入街道的等级标准和议事程序", args: "POLICYFILE", setup: runPolicyImport},
	// 收入
	{area: "收入", name: "room add", summary: "登记一处服务用房", setup: runRoomAdd},
	{area: "收入", name: "room edit", summary: "修改服务用房", setup: runRoomEdit},
	{area: "收入", name: "room list", summary: "列出服务用房", setup: runRoomList},
	{area: "收入", name: "lease add", summary: "登记租约：保底租金（可分段）加营业额分成",
		notes: "-rent 写一个金额，或写成 起始日:金额 的分段，用逗号分隔，如 2026-01-01:3000,2027-01-01:3300。", setup: runLeaseAdd},
	{area: "收入", name: "lease list", summary: "列出租约", setup: runLeaseList},
	{area: "收入", name: "lease terminate", summary: "提前终止租约，租期止于该日（含当日）", setup: runLeaseTerminate},
	{area: "收入", name: "turnover", summary: "登记一个租赁年度的营业额", setup: runTurnover},
	{area: "收入", name: "bill", summary: "生成应收租金或营业额分成的凭证草稿",
		notes: "按月：-month（可加 -lease）；分成：-lease -share -year N。", setup: runBill},
	{area: "收入", name: "receive", summary: "登记收到的租金或分成", setup: runReceive},
	{area: "收入", name: "arrears", summary: "租金欠款表", setup: runArrears},
	{area: "收入", name: "income add", summary: "登记团购佣金、共富工坊等其他收入", setup: runIncomeAdd},
	{area: "收入", name: "income list", summary: "列出其他收入", setup: runIncomeList},
	{area: "收入", name: "income import", summary: "导入团购平台、共富工坊的结算单，生成收入凭证草稿", args: "FILE.csv|FILE.xlsx",
		notes: "按 -source 的列映射读结算单（income sources 列出映射）；每个小区每月一张凭证草稿；有一行不能读就什么都不导入，并列出每一行的原因；同一文件不能导入两次。", setup: runIncomeImport},
	{area: "收入", name: "income sources", summary: "列出结算单的列映射", setup: runIncomeSources},
	{area: "收入", name: "income mapping", summary: "设置一个来源的结算单列映射（存入账簿）", setup: runIncomeMapping},
	{area: "收入", name: "income category", summary: "设置收入类别对应的科目", setup: runIncomeCategory},
	{area: "收入", name: "deposit", summary: "季度缴存公共收益到街道专户（-plan 只显示计划）", setup: runDeposit},
	// 交换
	{area: "交换", name: "key export", summary: "导出本账簿的公钥", setup: runKeyExport},
	{area: "交换", name: "key list", summary: "列出登记的公钥：社区账簿为街道，街道账簿为所辖社区", setup: runKeyList},
	{area: "交换", name: "trust", summary: "登记对方的公钥（请电话核对指纹）", setup: runTrust},
	{area: "交换", name: "export package", summary: "导出已结账月份的签名期间数据包",
		notes: "用 -month 导出一个月，或用 -from 和 -to 导出连续几个月。", setup: runExportPackage},
	{area: "交换", name: "consolidate import", summary: "街道导入社区的期间数据包", args: "FILE…", setup: runConsolidateImport},
	{area: "交换", name: "consolidate list", summary: "街道列出已导入的数据包", setup: runConsolidateList},
	{area: "交换", name: "consolidate report", summary: "街道汇总表：按社区、小区或科目", setup: runConsolidateReport},
	{area: "交换", name: "consolidate statement", summary: "各社区法定报表的汇总", setup: runConsolidateStatement},
	// 校验与备份
	{area: "校验与备份", name: "verify", summary: "校验账簿：数据、封存、操作日志链（-anchor 核对公示或数据包上的锚点）", setup: runVerify},
	{area: "校验与备份", name: "anchor", summary: "显示当前操作日志锚点，抄入纸质账簿，日后用 verify -anchor 核对", setup: runAnchor},
	{area: "校验与备份", name: "log export", summary: "导出操作日志，每条带序号和链哈希", setup: runLogExport},
	{area: "校验与备份", name: "backup", summary: "备份账簿", setup: runBackup},
	{area: "校验与备份", name: "restore", summary: "从备份恢复账簿", setup: runRestore},
	{area: "校验与备份", name: "demo", summary: "建立演示账簿（演示用户的密码取自 SUNBOOKS_PASSWORD）", setup: runDemo},
}

// commandIndex finds a command by its name.
var commandIndex = func() map[string]*command {
	m := make(map[string]*command, len(commands))
	for i := range commands {
		m[commands[i].name] = &commands[i]
	}
	return m
}()

// usageError is a mistake in how the command was called: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usagef is a usage error; format, written in Chinese, is said in the
// language of the run (tr).
func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(tr(format), args...)} }

// ctx is what a command runs with.
type ctx struct {
	// cx ends when the person interrupts the command (Ctrl+C): long work
	// (import, verify, exchange) stops and saves nothing.
	cx     context.Context
	args   []string // the command's arguments that are not flags
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
	chooseLanguage(env)
	if len(args) == 0 {
		printUsage(stderr)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		if len(args) == 1 {
			printUsage(stdout)
			return 0
		}
		cmd, _ := lookup(args[1:])
		if cmd == nil {
			fmt.Fprintf(stderr, tr("没有这个命令：%s\n"), strings.Join(args[1:], " "))
			return 2
		}
		printCommandHelp(stdout, cmd)
		return 0
	}
	cmd, rest := lookup(args)
	if cmd == nil {
		fmt.Fprintf(stderr, tr("没有这个命令：%s\n"), strings.Join(args[:min(2, len(args))], " "))
		printUsage(stderr)
		return 2
	}
	fs := newFlags(cmd.name)
	runCmd := cmd.setup(fs)
	if err := fs.parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandHelp(stdout, cmd)
			return 0
		}
		return usageFailed(stderr, cmd, fs, err)
	}
	c := &ctx{cx: cx, args: fs.args, stdout: stdout, stderr: stderr, stdin: stdin, env: env}
	err := runCmd(c)
	for _, b := range c.open {
		b.Close()
	}
	if err == nil {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		return usageFailed(stderr, cmd, fs, err)
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

// lookup finds the command args start with (two words before one) and the
// arguments after its name.
func lookup(args []string) (*command, []string) {
	if len(args) > 1 && !strings.HasPrefix(args[1], "-") {
		if c, ok := commandIndex[args[0]+" "+args[1]]; ok {
			return c, args[2:]
		}
	}
	if c, ok := commandIndex[args[0]]; ok {
		return c, args[1:]
	}
	return nil, nil
}

// usageFailed says what is wrong with the command line and how the command
// is used: exit 2.
func usageFailed(stderr io.Writer, cmd *command, fs *flags, err error) int {
	if msg := err.Error(); msg != "" {
		fmt.Fprintln(stderr, msg)
	}
	fmt.Fprintf(stderr, tr("用法：%s\n（sunbooks-cli %s -h 列出全部参数）\n"), synopsis(cmd, fs), cmd.name)
	return 2
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
		return "", books.Errorf(books.Unauthorized, tr("没有读到密码：请设置环境变量 %s 或在终端输入"), envName)
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
	pw, err := c.password(tr("密码："), "SUNBOOKS_PASSWORD")
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
		fmt.Fprintf(c.stderr, tr("注意：自上次成功登录以来，用户“%s”有 %d 次登录失败（最近一次 %s）；如不是本人，请修改密码。\n"), name, n, last)
	}
	return s, nil
}

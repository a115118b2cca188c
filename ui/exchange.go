package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/exchange"
	"sunbooks/printouts"
)

// exchangeScreenDef is the 交换 screen's place in the shell (app.go's screens).
func exchangeScreenDef() screenDef {
	return screenDef{id: "exchange", title: func() string { return lang.X("screen.exchange", "交换") },
		build: func(a *App) Screen { return newExchangeScreen(a) }}
}

// exchangeScreen is 交换. A community book exports its signed period
// packages for the street. A street book imports them (several files, each
// verified, each refusal named with its reason), lists what it holds, and
// consolidates by community, compound or account into Excel and PDF.
type exchangeScreen struct {
	u      *App
	street bool

	// community: export
	from, to *widget.Select
	periods  []books.Period
	exported *widget.Label

	// street: import and consolidate
	results  []importResult
	resTable *dataTable
	packages []books.ImportedPackage
	pkgTable *dataTable
	cFrom    *widget.Entry
	cTo      *widget.Entry
	by       *widget.Select
	consol   exchange.Consolidation
	// statement is the consolidated statement shown, when one is.
	statement *books.Statement
	tab       books.Table
	tableBox  *fyne.Container
	notes     *widget.Label
	consolBtn []*widget.Button

	content fyne.CanvasObject
}

// importResult is the outcome of one package file.
type importResult struct {
	file string
	ok   bool
	text string
}

var byChoices = []string{exchange.ByAccount, exchange.ByCommunity, exchange.ByCompound}

// statementChoices follow byChoices in the picker: the communities'
// statements of the month 到, added up.
var statementChoices = []string{books.StatementBalanceSheet, books.StatementActivities, books.StatementCashFlow}

func newExchangeScreen(u *App) *exchangeScreen {
	s := &exchangeScreen{u: u, street: u.info.Kind == books.KindStreet}
	if s.street {
		s.content = s.streetContent()
	} else {
		s.content = s.communityContent()
	}
	return s
}

// Content is the screen's widget tree.
func (s *exchangeScreen) Content() fyne.CanvasObject { return s.content }

// Reload reads the periods or the imported packages again.
func (s *exchangeScreen) Reload() {
	if s.street {
		s.loadPackages()
		return
	}
	ps := s.u.Periods() // kept by the shell: reading them costs ~100 ms on a big book
	s.periods = nil
	var names []string
	lastClosed := -1
	for i, p := range ps {
		s.periods = append(s.periods, p.Period)
		name := p.Period.Chinese()
		if p.Closed {
			name += lang.X("exchange.closed", "（已结账）")
			lastClosed = i
		} else {
			name += lang.X("exchange.open", "（未结账）")
		}
		names = append(names, name)
	}
	s.from.Options, s.to.Options = names, names
	if s.from.SelectedIndex() < 0 && lastClosed >= 0 {
		// The last closed quarter (or as much of it as the book has).
		first := lastClosed
		for first > 0 && first > lastClosed-2 && s.periods[first-1].Year() == s.periods[lastClosed].Year() &&
			(s.periods[first-1].Month()-1)/3 == (s.periods[lastClosed].Month()-1)/3 {
			first--
		}
		s.from.SetSelectedIndex(first)
		s.to.SetSelectedIndex(lastClosed)
	}
	s.from.Refresh()
	s.to.Refresh()
}

// ---- community book ----

func (s *exchangeScreen) communityContent() fyne.CanvasObject {
	s.from = newChoice(nil, nil)
	s.to = newChoice(nil, nil)
	s.exported = widget.NewLabel("")
	s.exported.Wrapping = fyne.TextWrapWord
	exportBtn := widget.NewButton(lang.X("exchange.export", "导出期间数据包…"), func() {
		from, to, ok := s.pickedRange()
		if !ok {
			return
		}
		name := fmt.Sprintf("数据包-%s-%s-%s至%s.json", s.u.info.Community, s.u.info.Code, from, to)
		s.u.saveFileDialog(name, func(path string) { s.exportPackage(path, nil) })
	})
	exportBtn.Importance = widget.HighImportance
	exportBtn.Hidden = !s.u.can(books.RoleAccountant, books.RoleAuditor)
	fp := ""
	if pub, err := s.u.book.PublicKey(); err == nil {
		fp = books.Fingerprint(pub)
	}
	hint := widget.NewLabel(fmt.Sprintf(lang.X("exchange.community.hint",
		"期间数据包包含所选月份的科目、凭证、余额和支出申请，用本账簿的密钥签名，交街道汇总。只能导出已结账的月份。\n本账簿签名指纹：%s（街道登记公钥时请电话核对）"), fp))
	hint.Wrapping = fyne.TextWrapWord
	wide := func(o *widget.Select) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(190, o.MinSize().Height), o)
	}
	bar := container.NewHBox(widget.NewLabel(lang.X("exchange.from", "从")), wide(s.from), widget.NewLabel(lang.X("exchange.to", "到")), wide(s.to), exportBtn)
	return container.NewVBox(bold(lang.X("exchange.export.title", "导出期间数据包")), hint, bar, s.exported)
}

func (s *exchangeScreen) pickedRange() (books.Period, books.Period, bool) {
	fi, ti := s.from.SelectedIndex(), s.to.SelectedIndex()
	if fi < 0 || ti < 0 {
		showError(s.u.win, books.Errorf(books.Invalid, "请选择数据包的起止月份（须已结账）"))
		return 0, 0, false
	}
	return s.periods[fi], s.periods[ti], true
}

// exportPackage builds the signed package off the UI goroutine and writes it
// to path; done (tests) is called with the result.
func (s *exchangeScreen) exportPackage(path string, done func(error)) {
	from, to, ok := s.pickedRange()
	if !ok {
		return
	}
	sess := s.u.sess
	s.u.runLong(lang.X("exchange.exporting", "导出期间数据包"), func(ctx context.Context, progress progressFunc) (any, error) {
		progress(-1, lang.X("exchange.exporting.read", "正在读取凭证并签名…"))
		res, err := exchange.Export(ctx, sess, from, to)
		if err != nil {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err := books.WriteFileAtomic(path, res.Data); err != nil {
			return nil, err
		}
		return res.Manifest, nil
	}, func(v any, err error) {
		if err != nil {
			showError(s.u.win, err)
			s.exported.SetText("✘ " + errorText(err))
		} else {
			m := v.(exchange.PackageManifest)
			s.exported.SetText(fmt.Sprintf(lang.X("exchange.exported",
				"✔ 已导出 %s：%s（%s）%s 至 %s，凭证 %d 张，借方合计 %s，贷方合计 %s，第 %d 号数据包，已签名。"),
				path, m.Community, m.CommunityCode, m.From, m.To, m.Counts["vouchers"], yuanText(m.Debit), yuanText(m.Credit), m.Serial))
			s.u.setHint(fmt.Sprintf(lang.X("exchange.exported.hint", "已导出 %s"), path))
		}
		if done != nil {
			done(err)
		}
	})
}

// yuanText writes a plain amount from a manifest ("46015.00") with
// separators, as everywhere else on screen.
func yuanText(plain string) string {
	m, err := books.ParseMoney(plain)
	if err != nil {
		return plain
	}
	return books.FormatYuan(m)
}

// ---- street book ----

// streetContent builds the street book's exchange screen: packages to
// import, the packages held and the consolidated report. It is long on
// purpose, one short block per part of the screen, in screen order.
func (s *exchangeScreen) streetContent() fyne.CanvasObject {
	street := s.u.can(books.RoleStreet)
	importBtn := widget.NewButton(lang.X("exchange.import", "导入数据包…"), func() {
		s.u.openFileDialog(nil, func(p string) { s.importPackages([]string{p}, nil) })
	})
	importBtn.Importance = widget.HighImportance
	folderBtn := widget.NewButton(lang.X("exchange.import.folder", "导入文件夹中的全部数据包…"), func() {
		s.u.folderDialog(func(dir string) { s.importPackages(packageFiles(dir), nil) })
	})
	importBtn.Hidden, folderBtn.Hidden = !street, !street
	s.resTable = newDataTable([]column{
		{lang.X("exchange.res.file", "文件"), 240, false},
		{lang.X("exchange.res.result", "结果"), 60, false},
		{lang.X("exchange.res.text", "说明"), 620, false},
	}, func() int { return len(s.results) }, func(row, col int) (string, bool) {
		r := s.results[row]
		switch col {
		case 0:
			return r.file, false
		case 1:
			if r.ok {
				return lang.X("exchange.res.ok", "✔ 导入"), false
			}
			return lang.X("exchange.res.refused", "✘ 拒绝"), true
		case 2:
			return r.text, !r.ok
		}
		return "", false
	}, func(row int) {
		if row < len(s.results) {
			showInfo(s.u.win, s.results[row].file, s.results[row].text)
		}
	})
	s.pkgTable = newDataTable([]column{
		{lang.X("exchange.pkg.code", "社区代码"), 100, false},
		{lang.X("exchange.pkg.community", "社区"), 100, false},
		{lang.X("exchange.pkg.range", "期间"), 150, false},
		{lang.X("exchange.pkg.vouchers", "凭证"), 60, true},
		{lang.X("exchange.pkg.serial", "编号"), 50, true},
		{lang.X("exchange.pkg.exported", "导出时间"), 150, false},
		{lang.X("exchange.pkg.imported", "导入"), 200, false},
		{lang.X("exchange.pkg.anchor", "日志锚点"), 220, false},
		{lang.X("exchange.pkg.signer", "签名指纹"), 330, false},
	}, func() int { return len(s.packages) }, func(row, col int) (string, bool) {
		p := s.packages[row]
		switch col {
		case 0:
			return p.CommunityCode, false
		case 1:
			return p.Community, false
		case 2:
			return p.From.String() + " 至 " + p.To.String(), false
		case 3:
			return fmt.Sprint(p.Vouchers), false
		case 4:
			return fmt.Sprint(p.Serial), false
		case 5:
			return p.ExportedAt, false
		case 6:
			return p.ImportedBy + " " + p.ImportedAt, false
		case 7:
			// The community's log head when it exported: what its book
			// must still match (verify -anchor); 无 from versions before.
			if p.LogHead == nil {
				return lang.X("exchange.pkg.anchor.none", "无"), false
			}
			return p.LogHead.String(), false
		case 8:
			return p.Signer, false
		}
		return "", false
	}, nil)

	s.cFrom = widget.NewEntry()
	s.cFrom.SetPlaceHolder("2026-01")
	s.cTo = widget.NewEntry()
	s.cTo.SetPlaceHolder("2026-03")
	s.by = newChoice([]string{lang.X("exchange.by.account", "按科目"), lang.X("exchange.by.community", "按社区"), lang.X("exchange.by.compound", "按小区"),
		lang.X("exchange.by.balancesheet", "资产负债表（到月）"), lang.X("exchange.by.activities", "业务活动表（到月）"), lang.X("exchange.by.cashflow", "现金流量表（到月）")}, nil)
	s.by.SetSelectedIndex(1)
	s.tableBox = container.NewStack()
	s.notes = widget.NewLabel("")
	s.notes.Wrapping = fyne.TextWrapWord
	s.notes.Importance = widget.WarningImportance
	consolidate := widget.NewButton(lang.X("exchange.consolidate", "汇总"), func() { s.consolidate(nil) })
	consolidate.Importance = widget.HighImportance
	xlsx := widget.NewButton(lang.X("exchange.xlsx", "导出 Excel…"), func() {
		s.u.saveFileDialog(s.tab.Title+".xlsx", func(p string) { s.exportXLSX(p, nil) })
	})
	pdf := widget.NewButton(lang.X("exchange.pdf", "打印 PDF"), s.printPDF)
	preview := widget.NewButton(lang.X("exchange.preview", "预览"), s.preview)
	s.consolBtn = []*widget.Button{xlsx, preview, pdf}
	for _, b := range s.consolBtn {
		b.Disable()
	}
	consolBar := container.NewHBox(widget.NewLabel(lang.X("exchange.from", "从")), container.NewGridWrap(fyne.NewSize(90, s.cFrom.MinSize().Height), s.cFrom),
		widget.NewLabel(lang.X("exchange.to", "到")), container.NewGridWrap(fyne.NewSize(90, s.cTo.MinSize().Height), s.cTo), s.by, consolidate, xlsx, preview, pdf)

	importPart := container.NewBorder(container.NewVBox(container.NewHBox(importBtn, folderBtn),
		bold(lang.X("exchange.results", "本次导入结果（每个文件分别校验签名、摘要、借贷平衡、期间和科目）"))), nil, nil, nil, s.resTable)
	heldPart := container.NewBorder(bold(lang.X("exchange.held", "已导入的数据包")), nil, nil, nil, s.pkgTable)
	consolPart := container.NewBorder(container.NewVBox(bold(lang.X("exchange.consol", "汇总报表")), consolBar, s.notes), nil, nil, nil, s.tableBox)
	return container.NewAppTabs(
		container.NewTabItem(lang.X("exchange.tab.import", "导入数据包"), container.NewVSplit(importPart, heldPart)),
		container.NewTabItem(lang.X("exchange.tab.consol", "汇总报表"), consolPart),
	)
}

// packageFiles lists the files of a folder that may be packages.
func packageFiles(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".json") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

func (s *exchangeScreen) loadPackages() {
	ps, err := s.u.book.ImportedPackages()
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.packages = ps
	s.pkgTable.Refresh()
	if strings.TrimSpace(s.cFrom.Text) == "" && len(ps) > 0 {
		from, to := ps[0].From, ps[0].To
		for _, p := range ps {
			from, to = min(from, p.From), max(to, p.To)
		}
		s.cFrom.SetText(from.String())
		s.cTo.SetText(to.String())
	}
}

// importPackages verifies and imports package files off the UI goroutine,
// in order with progress, the next ones verified on the other cores while one
// is stored; 取消 stops before the next file is stored. Each file's outcome is
// listed, a refusal (取消 included) with its reason.
func (s *exchangeScreen) importPackages(paths []string, done func()) {
	if len(paths) == 0 {
		showInfo(s.u.win, lang.X("exchange.import", "导入数据包…"), lang.X("exchange.nofiles", "没有找到数据包文件（.json）"))
		return
	}
	sess := s.u.sess
	s.u.runLong(lang.X("exchange.importing", "导入数据包"), func(ctx context.Context, progress progressFunc) (any, error) {
		var out []importResult
		progress(0, fmt.Sprintf(lang.X("exchange.importing.file", "正在校验并导入 %s（%d/%d）"), filepath.Base(paths[0]), 1, len(paths)))
		// The next files are verified on the other cores while one is
		// stored; the outcomes come in the files' order.
		exchange.ImportFiles(ctx, sess, paths, func(i int, r exchange.PackageImport, err error) {
			name := filepath.Base(paths[i])
			if i+1 < len(paths) {
				progress(float64(i+1)/float64(len(paths)), fmt.Sprintf(lang.X("exchange.importing.file", "正在校验并导入 %s（%d/%d）"), filepath.Base(paths[i+1]), i+2, len(paths)))
			}
			switch {
			case err != nil:
				out = append(out, importResult{file: name, text: errorText(err)})
			case r.Unchanged:
				out = append(out, importResult{file: name, ok: true, text: fmt.Sprintf(lang.X("exchange.unchanged", "%s（%s）%s 至 %s：同一文件已导入过，未作改动"), r.Community, r.CommunityCode, r.From, r.To)})
			default:
				text := fmt.Sprintf(lang.X("exchange.imported", "签名有效；%s（%s）%s 至 %s，凭证 %d 张，第 %d 号"), r.Community, r.CommunityCode, r.From, r.To, r.Vouchers, r.Serial)
				if r.Replaced {
					text += lang.X("exchange.replaced", "；已替换此前导入的同期数据包")
				}
				out = append(out, importResult{file: name, ok: true, text: text})
			}
		})
		progress(1, "")
		return out, nil
	}, func(v any, _ error) {
		rs, _ := v.([]importResult)
		s.results = rs
		s.resTable.Refresh()
		ok := 0
		for _, r := range rs {
			if r.ok {
				ok++
			}
		}
		s.u.setHint(fmt.Sprintf(lang.X("exchange.imported.hint", "导入数据包：%d 个成功，%d 个被拒绝"), ok, len(rs)-ok))
		s.u.changed()
		s.loadPackages()
		if done != nil {
			done()
		}
	})
}

// consolidate builds the consolidated report off the UI goroutine.
func (s *exchangeScreen) consolidate(done func(error)) {
	from, err := books.ParsePeriod(strings.TrimSpace(s.cFrom.Text))
	if err == nil {
		var to books.Period
		if to, err = books.ParsePeriod(strings.TrimSpace(s.cTo.Text)); err == nil {
			b := s.u.book
			if i := s.by.SelectedIndex() - len(byChoices); i >= 0 && i < len(statementChoices) {
				s.consolidateStatement(b, statementChoices[i], to, done)
				return
			}
			by := byChoices[max(s.by.SelectedIndex(), 0)]
			s.u.runLong(lang.X("exchange.consolidating", "汇总"), func(ctx context.Context, progress progressFunc) (any, error) {
				return exchange.Consolidate(ctx, b, from, to, by)
			}, func(v any, err error) {
				if err != nil {
					showError(s.u.win, err)
				} else {
					s.showConsolidation(v.(exchange.Consolidation))
				}
				if done != nil {
					done(err)
				}
			})
			return
		}
	}
	showError(s.u.win, err)
	if done != nil {
		done(err)
	}
}

// consolidateStatement shows the communities' statement of kind for the
// month to, added up.
func (s *exchangeScreen) consolidateStatement(b *books.Book, kind string, to books.Period, done func(error)) {
	s.u.runLong(lang.X("exchange.consolidating", "汇总"), func(ctx context.Context, progress progressFunc) (any, error) {
		return exchange.ConsolidatedStatement(ctx, b, kind, to)
	}, func(v any, err error) {
		if err != nil {
			showError(s.u.win, err)
		} else {
			st := v.(books.Statement)
			s.showTable(st.Table())
			s.statement = &st
			notes := []string{strings.Join([]string{st.Title, st.FormNo, st.Date}, "　"), st.Note}
			for _, p := range st.Problems {
				notes = append(notes, "⚠ "+p)
			}
			s.notes.SetText(strings.Join(notes, "\n"))
			s.notes.Importance = widget.MediumImportance
			if len(st.Problems) > 0 || strings.Contains(st.Note, "缺少") {
				s.notes.Importance = widget.WarningImportance
			}
			s.notes.Refresh()
		}
		if done != nil {
			done(err)
		}
	})
}

func (s *exchangeScreen) showConsolidation(c exchange.Consolidation) {
	s.consol = c
	s.showTable(c.Table())
	var notes []string
	notes = append(notes, s.tab.Title+"　"+fmt.Sprintf(lang.X("exchange.range", "%s 至 %s"), c.From.Chinese(), c.To.Chinese()))
	if len(c.Communities) == 0 {
		notes = append(notes, lang.X("exchange.nocommunities", "汇总范围：尚未导入任何社区的数据包"))
	} else {
		notes = append(notes, lang.X("exchange.covers", "包含：")+strings.Join(c.Communities, "、"))
	}
	for _, m := range c.Missing {
		notes = append(notes, "⚠ "+m)
	}
	s.notes.SetText(strings.Join(notes, "\n"))
	s.notes.Importance = widget.MediumImportance
	if len(c.Missing) > 0 || len(c.Communities) == 0 {
		s.notes.Importance = widget.WarningImportance
	}
	s.notes.Refresh()
}

// showTable puts a consolidated table on screen and enables its export.
func (s *exchangeScreen) showTable(tab books.Table) {
	s.statement = nil
	s.tab = tab
	var cols []column
	for i, h := range s.tab.Header {
		key := ""
		if i < len(s.tab.Keys) {
			key = s.tab.Keys[i]
		}
		money := i < len(s.tab.Kinds) && s.tab.Kinds[i] == books.MoneyColumn
		w := columnWidth(key, money)
		if key == "account_name" || key == "community" {
			w = 150
		}
		cols = append(cols, column{title: h, width: w, right: money})
	}
	table := newDataTable(cols, func() int { return len(s.tab.Rows) }, func(row, col int) (string, bool) {
		if row >= len(s.tab.Rows) || col >= len(s.tab.Rows[row]) {
			return "", false
		}
		v := s.tab.Rows[row][col]
		if col < len(s.tab.Kinds) && s.tab.Kinds[col] == books.MoneyColumn && v != "" {
			m, err := books.ParseMoney(v)
			if err != nil || m.IsZero() {
				return "", false
			}
			return books.FormatYuan(m), m.IsNegative()
		}
		return v, false
	}, nil)
	s.tableBox.Objects = []fyne.CanvasObject{table}
	s.tableBox.Refresh()
	for _, b := range s.consolBtn {
		b.Enable()
	}
}

// exportXLSX writes the consolidated report as .xlsx off the UI goroutine.
func (s *exchangeScreen) exportXLSX(path string, done func(error)) {
	if !strings.HasSuffix(strings.ToLower(path), ".xlsx") {
		path += ".xlsx"
	}
	tab := s.tab
	s.u.runLong(lang.X("exchange.xlsx.title", "导出 Excel"), func(ctx context.Context, _ progressFunc) (any, error) {
		return nil, tab.WriteXLSX(path)
	}, func(_ any, err error) {
		if err != nil {
			showError(s.u.win, err)
		} else {
			s.u.setHint(fmt.Sprintf(lang.X("exchange.xlsx.done", "已导出 %s"), path))
		}
		if done != nil {
			done(err)
		}
	})
}

// printout is the consolidated report's (街道汇总表) file name and layout.
func (s *exchangeScreen) printout() (string, layoutFunc) {
	if st := s.statement; st != nil {
		return fmt.Sprintf("%s-汇总-%s.pdf", st.Title, st.At), statementLayout(*st)
	}
	c := s.consol
	return fmt.Sprintf("%s-%s至%s.pdf", s.tab.Title, c.From, c.To), func() (*printouts.Layout, error) {
		return printouts.Consolidation(c, printouts.ReportOptions(printouts.Options{}))
	}
}

// printPDF prints the consolidated report.
func (s *exchangeScreen) printPDF() { s.u.printLayout(s.printout()) }

// preview shows the consolidated report as it prints.
func (s *exchangeScreen) preview() {
	name, lay := s.printout()
	s.u.previewLayout(s.tab.Title+" "+lang.X("preview.suffix", "打印预览"), name, lay)
}

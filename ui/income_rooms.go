package ui

// The 社服用房 tab: the register of service rooms, their area, title, recovery and use.

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"sunbooks/books"
	"sunbooks/books/income"
)

func (s *incomeScreen) roomsTab() fyne.CanvasObject {
	s.roomFilter = newChoice(nil, func(string) { s.loadRooms() })
	s.figures = widget.NewLabel("")
	s.figures.Wrapping = fyne.TextWrapWord
	s.figures.TextStyle = fyne.TextStyle{Bold: true}
	s.figWarn = widget.NewLabel("")
	s.figWarn.Importance = widget.DangerImportance
	s.figWarn.Wrapping = fyne.TextWrapWord
	s.roomTable = newDataTable([]column{
		{lang.X("income.room.compound", "小区"), 100, false},
		{lang.X("income.room.location", "位置"), 180, false},
		{lang.X("income.room.area", "面积（㎡）"), 90, true},
		{lang.X("income.room.title", "权属"), 70, false},
		{lang.X("income.room.recovery", "回收"), 70, false},
		{lang.X("income.room.use", "用途"), 80, false},
		{lang.X("income.room.tenant", "承租人"), 130, false},
		{lang.X("income.room.note", "备注"), 180, false},
	}, func() int { return len(s.rooms) }, func(row, col int) (string, bool) {
		r := s.rooms[row]
		switch col {
		case 0:
			return r.CompoundName, false
		case 1:
			return r.Location, false
		case 2:
			return r.Area.StringFixed(2), false
		case 3:
			return r.Title, r.Title == income.TitleDisputed
		case 4:
			return r.Recovery, r.Recovery == income.RecoveryPending
		case 5:
			return r.Use, false
		case 6:
			return r.Tenant, false
		case 7:
			return r.Note, false
		}
		return "", false
	}, nil)
	s.roomTable.OnSelected = func(id widget.TableCellID) {
		row := id.Row
		if s.roomTyped() == s.roomShown {
			s.pickRoom(row)
			return
		}
		// Typing on the room form is not replaced by the row without a word.
		askDrop(s.u.win, lang.X("income.room.unsaved.title", "用房未保存"),
			lang.X("income.room.unsaved.ask", "登记或修改用房处填写的内容还没有保存。放弃这些内容，改为显示选中的用房吗？"),
			lang.X("income.room.unsaved.drop", "放弃填写"), func() { s.pickRoom(row) })
	}

	s.rLocation = widget.NewEntry()
	s.rLocation.SetPlaceHolder(lang.X("income.room.location.ph", "例如：3号楼一层东侧"))
	s.rCompound = newChoice(nil, nil)
	s.rArea = widget.NewEntry()
	s.rArea.SetPlaceHolder("120.50")
	s.rTitle = newChoice(roomTitles, nil)
	s.rRecovery = newChoice(roomRecoveries, nil)
	s.rUse = newChoice(roomUses, nil)
	s.rTenant = widget.NewEntry()
	s.rNote = widget.NewEntry()
	s.clearRoom()
	addBtn := widget.NewButton(lang.X("income.room.add", "登记用房"), s.addRoom)
	addBtn.Importance = widget.HighImportance
	s.rSaveBtn = widget.NewButton(lang.X("income.room.save", "保存修改"), s.saveRoom)
	clearBtn := widget.NewButton(lang.X("income.room.clear", "清空"), s.clearRoom)
	form := container.NewVBox(widget.NewSeparator(), bold(lang.X("income.room.form", "登记或修改用房（选中表中一行可修改）")),
		form2(
			widget.NewFormItem(lang.X("income.room.location", "位置"), s.rLocation),
			widget.NewFormItem(lang.X("income.room.compound", "小区"), s.rCompound),
			widget.NewFormItem(lang.X("income.room.area", "面积（㎡）"), s.rArea),
			widget.NewFormItem(lang.X("income.room.title", "权属"), s.rTitle),
			widget.NewFormItem(lang.X("income.room.recovery", "回收"), s.rRecovery),
			widget.NewFormItem(lang.X("income.room.use", "用途"), s.rUse),
			widget.NewFormItem(lang.X("income.room.tenant", "承租人"), s.rTenant),
			widget.NewFormItem(lang.X("income.room.note", "备注"), s.rNote),
		), container.NewHBox(addBtn, s.rSaveBtn, clearBtn))
	form.Hidden = !s.accountant()
	top := container.NewVBox(container.NewHBox(widget.NewLabel(lang.X("income.room.filter", "小区：")),
		// The options arrive after the select is made: room for 全部小区
		// and a long compound name.
		container.NewGridWrap(fyne.NewSize(180, s.roomFilter.MinSize().Height), s.roomFilter)), s.figures, s.figWarn)
	return container.NewBorder(top, form, nil, nil, s.roomTable)
}

func (s *incomeScreen) loadRooms() {
	var id int64
	if i := s.roomFilter.SelectedIndex(); i > 0 && i <= len(s.compoundIDs) {
		id = s.compoundIDs[i-1]
	}
	rs, err := income.Rooms(s.u.book, id)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.rooms = rs
	s.roomSel = -1
	s.roomTable.UnselectAll()
	s.roomTable.Refresh()
	f, err := income.RoomFiguresFor(s.u.book, id)
	if err != nil {
		showError(s.u.win, err)
		return
	}
	s.figures.SetText(fmt.Sprintf(lang.X("income.room.figures",
		"共 %d 处 %s ㎡；已回收 %d 处 %s ㎡，待回收 %d 处 %s ㎡（权属有争议 %d 处）\n出租 %d 处 %s ㎡　便民服务 %d 处 %s ㎡　空置 %d 处 %s ㎡\n空置率 %s%%（空置面积 / 已回收面积）　便民服务占比 %s%%（政策要求约 %s%%）"),
		f.Rooms, f.Area.StringFixed(2), f.Recovered, f.RecoveredArea.StringFixed(2), f.Pending, f.PendingArea.StringFixed(2), f.Disputed,
		f.Rented, f.RentedArea.StringFixed(2), f.Service, f.ServiceArea.StringFixed(2), f.Vacant, f.VacantArea.StringFixed(2),
		f.VacancyRate.StringFixed(2), f.ServiceShare.StringFixed(2), income.PublicServiceTarget.String()))
	if f.Warning != "" {
		s.figWarn.SetText("⚠ " + f.Warning)
	} else {
		s.figWarn.SetText("")
	}
}

func (s *incomeScreen) clearRoom() {
	s.roomSel = -1
	for _, e := range []*widget.Entry{s.rLocation, s.rArea, s.rTenant, s.rNote} {
		e.SetText("")
	}
	s.rTitle.SetSelected(income.TitleClear)
	s.rRecovery.SetSelected(income.RecoveryDone)
	s.rUse.SetSelected(income.UseVacant)
	if len(s.rCompound.Options) == 1 {
		s.rCompound.SetSelectedIndex(0)
	}
	if s.rSaveBtn != nil {
		s.rSaveBtn.Disable()
	}
	s.roomShown = s.roomTyped()
}

// roomTyped is what the room form says now.
func (s *incomeScreen) roomTyped() string {
	return strings.Join([]string{s.rLocation.Text, s.rCompound.Selected, s.rArea.Text, s.rTitle.Selected, s.rRecovery.Selected,
		s.rUse.Selected, s.rTenant.Text, s.rNote.Text}, "\x00")
}

func (s *incomeScreen) pickRoom(row int) {
	if row < 0 || row >= len(s.rooms) {
		return
	}
	r := s.rooms[row]
	s.roomSel = row
	s.rLocation.SetText(r.Location)
	s.rCompound.SetSelected(r.CompoundName)
	s.rArea.SetText(r.Area.StringFixed(2))
	s.rTitle.SetSelected(r.Title)
	s.rRecovery.SetSelected(r.Recovery)
	s.rUse.SetSelected(r.Use)
	s.rTenant.SetText(r.Tenant)
	s.rNote.SetText(r.Note)
	s.rSaveBtn.Enable()
	s.roomShown = s.roomTyped()
}

func (s *incomeScreen) roomInput() (income.Room, error) {
	area, err := income.ParseArea(s.rArea.Text)
	if err != nil {
		return income.Room{}, err
	}
	if s.rCompound.Selected == "" {
		return income.Room{}, books.Errorf(books.Invalid, "请选择用房所在的小区")
	}
	return income.Room{Location: s.rLocation.Text, CompoundName: s.rCompound.Selected, Area: area, Title: s.rTitle.Selected,
		Recovery: s.rRecovery.Selected, Use: s.rUse.Selected, Tenant: s.rTenant.Text, Note: s.rNote.Text}, nil
}

func (s *incomeScreen) addRoom() {
	r, err := s.roomInput()
	if err == nil {
		r, err = income.AddRoom(s.u.sess, r)
	}
	if s.done(err, fmt.Sprintf(lang.X("income.room.added", "已登记用房：%s %s"), r.CompoundName, r.Location)) {
		s.clearRoom()
	}
}

func (s *incomeScreen) saveRoom() {
	if s.roomSel < 0 || s.roomSel >= len(s.rooms) {
		return
	}
	r, err := s.roomInput()
	if err == nil {
		r.ID = s.rooms[s.roomSel].ID
		r, err = income.UpdateRoom(s.u.sess, r)
	}
	if s.done(err, fmt.Sprintf(lang.X("income.room.saved", "已修改用房：%s %s"), r.CompoundName, r.Location)) {
		s.clearRoom()
	}
}

var (
	roomTitles     = []string{income.TitleClear, income.TitleDisputed, income.TitleConfirmed}
	roomRecoveries = []string{income.RecoveryDone, income.RecoveryPending}
	roomUses       = []string{income.UseVacant, income.UseService, income.UseRented}
)

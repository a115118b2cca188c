package ui

import (
	"strings"

	"fyne.io/fyne/v2/lang"

	"sunbooks/books/spending"
)

// logActionName is an operation-log action in Chinese: the log stores codes
// (voucher.post), the person reads 记账. A code not known here is shown as
// it is, so nothing is hidden.
//
// It is long on purpose: a table of every action code, one line each.
func logActionName(code string) string {
	switch code {
	case "account.active":
		return lang.X("log.action.account.active", "启用或停用科目")
	case "account.add":
		return lang.X("log.action.account.add", "增加科目")
	case "account.delete":
		return lang.X("log.action.account.delete", "删除科目")
	case "account.exempt":
		return lang.X("log.action.account.exempt", "设置免审批科目")
	case "account.rename":
		return lang.X("log.action.account.rename", "科目改名")
	case "application.deliberate":
		return lang.X("log.action.application.deliberate", "记录议事")
	case "application.pay_prepared":
		return lang.X("log.action.application.pay_prepared", "生成付款凭证（待审核）")
	case "application.request_export":
		return lang.X("log.action.application.request_export", "导出审批申请")
	case "attachment.add":
		return lang.X("log.action.attachment.add", "添加附件")
	case "book.backup":
		return lang.X("log.action.book.backup", "备份账簿")
	case "book.create":
		return lang.X("log.action.book.create", "建立账簿")
	case "book.live_start":
		return lang.X("log.action.book.live_start", "确定启用月份")
	case "book.restore":
		return lang.X("log.action.book.restore", "恢复账簿")
	case "compound.add":
		return lang.X("log.action.compound.add", "增加小区")
	case "compound.archive":
		return lang.X("log.action.compound.archive", "小区归档或恢复")
	case "compound.rename":
		return lang.X("log.action.compound.rename", "小区改名")
	case "deposit.make":
		return lang.X("log.action.deposit.make", "季度缴存")
	case "income.add":
		return lang.X("log.action.income.add", "登记其他收入")
	case "income.category":
		return lang.X("log.action.income.category", "设置收入类别")
	case "income.settlement":
		return lang.X("log.action.income.settlement", "导入结算单")
	case "income.settlement_source":
		return lang.X("log.action.income.settlement_source", "设置结算单映射")
	case "key.trust":
		return lang.X("log.action.key.trust", "登记公钥")
	case "lease.add":
		return lang.X("log.action.lease.add", "登记租约")
	case "lease.bill":
		return lang.X("log.action.lease.bill", "开具应收")
	case "lease.receive":
		return lang.X("log.action.lease.receive", "收到租金或分成")
	case "lease.terminate":
		return lang.X("log.action.lease.terminate", "终止租约")
	case "lease.turnover":
		return lang.X("log.action.lease.turnover", "登记营业额")
	case "notice.publish":
		return lang.X("log.action.notice.publish", "发布公示")
	case "package.export":
		return lang.X("log.action.package.export", "导出期间数据包")
	case "package.import":
		return lang.X("log.action.package.import", "导入期间数据包")
	case "package.replace":
		return lang.X("log.action.package.replace", "替换期间数据包")
	case "period.close":
		return lang.X("log.action.period.close", "结账")
	case "period.reopen":
		return lang.X("log.action.period.reopen", "反结账")
	case "policy.export":
		return lang.X("log.action.policy.export", "导出街道政策")
	case "policy.import":
		return lang.X("log.action.policy.import", "导入街道政策")
	case "policy.set":
		return lang.X("log.action.policy.set", "设置等级标准")
	case "procedure.set":
		return lang.X("log.action.procedure.set", "设置议事程序")
	case "request.decide":
		return lang.X("log.action.request.decide", "街道审批决定")
	case "request.import":
		return lang.X("log.action.request.import", "导入审批申请")
	case "room.add":
		return lang.X("log.action.room.add", "登记用房")
	case "room.update":
		return lang.X("log.action.room.update", "修改用房")
	case "setting.set":
		return lang.X("log.action.setting.set", "修改设置")
	case "seal":
		return lang.X("log.action.seal", "封存记录校验值")
	case "seal.init":
		return lang.X("log.action.seal.init", "首次封存全部记录")
	case "user.active":
		return lang.X("log.action.user.active", "启用或停用用户")
	case "user.login_failed":
		return lang.X("log.action.user.login_failed", "登录失败")
	case "user.add":
		return lang.X("log.action.user.add", "增加用户")
	case "user.password":
		return lang.X("log.action.user.password", "修改密码")
	case "voucher.carry":
		return lang.X("log.action.voucher.carry", "年末结转")
	case "voucher.create":
		return lang.X("log.action.voucher.create", "填制凭证")
	case "voucher.delete":
		return lang.X("log.action.voucher.delete", "删除凭证")
	case "voucher.deposit":
		return lang.X("log.action.voucher.deposit", "生成缴存凭证")
	case "voucher.import":
		return lang.X("log.action.voucher.import", "导入凭证")
	case "voucher.income":
		return lang.X("log.action.voucher.income", "生成收入凭证")
	case "voucher.post":
		return lang.X("log.action.voucher.post", "记账")
	case "voucher.reverse":
		return lang.X("log.action.voucher.reverse", "红字冲销")
	case "voucher.review":
		return lang.X("log.action.voucher.review", "审核凭证")
	case "voucher.unreview":
		return lang.X("log.action.voucher.unreview", "取消审核")
	case "voucher.update":
		return lang.X("log.action.voucher.update", "修改凭证")
	}
	if a, ok := strings.CutPrefix(code, "application."); ok {
		// The application's own steps are named by books, as on its 审批链.
		return spending.AppEvent{Action: a}.ActionName()
	}
	return code
}

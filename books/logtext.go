package books

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// The operation log stores before and after as JSON with English keys, so
// the chain stays stable; a person reads them through DescribeLogJSON, in
// Chinese field names and values.

// logFields names the log's JSON keys in Chinese; a key not here is shown as
// it is, so nothing is hidden.
var logFields = map[string]string{
	"status": "状态", "state": "状态", "name": "名称", "amount": "金额", "version": "版本", "voucher": "凭证", "kind": "类型",
	"compound": "小区", "level": "事项等级", "code": "代码", "reason": "原因", "no": "编号", "community": "社区", "title": "事项",
	"signer": "签名密钥", "paid": "已付", "opinion": "意见", "date": "日期", "closed": "已结账", "category": "类别", "active": "启用",
	"vouchers": "凭证张数", "to": "至", "serial": "序号", "payee": "收款人", "note": "说明", "live_start": "启用月份", "from": "从",
	"fingerprint": "指纹", "file": "文件", "end": "结束", "credit": "贷方", "attachments": "附件", "value": "值", "turnover": "营业额",
	"tenant": "承租人", "street": "街道", "split_warning": "拆分提示", "source": "来源", "size": "大小", "reviewer": "审核人",
	"procedure_version": "程序版本", "policy": "事项标准", "period": "月份", "pending": "待记账", "parent": "上级科目",
	"numbers": "编号", "nonce": "随机码", "lines": "分录行数", "exported_at": "导出时间", "decision": "决定", "debit": "借方",
	"cash": "现金", "by": "经办", "bank": "银行", "archived": "已归档", "approved": "批准金额", "approval_no": "审批编号",
	"approval_exempt": "免审批", "account": "科目", "use": "用途", "threshold": "分成起点", "step": "步骤", "start": "开始",
	"signed_at": "签名时间", "scan": "扫描件", "saved_as": "另存为", "room": "用房", "role": "角色", "review": "审核",
	"reverses": "冲销", "restored_from": "恢复自", "renumbered": "重新编号", "rent": "租金", "recovery": "回收状态",
	"quarter": "季度", "preparer": "制单人", "posted": "已记账", "payer": "付款人", "paper": "纸质审批", "outcome": "结果",
	"migrated": "迁移历史", "log_head": "日志锚点", "location": "位置", "level_reason": "调整等级理由", "income": "收入",
	"form": "形式", "due": "到期", "decided_at": "决定时间", "debit_total": "借方合计", "cycle": "周期", "computed_level": "测算等级",
	"chart": "科目模板", "book_uuid": "账簿标识", "area": "面积", "approver": "审批人", "agreed_end": "约定结束",
	"added_compounds": "新增小区", "acknowledged_by": "确认人", "sha256": "SHA-256", "first": "首期", "share_rate": "分成比例",
	"effective_from": "生效日期", "password": "密码", "public_key": "公钥", "key": "设置项", "payload": "内容", "format": "格式",
}

// logValues words the log's coded values.
var logValues = map[string]string{
	StatusDraft: "未审核", StatusReviewed: "已审核", StatusPosted: "已记账", "true": "是", "false": "否",
}

// DescribeLogJSON writes a log entry's before or after for a person: its
// fields in Chinese, in key order, "状态：已审核；指纹：…". Text that is not
// a JSON object is returned as it is.
func DescribeLogJSON(js string) string {
	js = strings.TrimSpace(js)
	if js == "" {
		return ""
	}
	var m map[string]any
	if json.Unmarshal([]byte(js), &m) != nil {
		return js
	}
	return describeObject(m)
}

func describeObject(m map[string]any) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		name := logFields[k]
		if name == "" {
			name = k
		}
		parts = append(parts, name+"："+describeValue(m[k]))
	}
	return strings.Join(parts, "；")
}

func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case map[string]any:
		return "（" + describeObject(x) + "）"
	case []any:
		items := make([]string, len(x))
		for i, it := range x {
			items[i] = describeValue(it)
		}
		return strings.Join(items, "、")
	case string:
		if w, ok := logValues[x]; ok {
			return w
		}
		if x == "" {
			return "（空）"
		}
		return x
	case bool:
		return logValues[fmt.Sprint(x)]
	}
	return fmt.Sprint(v)
}

// LogEntries returns the operation log in order, from its first entry, for
// export: entries at or after from and at or before to ("YYYY-MM-DD", empty
// for no bound). Each keeps its number and chain hash, so an export can be
// checked against an anchor. An auditor reads it too.
func (s *Session) LogEntries(from, to string) ([]LogEntry, error) {
	q := `SELECT id, at, user_name, role, action, entity, entity_id, before, after, prev_hash, hash FROM oplog WHERE 1 = 1`
	var args []any
	if from != "" {
		if _, err := ParseDate(from); err != nil {
			return nil, err
		}
		q += ` AND at >= ?`
		args = append(args, from)
	}
	if to != "" {
		if _, err := ParseDate(to); err != nil {
			return nil, err
		}
		q += ` AND at < ?`
		args = append(args, to+"~") // after every time of that day
	}
	rows, err := s.b.db.Query(q+` ORDER BY id`, args...)
	if err != nil {
		return nil, internal("log entries", err)
	}
	defer rows.Close()
	var out []LogEntry
	for rows.Next() {
		var e LogEntry
		if err := rows.Scan(&e.ID, &e.At, &e.User, &e.Role, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
			return nil, internal("log entries", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LogTable lays log entries out for CSV and xlsx: number, time, who, what,
// before and after in words and as stored, and the chain hashes, so the
// export can be checked against an anchor (VerifyAnchor).
func LogTable(entries []LogEntry) Table {
	t := Table{Title: "操作日志",
		Keys: []string{"seq", "at", "user", "role", "action", "entity", "entity_id", "before_text", "after_text", "before", "after", "prev_hash", "hash"},
		Header: []string{"序号", "时间", "用户", "角色", "操作", "对象类型", "对象", "修改前", "修改后", "修改前（原文）", "修改后（原文）",
			"前一条哈希", "本条哈希"}}
	for range t.Keys {
		t.Kinds = append(t.Kinds, Text)
	}
	for _, e := range entries {
		t.Rows = append(t.Rows, []string{fmt.Sprint(e.ID), e.At, e.User, e.Role, e.Action, e.Entity, e.EntityID,
			DescribeLogJSON(e.Before), DescribeLogJSON(e.After), e.Before, e.After, e.PrevHash, e.Hash})
	}
	return t
}

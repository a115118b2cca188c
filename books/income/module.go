package income

import "sunbooks/books"

// Module is income's part in a book: its tables, and the checks the core
// runs for them when a voucher is posted or a draft deleted and when the
// book is verified, in run order. Every program that opens a book passes it
// to books.Open (or Create, OpenReadOnly, Restore); a book holding these
// tables is not opened for writing without it.
func Module() books.Module {
	return books.Module{
		Name: "房屋租赁与其他收入",
		Tables: []string{
			"room", "lease", "lease_rent", "lease_turnover", "lease_bill", "lease_receipt", "lease_credit",
			"income_category", "income_item", "deposit", "settlement_source", "settlement_file", "settlement_order",
		},
		Sealed: []books.SealedTable{
			{Table: "room", Label: "服务用房", Name: "location"},
			{Table: "lease", Label: "租约", Scope: "id", Name: "'租-' || printf('%04d', number)"},
			{Table: "lease_rent", Label: "租约的租金标准", Scope: "lease_id", Name: ofLease},
			{Table: "lease_turnover", Label: "租约的营业额申报", Scope: "lease_id", Name: ofLease},
			{Table: "lease_bill", Label: "租金账单", Scope: "lease_id", Name: ofLease + " || ' ' || bill_key"},
			{Table: "lease_receipt", Label: "租金收款", Scope: "lease_id", Name: ofLease + " || ' ' || date"},
			{Table: "lease_credit", Label: "租金冲减", Scope: "lease_id", Name: ofLease},
			{Table: "income_category", Label: "收入类别"},
			{Table: "income_item", Label: "其他收入", Scope: "compound_id", Name: "date || ' ' || category"},
			{Table: "deposit", Label: "上缴专户记录", Scope: "compound_id", Name: "quarter"},
			{Table: "settlement_source", Label: "结算单的列映射", Name: "name"},
			{Table: "settlement_file", Label: "导入的结算单", Name: "file_name"},
			{Table: "settlement_order", Label: "结算单的订单", Name: "source || ' ' || ref"},
		},
		Post: []books.PostCheck{
			// A posted reversal makes the bill, receipt, income item or
			// deposit its voucher made stop counting.
			{Name: "income.release-on-reversal", Run: releaseIncomeOnReversal},
			// A posted reversal of a lease-termination credit makes the
			// credit stop counting; a credited bill is reversed only after.
			{Name: "lease.credit-on-reversal", Run: releaseCreditOnReversal},
		},
		Delete: []books.DeleteCheck{
			// A draft bill voucher whose bill a termination credited stays.
			{Name: "lease.keep-credited-bill", Run: keepCreditedBill},
		},
		Verify: []books.VerifyCheck{
			{Name: "income.records-match-vouchers", Run: verifyIncomeRecords},
			{Name: "lease.credits-match-vouchers", Run: verifyLeaseCredits},
		},
	}
}

// ofLease names a row of a lease's records by the lease.
const ofLease = "'租约 租-' || printf('%04d', (SELECT number FROM lease l WHERE l.id = lease_id))"

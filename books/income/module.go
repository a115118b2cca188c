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
			"income_category", "income_item", "deposit",
		},
		Sealed: map[string]string{
			"room": "服务用房", "lease": "租约", "lease_rent": "租约的租金标准", "lease_turnover": "租约的营业额申报",
			"lease_bill": "租金账单", "lease_receipt": "租金收款", "lease_credit": "租金冲减",
			"income_category": "收入类别", "income_item": "其他收入", "deposit": "上缴专户记录",
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

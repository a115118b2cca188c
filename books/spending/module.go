package spending

import "sunbooks/books"

// Module is spending's part in a book: its tables, and the checks the core
// runs for them when a voucher is posted or a draft deleted and when the
// book is verified, in run order. Every program that opens a book passes it
// to books.Open (or Create, OpenReadOnly, Restore); a book holding these
// tables is not opened for writing without it.
func Module() books.Module {
	return books.Module{
		Name: "支出申请与审批",
		Tables: []string{
			"level_policy", "procedure_version", "procedure_step", "application", "application_event",
			"deliberation", "attachment", "decision", "payment", "street_request",
		},
		Sealed: []books.SealedTable{
			{Table: "level_policy", Label: "事项等级标准", Name: "'自 ' || effective_from"},
			{Table: "procedure_version", Label: "议事程序版本"},
			{Table: "procedure_step", Label: "议事程序步骤", Scope: "version", Name: "name"},
			{Table: "application", Label: "支出申请", Scope: "id", Name: "no"},
			{Table: "application_event", Label: "申请流转记录", Scope: "application_id", Name: ofApplication},
			{Table: "deliberation", Label: "议事记录", Scope: "application_id", Name: ofApplication + " || ' ' || step"},
			{Table: "attachment", Label: "附件", Scope: "application_id", Name: "name"},
			{Table: "decision", Label: "街道审批决定", Scope: "application_id", Name: ofApplication},
			{Table: "payment", Label: "付款记录", Scope: "application_id", Name: ofApplication},
			{Table: "street_request", Label: "收到的审批申请", Scope: "app_no", Name: "community || ' ' || app_no"},
		},
		Post: []books.PostCheck{
			// Money leaves a compound only through an approved application
			// or an approval-exempt account.
			{Name: "spending.outflow-approved", Run: checkOutflow},
			// No compound's spendable money goes below zero; a payment
			// pays its own compound's application within its approval;
			// a reversed payment gives the application its amount back.
			{Name: "spending.spendable-and-payments", Run: checkPaymentPosting},
		},
		Delete: []books.DeleteCheck{
			// A deleted draft payment voucher takes its payment with it.
			{Name: "spending.release-payment", Run: releasePayment},
		},
		Verify: []books.VerifyCheck{
			{Name: "attachments.content", Run: verifyAttachments},
			{Name: "spending.payments", Run: verifyPayments},
		},
	}
}

// ofApplication names a row of an application's records by the application.
const ofApplication = "'申请 ' || (SELECT no FROM application a WHERE a.id = application_id)"

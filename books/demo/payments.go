package demo

import (
	"fmt"

	"sunbooks/books"
	"sunbooks/books/spending"
)

// demoApplication takes a spending application of the demo's year through
// the chain: 业委会 applies on date, the review-phase deliberation is
// recorded that day, 社区党组织 approves, and the street's approval arrives
// on paper on approveDate. It returns the application's number, ready to pay.
func demoApplication(c *Context, in spending.ApplyInput, approveDate string) (string, error) {
	c.At(in.Date, 9)
	a, err := spending.Apply(c.Committee, in)
	if err != nil {
		return "", err
	}
	if _, err := spending.Attach(c.Committee, a.No, spending.AttachmentInput{Name: "报价单.pdf", Data: demoScan}); err != nil {
		return "", err
	}
	if _, err := spending.Submit(c.Committee, a.No, ""); err != nil {
		return "", err
	}
	c.At(in.Date, 15)
	if err := demoDeliberate(c, a.No, spending.PhaseReview, in.Date, in.Date); err != nil {
		return "", err
	}
	c.At(in.Date, 17)
	if err := spending.Review(c.Party, a.No, "approve", "程序完备，同意报街道审批"); err != nil {
		return "", err
	}
	c.At(approveDate, 11)
	seq := c.Rand.IntN(90) + 10
	if _, err := spending.RecordPaperDecision(c.Accountant, a.No, spending.PaperDecision{Decision: "approve",
		ApprovalNo: fmt.Sprintf("城街审〔%s〕%d号", approveDate[:4], seq), Approver: "孙主任", Date: approveDate,
		Opinion: "同意", Scan: spending.AttachmentInput{Name: "街道审批单.pdf", Data: demoScan}}); err != nil {
		return "", err
	}
	return a.No, nil
}

// demoPay pays an approved demo application from 100201 (or cash) into an
// expense account: 李出纳 prepares the payment voucher, 张会计 reviews it and
// 李出纳 posts it (记账), the same day.
func demoPay(c *Context, no, date, from, to string, fen int64) error {
	c.At(date, 10)
	v, err := spending.Pay(c.Cashier, no, spending.PayInput{Date: date, Amount: books.FromFen(fen), From: from, To: to, Attachments: 1 + c.Rand.IntN(2)})
	if err != nil {
		return err
	}
	return c.postPayment(date, v.ID)
}

// postPayment has 张会计 review a payment voucher 李出纳 prepared and 李出纳
// post it.
func (c *Context) postPayment(date string, id int64) error {
	c.At(date, 11)
	if err := c.Accountant.ReviewVoucher(id); err != nil {
		return err
	}
	c.At(date, 11)
	return c.Cashier.PostVoucher(id)
}

// demoFinish publishes the implementation result of a paid application in
// the month's notice and closes it (结项).
func demoFinish(c *Context, no, date string) error {
	c.At(date, 16)
	if err := demoDeliberate(c, no, spending.PhaseClose, date, date); err != nil {
		return err
	}
	return spending.CloseApplication(c.Accountant, no, "已按申请实施并在财务公开榜公开")
}

-- Accounts a 会计 marks as exempt from the approval chain (e.g. 银行手续费,
-- which the bank deducts by itself): money may leave a compound's fund on them
-- by a hand-made voucher. Every other outflow goes through an approved
-- application's payment.
ALTER TABLE account ADD COLUMN approval_exempt INTEGER NOT NULL DEFAULT 0;

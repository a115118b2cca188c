-- Leases ended early (终止租约): the last day the tenant holds the room
-- (inclusive, within the term), why, and who ended it when. NULL means the
-- lease runs to end_date.
ALTER TABLE lease ADD COLUMN terminated_on TEXT
	CHECK (terminated_on IS NULL OR (terminated_on >= start_date AND terminated_on <= end_date));
ALTER TABLE lease ADD COLUMN termination_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE lease ADD COLUMN terminated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE lease ADD COLUMN terminated_at TEXT NOT NULL DEFAULT '';

-- A credit takes back the part of a rent bill the lease no longer earns after
-- its termination: the unearned days of the cycle it ends in, or all of a
-- cycle billed ahead that starts after it. Its voucher is a red-ink income
-- voucher (receivable and rent income both reduced); a credit whose voucher
-- was reversed no longer counts.
CREATE TABLE lease_credit (
	id           INTEGER PRIMARY KEY,
	lease_id     INTEGER NOT NULL REFERENCES lease(id),
	bill_id      INTEGER NOT NULL REFERENCES lease_bill(id),
	amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
	voucher_id   INTEGER NOT NULL REFERENCES voucher(id) ON DELETE CASCADE,
	reversed_by  INTEGER REFERENCES voucher(id),
	created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX lease_credit_once ON lease_credit(bill_id) WHERE reversed_by IS NULL;

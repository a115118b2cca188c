-- Settlement sheets imported as income (结算单): how each source's sheet is
-- read, and each file imported, by content hash, so none is imported twice.
CREATE TABLE settlement_source (
	name            TEXT PRIMARY KEY,          -- 沐街优选
	category        TEXT NOT NULL,             -- the income category: 团购佣金, 共富工坊 …
	date_col        TEXT NOT NULL,
	ref_col         TEXT NOT NULL,             -- order or batch number
	compound_col    TEXT NOT NULL,
	gross_col       TEXT NOT NULL DEFAULT '',  -- turnover or piece-work total: reported, not income
	commission_col  TEXT NOT NULL,             -- what the community earns
	fee_col         TEXT NOT NULL DEFAULT '',  -- deducted by the payer before paying
	fee_account     TEXT NOT NULL DEFAULT '',  -- the approval-exempt expense account of the fees
	updated_at      TEXT NOT NULL
);

CREATE TABLE settlement_file (
	sha256          TEXT PRIMARY KEY,
	source          TEXT NOT NULL,
	file_name       TEXT NOT NULL,
	imported_at     TEXT NOT NULL,
	imported_by     INTEGER NOT NULL REFERENCES user(id),
	lines           INTEGER NOT NULL,
	vouchers        INTEGER NOT NULL,
	commission_fen  INTEGER NOT NULL
);

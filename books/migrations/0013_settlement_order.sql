-- Each order or batch a settlement sheet brought, by source: the same order
-- is never income twice, even in another file. Deleting the draft it went
-- to releases it (and the file, once none of its orders is left).
CREATE TABLE settlement_order (
	source      TEXT NOT NULL,
	ref         TEXT NOT NULL,
	file_sha256 TEXT NOT NULL,
	voucher_id  INTEGER NOT NULL REFERENCES voucher(id) ON DELETE CASCADE,
	line        INTEGER NOT NULL,
	PRIMARY KEY (source, ref)
);
CREATE INDEX settlement_order_voucher ON settlement_order(voucher_id);
CREATE INDEX settlement_order_file ON settlement_order(file_sha256);

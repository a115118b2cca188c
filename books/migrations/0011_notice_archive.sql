-- The archive of published monthly notices (公示档案): the exact PDF that
-- went on the boards, kept for good with its SHA-256, who published it,
-- when, and its 公示期. A month (for one compound, or for all) published
-- again is a new version that says why; the earlier one stays.
CREATE TABLE notice_publication (
	id              INTEGER PRIMARY KEY,
	no              TEXT NOT NULL UNIQUE,              -- 公示-2026-0001
	period          INTEGER NOT NULL,                  -- yyyymm
	compound_id     INTEGER REFERENCES compound(id),   -- NULL: every compound
	compounds       TEXT NOT NULL,                     -- the sheets' compounds, joined by 、
	version         INTEGER NOT NULL CHECK (version >= 1),
	replaces_id     INTEGER REFERENCES notice_publication(id),
	reason          TEXT NOT NULL DEFAULT '',
	post_from       TEXT NOT NULL,
	post_to         TEXT NOT NULL,
	closed          INTEGER NOT NULL,                  -- the month was closed when published
	published_by    INTEGER NOT NULL REFERENCES user(id),
	published_at    TEXT NOT NULL,
	content_sha256  TEXT NOT NULL,                     -- of the notice's figures and items (the QR code's hash)
	pdf_sha256      TEXT NOT NULL,
	pages           INTEGER NOT NULL,
	pdf             BLOB NOT NULL,
	CHECK ((version = 1) = (replaces_id IS NULL)),
	CHECK (version = 1 OR trim(reason) <> '')
);
CREATE UNIQUE INDEX notice_publication_version ON notice_publication(period, coalesce(compound_id, 0), version);
CREATE INDEX notice_publication_pdf ON notice_publication(pdf_sha256);

-- A published notice's items, as printed, for the archive's search.
CREATE TABLE notice_item (
	publication_id  INTEGER NOT NULL REFERENCES notice_publication(id),
	compound        TEXT NOT NULL,
	seq             INTEGER NOT NULL,
	date            TEXT NOT NULL,
	voucher_no      TEXT NOT NULL,
	memo            TEXT NOT NULL,
	income_fen      INTEGER NOT NULL,
	expense_fen     INTEGER NOT NULL,
	PRIMARY KEY (publication_id, compound, seq)
);

-- What was published stays as published.
CREATE TRIGGER notice_publication_no_update BEFORE UPDATE ON notice_publication
BEGIN SELECT RAISE(ABORT, 'sunbooks: a published notice is kept as published'); END;
CREATE TRIGGER notice_publication_no_delete BEFORE DELETE ON notice_publication
BEGIN SELECT RAISE(ABORT, 'sunbooks: a published notice is kept as published'); END;
CREATE TRIGGER notice_item_no_update BEFORE UPDATE ON notice_item
BEGIN SELECT RAISE(ABORT, 'sunbooks: a published notice is kept as published'); END;
CREATE TRIGGER notice_item_no_delete BEFORE DELETE ON notice_item
BEGIN SELECT RAISE(ABORT, 'sunbooks: a published notice is kept as published'); END;

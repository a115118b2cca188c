-- The community (or street) book: identity, users, chart, compounds, vouchers,
-- kept balances, periods and the operation log. Money is INTEGER fen.

CREATE TABLE book (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	uuid        TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('community', 'street')),
	street      TEXT NOT NULL,
	community   TEXT NOT NULL DEFAULT '',
	code        TEXT NOT NULL,
	chart       TEXT NOT NULL,
	created_at  TEXT NOT NULL
);

CREATE TABLE setting (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE user (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	role        TEXT NOT NULL CHECK (role IN ('accountant', 'cashier', 'committee', 'party', 'street', 'auditor')),
	pwhash      TEXT NOT NULL,
	active      INTEGER NOT NULL DEFAULT 1,
	created_at  TEXT NOT NULL
);

CREATE TABLE account (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	parent_id   INTEGER REFERENCES account(id),
	class       TEXT NOT NULL CHECK (class IN ('asset', 'liability', 'netasset', 'income', 'expense')),
	direction   TEXT NOT NULL CHECK (direction IN ('debit', 'credit')),
	-- monetary: '' | 'cash' | 'bank' | 'other' — decides journals and spendable money.
	monetary    TEXT NOT NULL DEFAULT '',
	mnemonic    TEXT NOT NULL DEFAULT '',
	active      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX account_parent ON account(parent_id);

CREATE TABLE compound (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	archived    INTEGER NOT NULL DEFAULT 0,
	created_at  TEXT NOT NULL
);

CREATE TABLE voucher (
	id           INTEGER PRIMARY KEY,
	period       INTEGER NOT NULL,            -- yyyymm
	word         TEXT NOT NULL DEFAULT '记',
	number       INTEGER NOT NULL,
	date         TEXT NOT NULL,               -- YYYY-MM-DD
	attachments  INTEGER NOT NULL DEFAULT 0 CHECK (attachments >= 0),
	status       TEXT NOT NULL CHECK (status IN ('draft', 'reviewed', 'posted')),
	-- kind: normal | reversal | payment | carry | rent | receipt | deposit | import
	kind         TEXT NOT NULL DEFAULT 'normal',
	source_ref   TEXT NOT NULL DEFAULT '',
	reverses_id  INTEGER REFERENCES voucher(id),
	preparer_id  INTEGER NOT NULL REFERENCES user(id),
	reviewer_id  INTEGER REFERENCES user(id),
	poster_id    INTEGER REFERENCES user(id),
	reviewed_at  TEXT,
	posted_at    TEXT,
	total_fen    INTEGER NOT NULL DEFAULT 0,
	fingerprint  TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	UNIQUE (period, word, number)
);
CREATE INDEX voucher_status ON voucher(status, period);
CREATE INDEX voucher_reverses ON voucher(reverses_id);

CREATE TABLE voucher_line (
	id           INTEGER PRIMARY KEY,
	voucher_id   INTEGER NOT NULL REFERENCES voucher(id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	period       INTEGER NOT NULL,
	memo         TEXT NOT NULL DEFAULT '',
	account_id   INTEGER NOT NULL REFERENCES account(id),
	compound_id  INTEGER NOT NULL REFERENCES compound(id),
	debit_fen    INTEGER NOT NULL DEFAULT 0,
	credit_fen   INTEGER NOT NULL DEFAULT 0,
	CHECK ((debit_fen = 0) <> (credit_fen = 0)),
	UNIQUE (voucher_id, seq)
);
CREATE INDEX voucher_line_account ON voucher_line(account_id, period);
CREATE INDEX voucher_line_compound ON voucher_line(compound_id, period);

-- Kept balances: posted activity per account × compound × month, updated in the
-- posting transaction, so reports never scan voucher lines.
CREATE TABLE balance (
	account_id   INTEGER NOT NULL REFERENCES account(id),
	compound_id  INTEGER NOT NULL REFERENCES compound(id),
	period       INTEGER NOT NULL,
	debit_fen    INTEGER NOT NULL DEFAULT 0,
	credit_fen   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (account_id, compound_id, period)
) WITHOUT ROWID;
CREATE INDEX balance_period ON balance(period);

CREATE TABLE period_close (
	period     INTEGER PRIMARY KEY,
	closed_at  TEXT NOT NULL,
	closed_by  INTEGER NOT NULL REFERENCES user(id)
);

-- The operation log: append-only, each entry chained to the one before by SHA-256.
CREATE TABLE oplog (
	id         INTEGER PRIMARY KEY,
	at         TEXT NOT NULL,
	user_name  TEXT NOT NULL,
	role       TEXT NOT NULL,
	action     TEXT NOT NULL,
	entity     TEXT NOT NULL,
	entity_id  TEXT NOT NULL,
	before     TEXT NOT NULL DEFAULT '',
	after      TEXT NOT NULL DEFAULT '',
	prev_hash  TEXT NOT NULL,
	hash       TEXT NOT NULL
);

CREATE TRIGGER oplog_no_update BEFORE UPDATE ON oplog
BEGIN SELECT RAISE(ABORT, 'sunbooks: the operation log is append-only'); END;
CREATE TRIGGER oplog_no_delete BEFORE DELETE ON oplog
BEGIN SELECT RAISE(ABORT, 'sunbooks: the operation log is append-only'); END;

-- Posted vouchers never change.
CREATE TRIGGER voucher_posted_no_update BEFORE UPDATE ON voucher
WHEN OLD.status = 'posted'
BEGIN SELECT RAISE(ABORT, 'sunbooks: a posted voucher is immutable'); END;
CREATE TRIGGER voucher_posted_no_delete BEFORE DELETE ON voucher
WHEN OLD.status = 'posted'
BEGIN SELECT RAISE(ABORT, 'sunbooks: a posted voucher is immutable'); END;
CREATE TRIGGER voucher_line_posted_no_update BEFORE UPDATE ON voucher_line
WHEN (SELECT status FROM voucher WHERE id = OLD.voucher_id) = 'posted'
BEGIN SELECT RAISE(ABORT, 'sunbooks: a posted voucher is immutable'); END;
CREATE TRIGGER voucher_line_posted_no_delete BEFORE DELETE ON voucher_line
WHEN (SELECT status FROM voucher WHERE id = OLD.voucher_id) = 'posted'
BEGIN SELECT RAISE(ABORT, 'sunbooks: a posted voucher is immutable'); END;
CREATE TRIGGER voucher_line_posted_no_insert BEFORE INSERT ON voucher_line
WHEN (SELECT status FROM voucher WHERE id = NEW.voucher_id) = 'posted'
BEGIN SELECT RAISE(ABORT, 'sunbooks: a posted voucher is immutable'); END;

-- Accounts with postings are never deleted.
CREATE TRIGGER account_no_delete_used BEFORE DELETE ON account
WHEN EXISTS (SELECT 1 FROM voucher_line WHERE account_id = OLD.id)
BEGIN SELECT RAISE(ABORT, 'sunbooks: an account with postings cannot be deleted'); END;

-- The book's own ed25519 key pair, which signs the files it exports.
CREATE TABLE signing_key (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	private_key BLOB NOT NULL,
	public_key  BLOB NOT NULL,
	created_at  TEXT NOT NULL
);

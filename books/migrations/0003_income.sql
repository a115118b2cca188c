-- Income: community service rooms, leases with base rent and turnover share,
-- bills and receipts, other income, quarterly deposits to the street special
-- account; and, in a street book, the imported period packages.
-- Money is INTEGER fen; area is INTEGER hundredths of a square metre.

CREATE TABLE room (
	id          INTEGER PRIMARY KEY,
	location    TEXT NOT NULL,
	compound_id INTEGER NOT NULL REFERENCES compound(id),
	area_centi  INTEGER NOT NULL CHECK (area_centi > 0),
	title       TEXT NOT NULL CHECK (title IN ('清晰', '有争议', '已确权')),
	recovery    TEXT NOT NULL CHECK (recovery IN ('待回收', '已回收')),
	room_use    TEXT NOT NULL CHECK (room_use IN ('出租', '便民服务', '空置')),
	tenant      TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	UNIQUE (compound_id, location)
);

CREATE TABLE lease (
	id             INTEGER PRIMARY KEY,
	number         INTEGER NOT NULL UNIQUE,
	tenant         TEXT NOT NULL,
	room_id        INTEGER NOT NULL REFERENCES room(id),
	start_date     TEXT NOT NULL,
	end_date       TEXT NOT NULL CHECK (end_date > start_date),
	cycle          TEXT NOT NULL CHECK (cycle IN ('monthly', 'quarterly')),
	-- share_rate is an exact decimal percentage as text ("5", "2.5").
	share_rate     TEXT NOT NULL DEFAULT '0',
	threshold_fen  INTEGER NOT NULL DEFAULT 0 CHECK (threshold_fen >= 0),
	income_code    TEXT NOT NULL,
	created_at     TEXT NOT NULL
);

-- The base rent schedule: from from_date on, each cycle's rent is amount_fen.
CREATE TABLE lease_rent (
	lease_id    INTEGER NOT NULL REFERENCES lease(id),
	from_date   TEXT NOT NULL,
	amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
	PRIMARY KEY (lease_id, from_date)
);

-- Turnover declared by the tenant for one lease year (1 = the first year).
CREATE TABLE lease_turnover (
	lease_id      INTEGER NOT NULL REFERENCES lease(id),
	lease_year    INTEGER NOT NULL CHECK (lease_year >= 1),
	turnover_fen  INTEGER NOT NULL CHECK (turnover_fen >= 0),
	declared_at   TEXT NOT NULL,
	declared_by   TEXT NOT NULL,
	PRIMARY KEY (lease_id, lease_year)
);

-- A bill is a receivable made by a voucher: the rent of one cycle (key
-- "2026-03", the month the cycle starts) or the share of one lease year
-- (key "Y1"). A draft voucher deleted takes its bill with it; a bill whose
-- voucher was reversed no longer counts and may be made again.
CREATE TABLE lease_bill (
	id           INTEGER PRIMARY KEY,
	lease_id     INTEGER NOT NULL REFERENCES lease(id),
	kind         TEXT NOT NULL CHECK (kind IN ('rent', 'share')),
	bill_key     TEXT NOT NULL,
	due_date     TEXT NOT NULL,
	amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
	voucher_id   INTEGER NOT NULL REFERENCES voucher(id) ON DELETE CASCADE,
	reversed_by  INTEGER REFERENCES voucher(id),
	created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX lease_bill_once ON lease_bill(lease_id, kind, bill_key) WHERE reversed_by IS NULL;

CREATE TABLE lease_receipt (
	id           INTEGER PRIMARY KEY,
	lease_id     INTEGER NOT NULL REFERENCES lease(id),
	date         TEXT NOT NULL,
	amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
	voucher_id   INTEGER NOT NULL REFERENCES voucher(id) ON DELETE CASCADE,
	reversed_by  INTEGER REFERENCES voucher(id),
	created_at   TEXT NOT NULL
);

-- Income categories (团购佣金, 共富工坊, 补助 …), each with its income account.
CREATE TABLE income_category (
	name          TEXT PRIMARY KEY,
	account_code  TEXT NOT NULL,
	created_at    TEXT NOT NULL
);

CREATE TABLE income_item (
	id           INTEGER PRIMARY KEY,
	date         TEXT NOT NULL,
	compound_id  INTEGER NOT NULL REFERENCES compound(id),
	category     TEXT NOT NULL REFERENCES income_category(name),
	payer        TEXT NOT NULL DEFAULT '',
	memo         TEXT NOT NULL DEFAULT '',
	amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
	voucher_id   INTEGER NOT NULL REFERENCES voucher(id) ON DELETE CASCADE,
	reversed_by  INTEGER REFERENCES voucher(id),
	created_at   TEXT NOT NULL
);

-- One deposit per compound and quarter ("2026Q1") to the street special account.
CREATE TABLE deposit (
	id           INTEGER PRIMARY KEY,
	quarter      TEXT NOT NULL,
	compound_id  INTEGER NOT NULL REFERENCES compound(id),
	amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
	voucher_id   INTEGER NOT NULL REFERENCES voucher(id) ON DELETE CASCADE,
	reversed_by  INTEGER REFERENCES voucher(id),
	created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX deposit_once ON deposit(quarter, compound_id) WHERE reversed_by IS NULL;

-- Street side: period packages imported from communities. One row per
-- community and period range; a newer package replaces the rows of an older.
CREATE TABLE consol_package (
	id              INTEGER PRIMARY KEY,
	community_code  TEXT NOT NULL,
	community       TEXT NOT NULL,
	street          TEXT NOT NULL,
	book_uuid       TEXT NOT NULL,
	period_from     INTEGER NOT NULL,
	period_to       INTEGER NOT NULL,
	chart           TEXT NOT NULL,
	chart_version   TEXT NOT NULL,
	serial          INTEGER NOT NULL,
	exported_at     TEXT NOT NULL,
	signer          TEXT NOT NULL,
	file_sha256     TEXT NOT NULL,
	manifest        TEXT NOT NULL,
	imported_at     TEXT NOT NULL,
	imported_by     TEXT NOT NULL,
	UNIQUE (community_code, period_from, period_to)
);

CREATE TABLE consol_account (
	package_id  INTEGER NOT NULL REFERENCES consol_package(id) ON DELETE CASCADE,
	code        TEXT NOT NULL,
	name        TEXT NOT NULL,
	class       TEXT NOT NULL,
	direction   TEXT NOT NULL,
	PRIMARY KEY (package_id, code)
);

-- Balances per account × compound: period 0 holds the opening balance
-- before the package's first month.
CREATE TABLE consol_balance (
	package_id    INTEGER NOT NULL REFERENCES consol_package(id) ON DELETE CASCADE,
	account_code  TEXT NOT NULL,
	compound      TEXT NOT NULL,
	period        INTEGER NOT NULL,
	debit_fen     INTEGER NOT NULL,
	credit_fen    INTEGER NOT NULL,
	PRIMARY KEY (package_id, account_code, compound, period)
);

CREATE TABLE consol_line (
	package_id    INTEGER NOT NULL REFERENCES consol_package(id) ON DELETE CASCADE,
	period        INTEGER NOT NULL,
	voucher_no    TEXT NOT NULL,
	date          TEXT NOT NULL,
	seq           INTEGER NOT NULL,
	memo          TEXT NOT NULL,
	account_code  TEXT NOT NULL,
	compound      TEXT NOT NULL,
	debit_fen     INTEGER NOT NULL,
	credit_fen    INTEGER NOT NULL
);
CREATE INDEX consol_line_package ON consol_line(package_id, period);

-- Application records as the community exported them, one JSON row each.
CREATE TABLE consol_record (
	package_id  INTEGER NOT NULL REFERENCES consol_package(id) ON DELETE CASCADE,
	tbl         TEXT NOT NULL,
	row         TEXT NOT NULL
);
CREATE INDEX consol_record_package ON consol_record(package_id, tbl);

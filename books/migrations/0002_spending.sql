-- Spending: trusted keys, level policies, deliberation procedures,
-- expenditure applications with their history, deliberation records,
-- attachments, decisions and payments; and, in a street book, the imported
-- approval requests. Money is INTEGER fen.

-- Keys of other books this book accepts signed files from: a community trusts
-- its street; a street trusts each of its communities (its registry).
CREATE TABLE trusted_key (
	id          INTEGER PRIMARY KEY,
	fingerprint TEXT NOT NULL UNIQUE,
	public_key  BLOB NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('community', 'street')),
	street      TEXT NOT NULL,
	community   TEXT NOT NULL DEFAULT '',
	code        TEXT NOT NULL DEFAULT '',
	book_uuid   TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX trusted_key_code ON trusted_key(kind, code) WHERE kind = 'community';

-- Matter-level thresholds, each from its effective date. A level is 小微 when
-- the amount is below minor_max (or equal, when minor_max_incl), 重大 when it
-- is above major_min (or equal, when major_min_incl), else 一般. Categories in
-- major_categories (JSON list) are 重大 by nature whatever the amount.
CREATE TABLE level_policy (
	id               INTEGER PRIMARY KEY,
	effective_from   TEXT NOT NULL,
	minor_max_fen    INTEGER NOT NULL CHECK (minor_max_fen > 0),
	minor_max_incl   INTEGER NOT NULL DEFAULT 0,
	major_min_fen    INTEGER NOT NULL CHECK (major_min_fen > 0),
	major_min_incl   INTEGER NOT NULL DEFAULT 1,
	major_categories TEXT NOT NULL DEFAULT '[]',
	source           TEXT NOT NULL DEFAULT '',
	created_at       TEXT NOT NULL,
	created_by       TEXT NOT NULL,
	CHECK (major_min_fen >= minor_max_fen)
);

-- Deliberation procedures, versioned; an application keeps the version it
-- started under. phase: review (recorded and passed before the 社区党组织
-- review passes), filing (after street approval, before payment), payment
-- (before payment), close (after payment, before 结项).
CREATE TABLE procedure_version (
	version     INTEGER PRIMARY KEY,
	note        TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	created_by  TEXT NOT NULL
);
CREATE TABLE procedure_step (
	version  INTEGER NOT NULL REFERENCES procedure_version(version),
	level    TEXT NOT NULL CHECK (level IN ('major', 'general', 'minor')),
	seq      INTEGER NOT NULL,
	name     TEXT NOT NULL,
	phase    TEXT NOT NULL CHECK (phase IN ('review', 'filing', 'payment', 'close')),
	vote     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (version, level, seq),
	UNIQUE (version, level, name)
);

CREATE TABLE application (
	id                INTEGER PRIMARY KEY,
	no                TEXT NOT NULL UNIQUE,
	year              INTEGER NOT NULL,
	seq               INTEGER NOT NULL,
	compound_id       INTEGER NOT NULL REFERENCES compound(id),
	title             TEXT NOT NULL,
	purpose           TEXT NOT NULL DEFAULT '',
	category          TEXT NOT NULL,
	amount_fen        INTEGER NOT NULL CHECK (amount_fen > 0),
	payee             TEXT NOT NULL,
	applicant_body    TEXT NOT NULL,
	applicant_person  TEXT NOT NULL,
	created_by        INTEGER NOT NULL REFERENCES user(id),
	date              TEXT NOT NULL,
	state             TEXT NOT NULL CHECK (state IN ('draft', 'party_review', 'street_review', 'approved',
	                      'partly_paid', 'paid', 'closed', 'returned', 'rejected', 'withdrawn')),
	level             TEXT NOT NULL CHECK (level IN ('major', 'general', 'minor')),
	computed_level    TEXT NOT NULL CHECK (computed_level IN ('major', 'general', 'minor')),
	level_reason      TEXT NOT NULL DEFAULT '',
	policy_id         INTEGER NOT NULL REFERENCES level_policy(id),
	procedure_version INTEGER NOT NULL REFERENCES procedure_version(version),
	version           INTEGER NOT NULL DEFAULT 1,
	split_warning     TEXT NOT NULL DEFAULT '',
	split_ack_by      TEXT NOT NULL DEFAULT '',
	split_ack_at      TEXT NOT NULL DEFAULT '',
	split_ack_note    TEXT NOT NULL DEFAULT '',
	reviewed_by       TEXT NOT NULL DEFAULT '',
	request_sha256    TEXT NOT NULL DEFAULT '',
	approved_fen      INTEGER NOT NULL DEFAULT 0,
	approval_no       TEXT NOT NULL DEFAULT '',
	paper             INTEGER NOT NULL DEFAULT 0,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL,
	UNIQUE (year, seq)
);
CREATE INDEX application_state ON application(state);
CREATE INDEX application_compound ON application(compound_id, payee);

-- Every transition: who, role, when, opinion.
CREATE TABLE application_event (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES application(id),
	version        INTEGER NOT NULL,
	at             TEXT NOT NULL,
	user_name      TEXT NOT NULL,
	role           TEXT NOT NULL,
	action         TEXT NOT NULL,
	from_state     TEXT NOT NULL,
	to_state       TEXT NOT NULL,
	opinion        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_event_app ON application_event(application_id, id);

CREATE TABLE deliberation (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES application(id),
	step           TEXT NOT NULL,
	date           TEXT NOT NULL,
	form           TEXT NOT NULL DEFAULT '',
	expected       INTEGER NOT NULL DEFAULT 0 CHECK (expected >= 0),
	present        INTEGER NOT NULL DEFAULT 0 CHECK (present >= 0),
	votes_for      INTEGER NOT NULL DEFAULT 0 CHECK (votes_for >= 0),
	votes_against  INTEGER NOT NULL DEFAULT 0 CHECK (votes_against >= 0),
	votes_abstain  INTEGER NOT NULL DEFAULT 0 CHECK (votes_abstain >= 0),
	voted          INTEGER NOT NULL DEFAULT 0,
	outcome        TEXT NOT NULL CHECK (outcome IN ('passed', 'failed')),
	note           TEXT NOT NULL DEFAULT '',
	recorded_by    TEXT NOT NULL,
	recorded_at    TEXT NOT NULL
);
CREATE INDEX deliberation_app ON deliberation(application_id, step);

-- Files kept inside the book: scanned minutes, quotes, paper approvals.
CREATE TABLE attachment (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER REFERENCES application(id),
	deliberation_id INTEGER REFERENCES deliberation(id),
	decision_id    INTEGER,
	name           TEXT NOT NULL,
	mime           TEXT NOT NULL,
	size           INTEGER NOT NULL,
	sha256         TEXT NOT NULL,
	data           BLOB NOT NULL,
	added_by       TEXT NOT NULL,
	added_at       TEXT NOT NULL
);
CREATE INDEX attachment_app ON attachment(application_id);

-- Street decisions recorded in the community book (imported files or paper).
CREATE TABLE decision (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES application(id),
	version        INTEGER NOT NULL,
	decision       TEXT NOT NULL CHECK (decision IN ('approve', 'return', 'reject')),
	opinion        TEXT NOT NULL DEFAULT '',
	approver       TEXT NOT NULL,
	decided_at     TEXT NOT NULL,
	approval_no    TEXT NOT NULL DEFAULT '',
	approved_fen   INTEGER NOT NULL DEFAULT 0,
	paper          INTEGER NOT NULL DEFAULT 0,
	nonce          TEXT NOT NULL UNIQUE,
	signer         TEXT NOT NULL DEFAULT '',
	file_sha256    TEXT NOT NULL DEFAULT '',
	imported_at    TEXT NOT NULL,
	imported_by    TEXT NOT NULL
);
CREATE INDEX decision_app ON decision(application_id);

CREATE TABLE payment (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES application(id),
	voucher_id     INTEGER NOT NULL UNIQUE REFERENCES voucher(id),
	amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
	created_at     TEXT NOT NULL
);
CREATE INDEX payment_app ON payment(application_id);

-- Street book: approval requests imported from communities, and the decision
-- the street made on each (the signed file written out is kept too).
CREATE TABLE street_request (
	id              INTEGER PRIMARY KEY,
	community_code  TEXT NOT NULL,
	community       TEXT NOT NULL,
	app_no          TEXT NOT NULL,
	version         INTEGER NOT NULL,
	signer          TEXT NOT NULL,
	file_sha256     TEXT NOT NULL UNIQUE,
	payload         BLOB NOT NULL,
	imported_at     TEXT NOT NULL,
	imported_by     TEXT NOT NULL,
	state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approve', 'return', 'reject', 'superseded')),
	decided_at      TEXT NOT NULL DEFAULT '',
	decided_by      TEXT NOT NULL DEFAULT '',
	opinion         TEXT NOT NULL DEFAULT '',
	approval_no     TEXT NOT NULL DEFAULT '',
	decision_file   BLOB,
	UNIQUE (community_code, app_no, version)
);

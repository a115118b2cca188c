-- Files imported into the book, by content hash, so the same file is never
-- imported twice.
CREATE TABLE import_file (
	sha256       TEXT PRIMARY KEY,
	file_name    TEXT NOT NULL,
	imported_at  TEXT NOT NULL,
	imported_by  INTEGER NOT NULL REFERENCES user(id),
	vouchers     INTEGER NOT NULL,
	lines        INTEGER NOT NULL,
	posted       INTEGER NOT NULL
);

-- The seal (seal.go): the fingerprint of every row of the sealed tables, as
-- the operation log's seal entries last recorded it, and the changes a
-- transaction made to them, recorded by triggers the program keeps in step
-- with the tables' columns. The log is the seal; this table is its index,
-- which lets a guard check one row without reading the whole log.
CREATE TABLE seal (
	tbl     TEXT NOT NULL,
	key     TEXT NOT NULL,
	hash    TEXT NOT NULL,
	log_id  INTEGER NOT NULL,
	-- the row's scope (its application, its lease …) as SQLite quotes it,
	-- for guards that check a scope's rows at once; NULL for none.
	scope   TEXT,
	PRIMARY KEY (tbl, key)
) WITHOUT ROWID;
CREATE INDEX seal_scope ON seal(tbl, scope);

-- Rows of sealed tables changed since the last seal: the row's key, its
-- rowid now (NULL once deleted) and its content before (NULL when new).
-- A transaction of the program seals its own changes and removes them
-- before it commits; what stays was changed behind the program's back.
CREATE TABLE seal_dirty (
	id   INTEGER PRIMARY KEY,
	tbl  TEXT NOT NULL,
	key  TEXT NOT NULL,
	rid  INTEGER,
	old  TEXT
);

-- The statutory statements a period package carries (package version 2):
-- one row per month, form and compound ('' for the whole community), the
-- statement as the community made it (books.Statement as JSON).
CREATE TABLE consol_statement (
	package_id  INTEGER NOT NULL REFERENCES consol_package(id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	period      INTEGER NOT NULL,
	compound    TEXT NOT NULL,
	data        TEXT NOT NULL,
	PRIMARY KEY (package_id, kind, period, compound)
);
CREATE INDEX consol_statement_month ON consol_statement(kind, period, compound);

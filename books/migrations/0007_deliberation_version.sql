-- A deliberation record counts for the version of the application it was
-- recorded under: after 退回 and resubmission (perhaps for another amount or
-- payee), the steps before the 社区党组织 review are deliberated again.
ALTER TABLE deliberation ADD COLUMN app_version INTEGER NOT NULL DEFAULT 1;

// Package books is the ledger core and its store: book, sessions, accounts, vouchers, periods, reports, log, verify, signatures, spending and income, kept in one SQLite file.
package books

// Package books is the community book: accounts, vouchers, periods, spending, income and exchange files, kept in one SQLite file.
package books

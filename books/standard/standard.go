// Package standard names the subdomains the product opens every book with.
// The app, the CLI, the demo and the test books all pass Modules to
// books.Open, Create, OpenReadOnly and Restore, so a book is never written
// or verified without income's and spending's checks; a program that forgets
// them is refused by the core.
package standard

import (
	"sunbooks/books"
	"sunbooks/books/income"
	"sunbooks/books/spending"
)

// Modules returns the subdomains' modules in the order their checks run
// after the core's.
func Modules() []books.Module {
	return []books.Module{income.Module(), spending.Module()}
}

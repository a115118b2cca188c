package main

import (
	"os"
	"strings"
	"testing"

	"sunbooks/books"
)

func TestSignedFileOutputNeverReplacesABook(t *testing.T) {
	book := auditBookFile(t)
	before, err := os.ReadFile(book)
	if err != nil {
		t.Fatal(err)
	}
	err = writeNewFile(book, []byte("{}\n"))
	if books.ErrorCode(err) != books.Invalid || !strings.Contains(books.ErrorMessage(err), "账簿") {
		t.Errorf("writing a signed file over the book: %v, want a refusal naming the book", err)
	}
	if after, _ := os.ReadFile(book); string(after) != string(before) {
		t.Errorf("the book was replaced")
	}
}

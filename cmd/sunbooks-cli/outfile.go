package main

import (
	"bytes"
	"io"
	"os"
	"strings"

	"sunbooks/books"
)

// checkOut refuses an output file that is a book, a backup or a book's
// journal: a report written with -out over the book would destroy it.
func checkOut(out string) error {
	if out == "" {
		return nil
	}
	if strings.HasSuffix(out, "-shm") {
		if _, err := os.Stat(strings.TrimSuffix(out, "-shm")); err == nil {
			return books.Errorf(books.Invalid, tr("输出文件 %s 是账簿的共享内存文件，不会覆盖它；请另选输出文件名"), out)
		}
	}
	f, err := os.Open(out)
	if err != nil {
		return nil // a new file; a path that cannot be written is refused by the write
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return books.Errorf(books.Invalid, tr("输出文件 %s 是一本账簿（或其备份、其他数据库），不会覆盖它；请另选输出文件名"), out)
	case bytes.HasPrefix(head, []byte{0x37, 0x7f, 0x06, 0x82}), bytes.HasPrefix(head, []byte{0x37, 0x7f, 0x06, 0x83}):
		return books.Errorf(books.Invalid, tr("输出文件 %s 是账簿的预写日志，不会覆盖它；请另选输出文件名"), out)
	}
	return nil
}

// outName names where a report goes, for messages.
func outName(out string) string {
	if out == "" {
		return tr("标准输出")
	}
	return out
}

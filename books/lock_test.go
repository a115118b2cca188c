package books

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHelperHoldBook is not a test: run as a subprocess by
// TestStaleLockRecoversWhenTheHolderDies, it opens a book and waits to be
// killed.
func TestHelperHoldBook(t *testing.T) {
	path := os.Getenv("SUNBOOKS_HOLD_BOOK")
	if path == "" {
		t.Skip("only run as a subprocess")
	}
	b, err := Open(path, standIn)
	if err != nil {
		os.Stdout.WriteString("open failed: " + err.Error() + "\n")
		os.Exit(3)
	}
	_ = b
	os.Stdout.WriteString("holding\n")
	time.Sleep(time.Minute)
}

func TestStaleLockRecoversWhenTheHolderDies(t *testing.T) {
	path := filepath.Join(t.TempDir(), "held.sunbooks")
	b, err := Create(path, CreateOptions{Street: "城关街道", Community: "阳光社区", Code: "001", UserName: "张会计", Password: "secret1"}, standIn)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldBook$")
	cmd.Env = append(os.Environ(), "SUNBOOKS_HOLD_BOOK="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, _ := out.Read(buf)
	if !strings.Contains(string(buf[:n]), "holding") {
		cmd.Process.Kill()
		t.Fatalf("the holder did not open the book: %q", buf[:n])
	}
	if _, err := Open(path, standIn); ErrorCode(err) != Locked || !strings.Contains(ErrorMessage(err), "另一个程序") {
		t.Errorf("Open while another process holds the book = %v, want Locked", err)
	}
	// The holder dies without closing anything (a crash, a power cut of the
	// program): the operating system drops its lock.
	cmd.Process.Kill()
	cmd.Wait()
	b, err = Open(path, standIn)
	if err != nil {
		t.Fatalf("Open after the holder died = %v, want the stale lock recovered", err)
	}
	defer b.Close()
	if p, err := b.Verify(t.Context()); err != nil || len(p) != 0 {
		t.Errorf("book after the holder died: %v %v", p, err)
	}
}

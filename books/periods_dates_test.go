package books_test

import (
	"strings"
	"testing"

	"sunbooks/books"
)

// A malformed date or month says what is wrong with it: the month, the day
// or the way it is written.
func TestDateAndMonthMessagesSayWhatIsWrong(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		month    bool
	}{
		{in: "2026-13-01", want: "没有 13 月"},
		{in: "2026-00-10", want: "没有 0 月"},
		{in: "2026-02-30", want: "2026年2月只有 28 天"},
		{in: "2028-02-30", want: "2028年2月只有 29 天"},
		{in: "2026-04-31", want: "2026年4月只有 30 天"},
		{in: "2026/03/01", want: "格式不对，应写成 2026-03-15 这样"},
		{in: "26-3-1", want: "格式不对"},
		{in: "2026-13", want: "没有 13 月", month: true},
		{in: "2026-3", want: "格式不对，应写成 2026-03 这样", month: true},
	} {
		var err error
		if tc.month {
			_, err = books.ParsePeriod(tc.in)
		} else {
			_, err = books.ParseDate(tc.in)
		}
		if err == nil || !strings.Contains(books.ErrorMessage(err), tc.want) {
			t.Errorf("%q: %v; want a message with %q", tc.in, err, tc.want)
		}
	}
	if _, err := books.ParseDate("2028-02-29"); err != nil {
		t.Errorf("2028-02-29 refused: %v", err)
	}
}

package books

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is a month, written yyyymm (202603 is March 2026).
type Period int

// ParsePeriod reads "YYYY-MM".
func ParsePeriod(s string) (Period, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		var y, m int
		if n, _ := fmt.Sscanf(strings.TrimSpace(s), "%4d-%2d", &y, &m); n == 2 && len(strings.TrimSpace(s)) == 7 && (m < 1 || m > 12) {
			return 0, Errorf(Invalid, "月份“%s”不对：没有 %d 月，月份只能是 01 到 12", s, m)
		}
		return 0, Errorf(Invalid, "月份“%s”格式不对，应写成 2026-03 这样", s)
	}
	return Period(t.Year()*100 + int(t.Month())), nil
}

// PeriodOf returns the period of a date "YYYY-MM-DD".
func PeriodOf(date string) (Period, error) {
	t, err := ParseDate(date)
	if err != nil {
		return 0, err
	}
	return Period(t.Year()*100 + int(t.Month())), nil
}

// ParseDate reads "YYYY-MM-DD".
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		// Say what is wrong when the shape is right: the month or the day.
		var y, m, d int
		if n, _ := fmt.Sscanf(strings.TrimSpace(s), "%4d-%2d-%2d", &y, &m, &d); n == 3 && len(strings.TrimSpace(s)) == 10 {
			switch days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day(); {
			case m < 1 || m > 12:
				return t, Errorf(Invalid, "日期“%s”不对：没有 %d 月，月份只能是 01 到 12", s, m)
			case d < 1 || d > days:
				return t, Errorf(Invalid, "日期“%s”不对：%d年%d月只有 %d 天", s, y, m, days)
			}
		}
		return t, Errorf(Invalid, "日期“%s”格式不对，应写成 2026-03-15 这样", s)
	}
	return t, nil
}

// Year returns the period's year.
func (p Period) Year() int { return int(p) / 100 }

// Month returns the period's month, 1 to 12.
func (p Period) Month() int { return int(p) % 100 }

// String writes "YYYY-MM".
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year(), p.Month()) }

// Chinese writes "2026年3月".
func (p Period) Chinese() string {
	return strconv.Itoa(p.Year()) + "年" + strconv.Itoa(p.Month()) + "月"
}

// Next returns the following month.
func (p Period) Next() Period {
	if p.Month() == 12 {
		return Period((p.Year()+1)*100 + 1)
	}
	return p + 1
}

// Prev returns the month before.
func (p Period) Prev() Period {
	if p.Month() == 1 {
		return Period((p.Year()-1)*100 + 12)
	}
	return p - 1
}

// First returns the first day, "YYYY-MM-01".
func (p Period) First() string { return fmt.Sprintf("%04d-%02d-01", p.Year(), p.Month()) }

// Last returns the last day of the month.
func (p Period) Last() string {
	t := time.Date(p.Year(), time.Month(p.Month())+1, 0, 0, 0, 0, 0, time.UTC)
	return t.Format("2006-01-02")
}

// Valid reports whether p is a real month.
func (p Period) Valid() bool {
	return p.Month() >= 1 && p.Month() <= 12 && p.Year() >= 1900 && p.Year() <= 9999
}

// today is the book's date, "YYYY-MM-DD".
func (b *Book) today() string { return b.now().Format("2006-01-02") }

// refuseFuture refuses a date after today: what happened is recorded on the
// day it happened, never ahead of it.
func (b *Book) refuseFuture(date, what string) error {
	if today := b.today(); strings.TrimSpace(date) > today {
		return Errorf(Invalid, "%s的日期 %s 在今天（%s）之后；只能登记已经发生的事，日期不能晚于今天", what, date, today)
	}
	return nil
}

package books

import "testing"

func TestSpendableIsMonetaryBalanceOfTheCompound(t *testing.T) {
	tb := newTestBook(t)
	acc := tb.accountant
	if _, err := acc.AddAccount("1002", "100201", "工商银行"); err != nil {
		t.Fatal(err)
	}
	tb.post("2026-01-05", line("租金收入", "100201", "阳光小区", "1000.00", ""), line("租金收入", "4901", "阳光小区", "", "1000.00"))
	tb.post("2026-01-06", line("备用金", "1001", "阳光小区", "200.00", ""), line("备用金", "100201", "阳光小区", "", "200.00"))
	tb.post("2026-02-03", line("保洁费", "5101", "阳光小区", "150.00", ""), line("保洁费", "1001", "阳光小区", "", "150.00"))
	tb.post("2026-02-04", line("公共收益", "1001", "和平小区", "90.00", ""), line("公共收益", "4901", "和平小区", "", "90.00"))
	sun, _ := tb.CompoundByName("阳光小区")
	peace, _ := tb.CompoundByName("和平小区")
	cases := []struct {
		name     string
		compound int64
		through  Period
		want     string
	}{
		{"january only: transfer between monetary accounts changes nothing", sun.ID, 202601, "1000.00"},
		{"february spending counts", sun.ID, 202602, "850.00"},
		{"through 0 means all months", sun.ID, 0, "850.00"},
		{"another compound's money is its own", peace.ID, 202602, "90.00"},
		{"before any posting", sun.ID, 202512, "0.00"},
	}
	for _, c := range cases {
		got, err := tb.Spendable(c.compound, c.through)
		if err != nil {
			t.Fatal(err)
		}
		if PlainYuan(got) != c.want {
			t.Errorf("%s: Spendable = %s, want %s", c.name, PlainYuan(got), c.want)
		}
	}
}

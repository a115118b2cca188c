package books

import "testing"

func TestSetSettingPhonesAreLoggedAndChecked(t *testing.T) {
	tb := newTestBook(t)
	if err := tb.accountant.SetSetting(SettingPhoneCommunity, "0539-1234567"); err != nil {
		t.Fatal(err)
	}
	if err := tb.accountant.SetSetting(SettingPhoneStreet, "0539-7654321"); err != nil {
		t.Fatal(err)
	}
	if got := tb.Setting(SettingPhoneCommunity, ""); got != "0539-1234567" {
		t.Errorf("community phone = %q", got)
	}
	var logged int
	tb.DB().QueryRow(`SELECT count(*) FROM oplog WHERE action = 'setting.set'`).Scan(&logged)
	if logged != 2 {
		t.Errorf("logged %d setting changes, want 2", logged)
	}
	if err := tb.cashier.SetSetting(SettingPhoneStreet, "1"); ErrorCode(err) != Forbidden {
		t.Errorf("cashier sets a setting: err = %v, want Forbidden", err)
	}
	if err := tb.accountant.SetSetting("chart.carry", "5101"); ErrorCode(err) != Invalid {
		t.Errorf("internal setting: err = %v, want Invalid", err)
	}
	if err := tb.accountant.SetSetting(SettingNoticeDays, "abc"); ErrorCode(err) != Invalid {
		t.Errorf("bad days: err = %v, want Invalid", err)
	}
}

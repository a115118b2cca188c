package books

import (
	"database/sql"
	"sort"
	"strconv"
	"strings"
)

// Setting keys a person may change: the monthly notice reads them.
const (
	SettingPhoneCommunity = "phone.community" // 社区监督电话
	SettingPhoneStreet    = "phone.street"    // 街道监督电话
	SettingNoticeDays     = "notice.days"     // 公示天数, default DefaultNoticeDays
	// SettingMigrationConfirm is "on" (the default) when a migration
	// (import -post) needs a second user's confirmation, "off" when not.
	SettingMigrationConfirm = "migration.confirm"
)

// DefaultNoticeDays is how long a notice hangs when the book sets nothing:
// seven calendar days, the shortest 公示期 local rules commonly ask for.
const DefaultNoticeDays = 7

// settingKeys are the settings a person may change with SetSetting.
var settingKeys = map[string]string{
	SettingPhoneCommunity:   "社区监督电话",
	SettingPhoneStreet:      "街道监督电话",
	SettingNoticeDays:       "公示天数",
	SettingMigrationConfirm: "迁移须他人确认",
}

// SettingKeys lists the keys SetSetting accepts, sorted.
func SettingKeys() []string {
	keys := make([]string, 0, len(settingKeys))
	for k := range settingKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// SetSetting changes a book setting a person may edit (the supervision
// phones, the 公示 length); an empty value removes it. Logged.
func (s *Session) SetSetting(key, value string) error {
	if err := s.require("修改账簿设置", RoleAccountant); err != nil {
		return err
	}
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	name, ok := settingKeys[key]
	if !ok {
		return Errorf(Invalid, "没有可修改的设置“%s”（可选：%s）", key, strings.Join(SettingKeys(), "、"))
	}
	if key == SettingMigrationConfirm && value != "" && value != "on" && value != "off" {
		return Errorf(Invalid, "%s只能是 on（须确认）或 off（不须确认），而不是“%s”", name, value)
	}
	if key == SettingNoticeDays && value != "" {
		if d, err := strconv.Atoi(value); err != nil || d < 1 || d > 366 {
			return Errorf(Invalid, "%s应为 1 到 366 之间的整数，而不是“%s”", name, value)
		}
	}
	if len([]rune(value)) > 100 {
		return Errorf(Invalid, "%s太长（最多 100 个字）", name)
	}
	return s.b.write(func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRow(`SELECT value FROM setting WHERE key = ?`, key).Scan(&old)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if value == "" {
			_, err = tx.Exec(`DELETE FROM setting WHERE key = ?`, key)
		} else {
			_, err = tx.Exec(`INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		}
		if err != nil {
			return err
		}
		return appendLog(tx, s.b.stamp(), s.user, "setting.set", "setting", key, map[string]string{"value": old}, map[string]string{"value": value})
	})
}

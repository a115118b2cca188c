package main

import (
	_ "embed"
	"encoding/json"

	"sunbooks/books"
	"sunbooks/ui/langpref"
)

// The CLI speaks the language picked in the desktop app's 设置 on this PC
// (Chinese unless English was), or the one SUNBOOKS_LANG names (zh, en) for
// a script that wants one whatever the PC's choice. Its messages are written
// in Chinese in the code; en.json gives each its English, keyed by the
// Chinese. What the books say (a refusal, an account's name, a compound's)
// stays as the books say it, as in the app.

//go:embed en.json
var enJSON []byte

// english is en.json: the English of each message, keyed by its Chinese.
var english = func() map[string]string {
	m := map[string]string{}
	if err := json.Unmarshal(enJSON, &m); err != nil {
		panic("cmd/sunbooks-cli/en.json: " + err.Error())
	}
	return m
}()

// speaking is the language of the command being run (set by runContext;
// commands run one at a time).
var speaking = langpref.Chinese

// chooseLanguage sets the language of this run from env.
func chooseLanguage(env func(string) string) {
	if v := env("SUNBOOKS_LANG"); v != "" {
		speaking = langpref.Normalize(v)
		return
	}
	speaking = langpref.Saved(env)
}

// tr is msg, written in Chinese, in the language of this run: its English
// from en.json when English was chosen (the Chinese itself when en.json has
// none, which a test does not let pass).
func tr(msg string) string {
	if speaking == langpref.English {
		if e, ok := english[msg]; ok {
			return e
		}
	}
	return msg
}

// monthName is a month as the run's language writes it: 2026年3月, or
// 2026-03.
func monthName(p books.Period) string {
	if speaking == langpref.English {
		return p.String()
	}
	return p.Chinese()
}

// Package lifecycle is the state machine of an issued certificate: which
// action (alter, extend, suspend, resume, revoke, cancel, annul, pledge,
// release, inspect) is allowed in which state, the state it leads to, and the
// bilingual reason of a refusal. States are the national status codes (01
// 有效, 02 暂扣, 03 撤销, 04 注销, 05 失效, 07 吊销, 99 其他); a pledge (质押) is
// a mark on a certificate, not a status of its own.
package lifecycle

import "ezz/internal/text"

// Status codes of the national code table.
const (
	Valid     = "01" // 有效
	Suspended = "02" // 暂扣 (挂起)
	Annulled  = "03" // 撤销 (废止): the issuance itself is void
	Cancelled = "04" // 注销: ended at the holder's request or by law
	Lapsed    = "05" // 失效: expired or otherwise no longer in force
	Revoked   = "07" // 吊销: withdrawn as a penalty
	Other     = "99" // 其他 (with a description)
)

// Codes lists the status codes in table order.
var Codes = []string{Valid, Suspended, Annulled, Cancelled, Lapsed, Revoked, Other}

var names = map[string]text.T{
	Valid:     text.New("有效", "valid"),
	Suspended: text.New("暂扣", "suspended"),
	Annulled:  text.New("撤销", "annulled"),
	Cancelled: text.New("注销", "cancelled"),
	Lapsed:    text.New("失效", "lapsed"),
	Revoked:   text.New("吊销", "revoked"),
	Other:     text.New("其他", "other"),
}

// Name is the status code's name in both languages; an unknown code is named
// as such.
func Name(code string) text.T {
	if n, ok := names[code]; ok {
		return n
	}
	return text.F("未知状态 %s", "unknown status %s", code)
}

// Known reports whether code is in the national code table.
func Known(code string) bool {
	_, ok := names[code]
	return ok
}

// Terminal reports whether nothing but an annulment may follow the status.
func Terminal(code string) bool {
	return code == Annulled || code == Cancelled || code == Revoked
}

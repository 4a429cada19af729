package lifecycle

import (
	"fmt"

	"ezz/internal/text"
)

// Action is what a clerk does to a certificate.
type Action string

// The actions, in table order.
const (
	Alter       Action = "alter"        // 变更: a new version with changed data
	Extend      Action = "extend"       // 延续: a new version with a later validity end
	Suspend     Action = "suspend"      // 暂扣 / 挂起
	Resume      Action = "resume"       // 恢复
	Revoke      Action = "revoke"       // 吊销
	Cancel      Action = "cancel"       // 注销
	Annul       Action = "annul"        // 撤销 / 废止
	Pledge      Action = "pledge"       // 质押
	Release     Action = "release"      // 解除质押
	InspectPass Action = "inspect-pass" // 年检合格: recorded, no change
	InspectFail Action = "inspect-fail" // 年检不合格: suspended
)

// Actions lists every action in table order.
var Actions = []Action{Alter, Extend, Suspend, Resume, Revoke, Cancel, Annul, Pledge, Release, InspectPass, InspectFail}

var actionNames = map[Action]text.T{
	Alter:       text.New("变更", "alter"),
	Extend:      text.New("延续", "extend"),
	Suspend:     text.New("暂扣", "suspend"),
	Resume:      text.New("恢复", "resume"),
	Revoke:      text.New("吊销", "revoke"),
	Cancel:      text.New("注销", "cancel"),
	Annul:       text.New("撤销", "annul"),
	Pledge:      text.New("质押", "pledge"),
	Release:     text.New("解除质押", "release"),
	InspectPass: text.New("年检合格", "inspection passed"),
	InspectFail: text.New("年检不合格", "inspection failed"),
}

// Name is the action's name in both languages.
func (a Action) Name() text.T { return actionNames[a] }

// NewVersion reports whether the action issues a new version of the
// certificate (a re-signed record and PDF) rather than changing its status.
func (a Action) NewVersion() bool { return a == Alter || a == Extend }

// aliases are the spellings a workbook may use for an action, Chinese included.
var aliases = map[string]Action{
	"变更": Alter, "延续": Extend, "暂扣": Suspend, "挂起": Suspend, "恢复": Resume,
	"吊销": Revoke, "注销": Cancel, "撤销": Annul, "废止": Annul, "质押": Pledge, "解除质押": Release,
	"年检合格": InspectPass, "年检不合格": InspectFail,
}

// ParseAction reads an action by its English or Chinese name.
func ParseAction(s string) (Action, error) {
	for _, a := range Actions {
		if string(a) == s {
			return a, nil
		}
	}
	if a, ok := aliases[s]; ok {
		return a, nil
	}
	return "", text.Badf("未知的操作 %q", "unknown action %q", s).
		WithHint("可用：%s", "use one of: %s", actionList("zh"), actionList("en"))
}

func actionList(lang string) string {
	s := ""
	for i, a := range Actions {
		if i > 0 {
			s += ", "
		}
		if lang == "zh" {
			s += fmt.Sprintf("%s（%s）", a.Name().Zh, a)
		} else {
			s += string(a)
		}
	}
	return s
}

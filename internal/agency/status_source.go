package agency

import (
	"time"

	"ezz/internal/input"
	"ezz/internal/push"
	"ezz/internal/text"
	"ezz/internal/verify"
)

// StatusFrom names a status source other than the workspace's ledger: a
// repository asked online (ezz verify --online) or a signed status list
// (ezz verify --status-list). The zero value keeps the ledger.
type StatusFrom struct {
	Online  string        // the repository's base URL
	Timeout time.Duration // of the online look-up (default 10 s)
	List    string        // a signed status list file
}

// apply sets the status source of o.
func (s StatusFrom) apply(o *verify.Options) error {
	switch {
	case s.Online != "":
		o.Status = push.OnlineStatus{BaseURL: s.Online, Timeout: s.Timeout}
	case s.List != "":
		data, err := input.Pipe(push.MaxStatusList).Read(s.List)
		if err != nil {
			return text.Wrap(err, "读取状态列表", "read the status list")
		}
		if o.Trust == nil {
			return text.Errorf("--status-list 需要受信任的签发机构（--trust 或工作区）", "--status-list needs trusted issuers (--trust or a workspace)")
		}
		l, err := push.OpenStatusList(data, o.Trust.Lookup)
		if err != nil {
			return text.Wrap(err, "状态列表 %s", "status list %s", s.List).WithClass(text.Bad)
		}
		unbound, err := l.Bind(o.Trust)
		if err != nil {
			return text.Wrap(err, "状态列表 %s", "status list %s", s.List).WithClass(text.Bad).WithHint(text.HintOf(err).Zh, text.HintOf(err).En)
		}
		o.Status = push.ListStatus{List: l, Name: s.List, At: o.At, Unbound: unbound}
	}
	return nil
}

package workspace

import (
	"errors"
	"fmt"
	"strings"

	"ezz/internal/dataitem"
	"ezz/internal/text"
)

// notWorkspace is dir without a config.yaml (its cause is ErrNotWorkspace).
func notWorkspace(dir string) error {
	e := &text.Error{Err: ErrNotWorkspace, Msg: text.F("%[1]s 不是 ezz 工作区", "%s: %v", dir, ErrNotWorkspace)}
	return e.WithHint("运行 ezz init 在该处创建工作区，或用 --home（或环境变量 EZZ_HOME）指向已有的工作区",
		"run ezz init to create a workspace there, or point --home (or EZZ_HOME) at an existing one")
}

// exists is dir that already is a workspace (its cause is ErrExists).
func exists(dir string) error {
	e := &text.Error{Err: ErrExists, Msg: text.F("%[1]s 已经是 ezz 工作区", "%s: %v", dir, ErrExists)}
	return e.WithHint("用 --home 另选一个目录，或直接使用这个工作区",
		"choose another directory with --home, or use the workspace as it is")
}

// ConfigError is an invalid setting: the field (as named in config.yaml) and
// why. Validate returns it as the cause of a bilingual error.
type ConfigError struct {
	Field string
	Err   error
}

func (e *ConfigError) Error() string { return fmt.Sprintf("%s: %v", e.Field, e.Err) }
func (e *ConfigError) Unwrap() error { return e.Err }

// configError is the setting field wrong for reason (whose English is why's text).
func configError(field string, why error, reason text.T) error {
	label := configLabels[field]
	if label == "" {
		_, last, _ := strings.Cut(field, ".")
		label = cmpOr(configLabels[last], "配置项")
	}
	e := &text.Error{Err: &ConfigError{Field: field, Err: why},
		Msg: text.F("%[1]s（%[2]s）有误：%[3]s", "%[2]s: %[3]s", label, field, reason)}
	return e.WithHint(configHint(field).Zh, configHint(field).En)
}

// usccReason is the reason a credit code is refused: the code and the
// data-item standard's message in each language.
func usccReason(code string, err error) text.T {
	var de *dataitem.Error
	if errors.As(err, &de) {
		return text.F("%q：%s", "%q: %s", code, de.Message)
	}
	return text.F("%q：%v", "%q: %v", code, err)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// configLabels name the settings of config.yaml in Chinese.
var configLabels = map[string]string{
	"agency.name":    "签发单位名称",
	"agency.code":    "签发单位统一社会信用代码",
	"station":        "工作站代码",
	"review_rule":    "复核期限规则",
	"repository_url": "电子证照库地址",
	"qr_url_prefix":  "二维码网址前缀",
	"name":           "发证机关名称",
	"code":           "发证机关统一社会信用代码",
	"aliases":        "发证机关别名",
}

// configHint says how to fix the setting field.
func configHint(field string) text.T {
	switch {
	case strings.HasSuffix(field, "code"):
		return text.New("请填写营业执照上的 18 位统一社会信用代码",
			"use the 18-character unified social credit code (统一社会信用代码) as printed on the business licence")
	case field == "station":
		return text.New("工作站代码为 2 至 6 位大写字母或数字、以字母结尾，本单位每个工作站各不相同，如 HQ 或 S01A",
			"a station code is 2 to 6 capital letters or digits ending in a letter, different for every workstation of the agency, e.g. HQ or S01A")
	case strings.HasSuffix(field, "url") || strings.HasSuffix(field, "prefix"):
		return text.New("请填写完整的 http:// 或 https:// 地址，或留空", "give a full http:// or https:// address, or leave it empty")
	}
	return text.New("修改工作区中的 config.yaml，或在新目录中重新运行 ezz init",
		"edit config.yaml in the workspace, or run ezz init again in a new directory")
}

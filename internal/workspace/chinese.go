package workspace

import (
	"errors"
	"fmt"
	"strings"

	"ezz/internal/dataitem"
	"ezz/internal/ident"
)

// Chinese is the error in Chinese, for clerks who read ezz in Chinese.
func (e *homeError) Chinese() string {
	if errors.Is(e.err, ErrExists) {
		return fmt.Sprintf("%s 已经是 ezz 工作区", e.dir)
	}
	return fmt.Sprintf("%s 不是 ezz 工作区", e.dir)
}

// ChineseHint is Hint in Chinese.
func (e *homeError) ChineseHint() string {
	if errors.Is(e.err, ErrExists) {
		return "用 --home 另选一个目录，或直接使用这个工作区"
	}
	return "运行 ezz init 在该处创建工作区，或用 --home（或环境变量 EZZ_HOME）指向已有的工作区"
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

// Chinese is the error in Chinese: the setting and why it is wrong.
func (e *ConfigError) Chinese() string {
	label := configLabels[e.Field]
	if label == "" {
		_, last, _ := strings.Cut(e.Field, ".")
		label = configLabels[last]
	}
	if label == "" {
		label = "配置项"
	}
	return fmt.Sprintf("%s（%s）有误：%s", label, e.Field, e.reasonZh())
}

func (e *ConfigError) reasonZh() string {
	var de *dataitem.Error
	switch {
	case errors.As(e.Err, &de) && de.Message != "":
		s := strings.Replace(e.Err.Error(), ": "+de.Error(), "："+de.Message, 1)
		return strings.Replace(s, de.Error(), de.Message, 1)
	case strings.HasSuffix(e.Err.Error(), "name is empty"):
		return "不能为空"
	case strings.Contains(e.Err.Error(), "is not an http or https address"):
		return "不是 http 或 https 网址：" + e.Err.Error()
	case errors.Is(e.Err, ident.ErrStation):
		value, _, _ := strings.Cut(strings.TrimPrefix(e.Err.Error(), "station "), ":")
		return value + " 不是 2 至 6 位、以字母结尾的大写字母或数字"
	}
	return e.Err.Error()
}

// ChineseHint is Hint in Chinese.
func (e *ConfigError) ChineseHint() string {
	switch {
	case strings.HasSuffix(e.Field, "code"):
		return "请填写营业执照上的 18 位统一社会信用代码"
	case e.Field == "station":
		return "工作站代码为 2 至 6 位大写字母或数字、以字母结尾，本单位每个工作站各不相同，如 HQ 或 S01A"
	case strings.HasSuffix(e.Field, "url") || strings.HasSuffix(e.Field, "prefix"):
		return "请填写完整的 http:// 或 https:// 地址，或留空"
	}
	return "修改工作区中的 config.yaml，或在新目录中重新运行 ezz init"
}

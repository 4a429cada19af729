package workspace

import (
	"errors"
	"strings"
	"testing"
	"unicode"

	"ezz/internal/text"
)

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

func TestChinese(t *testing.T) {
	good := Config{Agency: Agency{Name: "测试局", Code: "91350100M000100Y43"}, Station: "HQ"}
	bad := func(f func(c *Config)) error {
		c := good
		f(&c)
		return c.Validate()
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"not a workspace", notWorkspace("/x"), "/x 不是 ezz 工作区"},
		{"exists", exists("/x"), "/x 已经是 ezz 工作区"},
		{"agency name", bad(func(c *Config) { c.Agency.Name = " " }), "签发单位名称（agency.name）有误：不能为空"},
		{"agency code", bad(func(c *Config) { c.Agency.Code = "123" }), `"123"：统一社会信用代码应为 18 位`},
		{"station", bad(func(c *Config) { c.Station = "H1" }), `工作站代码（station）有误："H1" 不是`},
		{"url", bad(func(c *Config) { c.RepositoryURL = "ftp://x" }), "电子证照库地址（repository_url）有误：不是 http 或 https 网址"},
		{"office", bad(func(c *Config) { c.Offices = []Office{{Name: "", Code: ""}} }), "发证机关名称（offices[0].name）有误"},
		{"review rule", bad(func(c *Config) { c.ReviewRule = "x" }), `复核期限规则（review_rule）有误："x"：请使用 henan`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, h := text.Of(tt.err), text.HintOf(tt.err)
			if !hasHan(m.Zh) || !strings.Contains(m.Zh, tt.want) || strings.Contains(m.Zh+m.En, "%!") {
				t.Errorf("Chinese %q, want Chinese text containing %q", m.Zh, tt.want)
			}
			if m.En != tt.err.Error() || hasHan(m.En) && tt.name != "agency name" {
				t.Errorf("English %q, want the error's text %q", m.En, tt.err.Error())
			}
			if !hasHan(h.Zh) || h.En == "" {
				t.Errorf("hint %+v, want both languages", h)
			}
		})
	}
	if err := exists("/x"); !errors.Is(err, ErrExists) {
		t.Errorf("%v: want ErrExists as its cause", err)
	}
}

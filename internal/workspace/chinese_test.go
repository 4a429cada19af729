package workspace

import (
	"errors"
	"strings"
	"testing"
	"unicode"
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
		{"not a workspace", &homeError{dir: "/x", err: ErrNotWorkspace}, "/x 不是 ezz 工作区"},
		{"exists", &homeError{dir: "/x", err: ErrExists}, "/x 已经是 ezz 工作区"},
		{"agency name", bad(func(c *Config) { c.Agency.Name = " " }), "签发单位名称（agency.name）有误：不能为空"},
		{"agency code", bad(func(c *Config) { c.Agency.Code = "123" }), `"123"：统一社会信用代码应为 18 位`},
		{"station", bad(func(c *Config) { c.Station = "H1" }), `工作站代码（station）有误："H1" 不是`},
		{"url", bad(func(c *Config) { c.RepositoryURL = "ftp://x" }), "电子证照库地址（repository_url）有误：不是 http 或 https 网址"},
		{"office", bad(func(c *Config) { c.Offices = []Office{{Name: "", Code: ""}} }), "发证机关名称（offices[0].name）有误"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c interface {
				Chinese() string
				ChineseHint() string
				Hint() string
			}
			if !errors.As(tt.err, &c) {
				t.Fatalf("got %T (%v), want an error with Chinese and ChineseHint", tt.err, tt.err)
			}
			if got := c.Chinese(); !hasHan(got) || !strings.Contains(got, tt.want) {
				t.Errorf("Chinese() = %q, want Chinese text containing %q", got, tt.want)
			}
			if got := c.ChineseHint(); !hasHan(got) || c.Hint() == "" {
				t.Errorf("ChineseHint() = %q for Hint() %q, want Chinese text", got, c.Hint())
			}
		})
	}
}

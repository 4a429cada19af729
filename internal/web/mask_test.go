package web

import (
	"net/http"

	"ezz/internal/verify"
	"net/netip"
	"testing"
	"time"
)

func TestMaskName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"武汉市江汉区热干面馆", "武汉市**热干面馆"},
		{"武汉市江汉区味之源餐饮管理有限公司", "武汉市**有限公司"},
		{"张三", "张*"},
		{"刘䶮", "刘*"},
		{"张三丰", "张*丰"},
		{"欧阳娜娜", "欧**娜"},
		{"李", "*"},
		{"", ""},
		{"  王五  ", "王*"},
		{"𠮷野家餐饮有限公司", "𠮷野家**有限公司"},
	}
	for _, tt := range tests {
		if got := MaskName(tt.in); got != tt.want {
			t.Errorf("MaskName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskCode(t *testing.T) {
	tests := []struct{ code, typ, want string }{
		{"91420103MA4K7R2Q5J", "001", "91420103********5J"},
		{"91350100M000100Y43", "001", "91350100********43"},
		{"11010519491231002X", "111", "11**************2X"},
		{"91420103MA4K7R2Q5J", "", "91**************5J"}, // type unknown: the stricter mask
		{"E12345678", "414", "E1*****78"},
		{"AB123", "999", "A***3"},
		{"1234", "999", "****"},
		{"", "001", ""},
	}
	for _, tt := range tests {
		if got := MaskCode(tt.code, tt.typ); got != tt.want {
			t.Errorf("MaskCode(%q, %q) = %q, want %q", tt.code, tt.typ, got, tt.want)
		}
	}
}

func TestAcceptLang(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", "zh"},
		{"en-US,en;q=0.9", "en"},
		{"zh-CN,zh;q=0.9,en;q=0.8", "zh"},
		{"fr-FR,en;q=0.5,zh;q=0.4", "en"},
		{"en;q=0.2,zh-TW;q=0.8", "zh"},
		{"de-DE", "zh"},
		{"en;q=0", "zh"},
		{"EN", "en"},
		{"en;q=abc", "en"},
	}
	for _, tt := range tests {
		if got := acceptLang(tt.header); got != tt.want {
			t.Errorf("acceptLang(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(Limit{PerMinute: 6, Burst: 2}, func() time.Time { return now })
	a, b := netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("2001:db8::/64")
	steps := []struct {
		advance time.Duration
		client  netip.Prefix
		want    bool
	}{
		{0, a, true}, {0, a, true}, {0, a, false}, // burst of 2
		{0, b, true},                                      // another client has its own bucket
		{5 * time.Second, a, false},                       // half a token back
		{5 * time.Second, a, true},                        // one token after 10 s
		{time.Hour, a, true}, {0, a, true}, {0, a, false}, // refilled to the burst, no more
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got, _ := l.allow(s.client); got != s.want {
			t.Fatalf("step %d: allow = %v, want %v", i, got, s.want)
		}
	}
}

func TestClientOf(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"192.0.2.7:5000", "192.0.2.7/32"},
		{"[2001:db8:1:2:3:4:5:6]:443", "2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.7]:80", "192.0.2.7/32"},
	}
	for _, tt := range tests {
		r := &http.Request{RemoteAddr: tt.addr}
		if got := clientOf(r).String(); got != tt.want {
			t.Errorf("clientOf(%q) = %s, want %s", tt.addr, got, tt.want)
		}
	}
}

func TestStatusVerdict(t *testing.T) {
	const id = "1.2.156.X.001.A"
	tests := []struct {
		st   verify.StatusResult
		want Verdict
	}{
		{verify.StatusResult{Found: true, Code: "01", Current: id}, ""},
		{verify.StatusResult{Found: true, Code: "07", Current: id}, Revoked},
		{verify.StatusResult{Found: true, Code: "04", Current: id}, Cancelled},
		{verify.StatusResult{Found: true, Code: "01", Current: "1.2.156.X.002.B"}, Superseded},
		{verify.StatusResult{Found: true, Code: "07", Current: "1.2.156.X.002.B"}, Superseded},
		{verify.StatusResult{Found: true, Code: "02", Current: id}, OtherState},
		{verify.StatusResult{Found: true, Code: "42", Current: id}, OtherState},
	}
	for _, tt := range tests {
		if got, _ := statusVerdict(id, tt.st); got != tt.want {
			t.Errorf("statusVerdict(%+v) = %q, want %q", tt.st, got, tt.want)
		}
	}
}

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"台账.xlsx", "台账.xlsx"},
		{"../../etc/passwd.csv", "passwd.csv"},
		{`C:\Users\clerk\登记表.xls`, "登记表.xls"},
		{".xlsx", "register.xlsx"},
		{"a\x00b.csv", "a_b.csv"},
		{"", "register"},
	}
	for _, tt := range tests {
		if got := safeName(tt.in); got != tt.want {
			t.Errorf("safeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

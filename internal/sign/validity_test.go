package sign

import (
	"testing"
	"time"
)

func TestValidityErrorChinese(t *testing.T) {
	nb := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	na := time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"expired", na.AddDate(1, 0, 0), `证书 "CN=x" 已于 2029-01-01 00:00:00Z 过期（检查时间 2030-01-01 00:00:00Z）`},
		{"not yet", nb.AddDate(-1, 0, 0), `证书 "CN=x" 自 2026-01-01 00:00:00Z 起才生效（检查时间 2025-01-01 00:00:00Z）`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &ValidityError{Subject: "CN=x", NotBefore: nb, NotAfter: na, At: tt.at}
			if got := e.text().Zh; got != tt.want {
				t.Errorf("Chinese text %q, want %q", got, tt.want)
			}
		})
	}
}

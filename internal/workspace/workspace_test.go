package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/text"
)

var t0 = time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC)

func realConfig() Config {
	return Config{
		Agency:        Agency{Name: "示例市市场监督管理局", Code: "91350100M000100Y43"},
		Station:       "WH01A",
		RepositoryURL: "https://zzk.example.gov.cn/api",
		QRURLPrefix:   "https://v.example.gov.cn/q/",
		Offices: []Office{
			{Name: "武汉市洪山区市场监督管理局", Code: "91350100M000100Y43", Aliases: []string{"洪山区市场监管局"}},
			{Name: "江岸区行政审批局（试点）", Code: PilotAgencyCode},
		},
	}
}

func TestHome(t *testing.T) {
	t.Setenv("EZZ_HOME", "/env/home")
	if got := Home("/flag"); got != "/flag" {
		t.Errorf("Home with a flag: got %q, want /flag", got)
	}
	if got := Home(""); got != "/env/home" {
		t.Errorf("Home from EZZ_HOME: got %q, want /env/home", got)
	}
	t.Setenv("EZZ_HOME", "")
	if got := Home(""); got != DefaultHome {
		t.Errorf("Home by default: got %q, want %q", got, DefaultHome)
	}
}

func TestInitOpen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "home")
	if err := Init(dir, realConfig(), t0); err != nil {
		t.Fatal(err)
	}
	w, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if w.Config.Station != "WH01A" || len(w.Config.Offices) != 2 || w.Config.Pilot {
		t.Errorf("config round trip: got %+v", w.Config)
	}
	for _, p := range []string{w.LedgerPath(), w.KeysDir(), w.OutDir()} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("workspace lacks %s: %v", p, err)
		}
	}
	if fi, _ := os.Stat(w.KeysDir()); fi.Mode().Perm() != 0o700 {
		t.Errorf("keys/ mode: got %v, want 0700", fi.Mode().Perm())
	}
	l, err := w.OpenLedger()
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	evs, err := l.EventsSince(context.Background(), 0, 10)
	if err != nil || len(evs) != 1 || evs[0].Kind != ledger.KindInit || !evs[0].At.Equal(t0) {
		t.Errorf("ledger events after init: got %+v, %v; want one workspace-init at %v", evs, err, t0)
	}
	if err := Init(dir, PilotConfig(), t0); !errors.Is(err, ErrExists) {
		t.Errorf("second Init: got %v, want ErrExists", err)
	}
}

func TestOpenNotWorkspace(t *testing.T) {
	_, err := Open(t.TempDir())
	if !errors.Is(err, ErrNotWorkspace) || !strings.Contains(text.HintOf(err).En, "ezz init") {
		t.Errorf("got %v, want ErrNotWorkspace with a hint to run ezz init", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"ok", func(*Config) {}, ""},
		{"pilot", func(c *Config) { *c = PilotConfig() }, ""},
		{"no name", func(c *Config) { c.Agency.Name = " " }, "agency.name"},
		{"bad check char", func(c *Config) { c.Agency.Code = "91350100M000100Y44" }, "agency.code"},
		{"short code", func(c *Config) { c.Agency.Code = "9135" }, "agency.code"},
		{"lower-case station", func(c *Config) { c.Station = "s01" }, "station"},
		{"long station", func(c *Config) { c.Station = "ABCDEFG" }, "station"},
		{"one-char station", func(c *Config) { c.Station = "A" }, "station"},
		{"ftp repository", func(c *Config) { c.RepositoryURL = "ftp://x" }, "repository_url"},
		{"relative qr prefix", func(c *Config) { c.QRURLPrefix = "/q/" }, "qr_url_prefix"},
		{"office code", func(c *Config) { c.Offices[0].Code = "123" }, "offices[0].code"},
		{"office twice", func(c *Config) { c.Offices[1].Aliases = []string{"洪山区 市场监管局"} }, "offices[1].aliases"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := realConfig()
			tt.edit(&c)
			err := c.Validate()
			var ce *ConfigError
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("got %v, want nil", err)
			case tt.field != "" && (!errors.As(err, &ce) || ce.Field != tt.field):
				t.Errorf("got %v, want an error on %s", err, tt.field)
			}
		})
	}
}

func TestOffice(t *testing.T) {
	w := &Workspace{Config: realConfig()}
	tests := []struct {
		name, want string
		ok         bool
	}{
		{"武汉市洪山区市场监督管理局", "91350100M000100Y43", true},
		{" 武汉市 洪山区市场监督管理局\n", "91350100M000100Y43", true},
		{"武汉市洪山区市场监督管理局\u3000", "91350100M000100Y43", true},
		{"洪山区市场监管局", "91350100M000100Y43", true},
		{"江岸区行政审批局(试点)", PilotAgencyCode, true},
		{"江岸区行政审批局（试点）", PilotAgencyCode, true},
		{"江汉区行政审批局", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		code, ok := w.Office(tt.name)
		if code != tt.want || ok != tt.ok {
			t.Errorf("Office(%q): got %q, %v; want %q, %v", tt.name, code, ok, tt.want, tt.ok)
		}
	}
	if got := w.IssuerCode("江汉区行政审批局"); got != w.Config.Agency.Code {
		t.Errorf("IssuerCode of an unlisted office: got %q, want the agency's %q", got, w.Config.Agency.Code)
	}
}

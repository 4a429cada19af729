package issuance

import (
	"bytes"
	"encoding/hex"
	"maps"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/catalogue"
)

func TestValidityEnd(t *testing.T) {
	tests := []struct {
		from, validity, want string
		wantErr              bool
	}{
		{"2026-03-15", "5y", "2031-03-14", false},
		{"2024-02-29", "1y", "2025-02-28", false},
		{"2026-01-31", "1m", "2026-03-02", false}, // Go's AddDate normalises 02-31 to 03-03
		{"2026-03-15", "90d", "2026-06-12", false},
		{"2026-03-15", "permanent", "", false},
		{"2026-03-15", "", "", false},
		{"2026-03-15", "5w", "", true},
		{"2026-03-15", "xy", "", true},
		{"15/03/2026", "5y", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.from+"+"+tt.validity, func(t *testing.T) {
			got, err := validityEnd(tt.from, tt.validity)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("got %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestBuildRecordMetadata(t *testing.T) {
	tmpl, err := catalogue.Load("../../templates/food-business/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	vals := map[string]string{}
	for k, v := range tmpl.Samples[0] {
		vals[k] = v
	}
	at := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC)
	rec, err := buildRecord(tmpl, vals, "ID", "武汉市江汉区市场监督管理局", "11420103MB18456735", "HQ", "sm3:00", at)
	if err != nil {
		t.Fatal(err)
	}
	m := rec.Meta
	checks := []struct{ name, got, want string }{
		{"ZZMC", m.ZZMC, "食品经营许可证"},
		{"ZZLXDM", m.ZZLXDM, tmpl.Catalogue.TypeCode},
		{"ZZBH", m.ZZBH, vals["license_no"]},
		{"ZZBS", m.ZZBS, "ID"},
		{"ZZBFJG", m.ZZBFJG, "武汉市江汉区市场监督管理局"},
		{"ZZBFJGDM", m.ZZBFJGDM, "11420103MB18456735"},
		{"ZZBFRQ", m.ZZBFRQ, vals["issue_date"]},
		{"CZZT", m.CZZT, vals["operator_name"]},
		{"CZZTDM", m.CZZTDM, vals["holder_code"]},
		{"CZZTDMLXDM", m.CZZTDMLXDM, "001"},
		{"CZZTDMLX", m.CZZTDMLX, "统一社会信用代码"},
		{"ZZYXQQSRQ", m.ZZYXQQSRQ, vals["issue_date"]},
		{"ZZYXQJZRQ", m.ZZYXQJZRQ, vals["valid_until"]},
		{"issued_at", rec.IssuedAt, "2026-06-01T02:00:00Z"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func hexSM3(data []byte) string {
	sum := sm3.Sum(data)
	return hex.EncodeToString(sum[:])
}

// TestBuildRecordItems: a record's items are the values that are not empty,
// whether it shares the values (none empty) or copies them, and both encode
// as the record whose items were copied.
func TestBuildRecordItems(t *testing.T) {
	m, vals := newMaker(t, false)
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	withEmpty := maps.Clone(vals)
	withEmpty["not_given"] = ""
	for _, values := range []map[string]string{vals, withEmpty} {
		rec, err := buildRecord(m.c.Template, values, "1.2.156.3005.2.X", "office", "code", "TA", "sm3:x", at)
		if err != nil {
			t.Fatal(err)
		}
		want := maps.Clone(values)
		maps.DeleteFunc(want, func(_, v string) bool { return v == "" })
		if !maps.Equal(rec.Items, want) {
			t.Errorf("items %v, want %v", rec.Items, want)
		}
		copied := *rec
		copied.Items = want
		got, err1 := rec.Canonical()
		exp, err2 := copied.Canonical()
		if err1 != nil || err2 != nil || !bytes.Equal(got, exp) {
			t.Errorf("canonical %s (%v), with the items copied %s (%v)", got, err1, exp, err2)
		}
	}
}

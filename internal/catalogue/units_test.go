package catalogue

import (
	"testing"
	"time"

	"ezz/internal/dataitem"
)

func TestParseDuration(t *testing.T) {
	from := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{"5y", time.Date(2029, 3, 1, 0, 0, 0, 0, time.UTC), false},
		{"6m", time.Date(2024, 8, 29, 0, 0, 0, 0, time.UTC), false},
		{"90d", time.Date(2024, 5, 29, 0, 0, 0, 0, time.UTC), false},
		{"24h", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), false},
		{"permanent", time.Time{}, false},
		{"0d", time.Time{}, true},
		{"5 years", time.Time{}, true},
		{"5w", time.Time{}, true},
		{"+5y", time.Time{}, true},
		{"10000y", time.Time{}, true},
		{"", time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDuration(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			if err == nil && !d.AddTo(from).Equal(tt.want) {
				t.Errorf("got %v, want %v", d.AddTo(from), tt.want)
			}
			if err == nil && d.String() != tt.in {
				t.Errorf("got String %q, want %q", d.String(), tt.in)
			}
		})
	}
}

func TestPageDimensions(t *testing.T) {
	tests := []struct {
		name    string
		page    Page
		w, h    float64
		wantErr bool
	}{
		{"A4", Page{Size: "A4"}, 210, 297, false},
		{"A4 landscape", Page{Size: "A4", Orientation: "landscape"}, 297, 210, false},
		{"A5 landscape", Page{Size: "A5", Orientation: "landscape"}, 210, 148, false},
		{"explicit", Page{Width: 85.6, Height: 54}, 85.6, 54, false},
		{"A6", Page{Size: "A6"}, 0, 0, true},
		{"both", Page{Size: "A4", Width: 100}, 0, 0, true},
		{"nothing", Page{}, 0, 0, true},
		{"huge", Page{Width: 5000, Height: 10}, 0, 0, true},
		{"sideways", Page{Size: "A4", Orientation: "sideways"}, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h, err := tt.page.Dimensions()
			if (err != nil) != tt.wantErr || w != tt.w || h != tt.h {
				t.Errorf("got %v×%v, %v; want %v×%v, error %v", w, h, err, tt.w, tt.h, tt.wantErr)
			}
		})
	}
}

func TestFormatValue(t *testing.T) {
	date := dataitem.Item{Type: dataitem.Date}
	enum := dataitem.Item{Type: dataitem.Enum, Codes: []dataitem.Code{{Code: "02", Label: "餐饮服务经营者"}}}
	tests := []struct {
		it            dataitem.Item
		format, value string
		want          string
	}{
		{date, "", "2026-03-05", "2026-03-05"},
		{date, "zh", "2026-12-25", "2026年12月25日"},
		{date, "iso", "2026-03-05", "2026-03-05"},
		{date, "dots", "2026-03-05", "2026.03.05"},
		{enum, "", "02", "餐饮服务经营者"},
		{enum, "code", "02", "02"},
		{dataitem.Item{Type: dataitem.Text}, "", "刘䶮", "刘䶮"},
	}
	for _, tt := range tests {
		if got := FormatValue(tt.it, tt.format, tt.value); got != tt.want {
			t.Errorf("FormatValue(%s, %q, %q): got %q, want %q", tt.it.Type, tt.format, tt.value, got, tt.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	keys := []string{"validity", "qr_validity", "retention"}
	tests := []struct{ in, want string }{
		{"validty", `; did you mean "validity"?`},
		{"qr_valdity", `; did you mean "qr_validity"?`},
		{"colour", ""},
	}
	for _, tt := range tests {
		if got := didYouMean(tt.in, keys).In("en"); got != tt.want {
			t.Errorf("didYouMean(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

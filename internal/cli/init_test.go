package cli

import (
	"strings"
	"testing"

	"ezz/internal/workspace"
)

func TestAskMissing(t *testing.T) {
	tests := []struct {
		name, input string
		start       workspace.Config
		want        workspace.Config
		wantErr     string
	}{
		{
			name:  "all asked, bad code re-asked",
			input: "示例局\n91350100M000100Y44\n91350100m000100y43\ns01a\n\nhttps://v.example/q/\n",
			want: workspace.Config{Agency: workspace.Agency{Name: "示例局", Code: "91350100M000100Y43"},
				Station: "S01A", QRURLPrefix: "https://v.example/q/"},
		},
		{
			name:  "flags kept, only station asked",
			input: "WH2A\n\n\n",
			start: workspace.Config{Agency: workspace.Agency{Name: "局", Code: "91350100M000100Y43"}},
			want:  workspace.Config{Agency: workspace.Agency{Name: "局", Code: "91350100M000100Y43"}, Station: "WH2A"},
		},
		{name: "input ends", input: "示例局\n", wantErr: "input ended"},
		{name: "three bad stations", input: "局\n91350100M000100Y43\nx\ny\nz\n", wantErr: "after three tries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.start
			var out strings.Builder
			err := askMissing(strings.NewReader(tt.input), &out, "en", &cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Agency != tt.want.Agency || cfg.Station != tt.want.Station || cfg.QRURLPrefix != tt.want.QRURLPrefix || cfg.RepositoryURL != "" {
				t.Errorf("got %+v, want %+v\nprompts:\n%s", cfg, tt.want, out.String())
			}
		})
	}
}

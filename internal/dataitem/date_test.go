package dataitem

import "testing"

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want, wantCode string
	}{
		{"43525", "2019-03-01", ""},
		{"43525.0", "2019-03-01", ""},
		{"43525.75", "2019-03-01", ""}, // a time of day in the fraction
		{" 43525 ", "2019-03-01", ""},
		{"1", "1900-01-01", ""},
		{"59", "1900-02-28", ""},
		{"61", "1900-03-01", ""},
		{"60", "", CodeDateInvalid}, // Excel's phantom 1900-02-29
		{"0", "", CodeDateFormat},
		{"99999", "2173-10-13", ""},
		{"201931", "", CodeDateFormat}, // six digits: a typo, not a serial
		{"2019-03-01", "2019-03-01", ""},
		{"2019-3-1", "2019-03-01", ""},
		{"2019-3-1 00:00:00", "2019-03-01", ""},
		{"2019-03-01T08:30", "2019-03-01", ""},
		{"2019-03-01 08:30:15.250", "2019-03-01", ""},
		{"2019/3/1", "2019-03-01", ""},
		{"2019/03/01 0:00", "2019-03-01", ""},
		{"2019.3.1", "2019-03-01", ""},
		{"2019年3月1日", "2019-03-01", ""},
		{"2019年03月01日", "2019-03-01", ""},
		{"2019年3月1号", "2019-03-01", ""},
		{"2019年3月1", "2019-03-01", ""},
		{"２０１９年３月１日", "2019-03-01", ""},
		{"20190301", "2019-03-01", ""},
		{"2024-02-29", "2024-02-29", ""},
		{"9999-12-31", "9999-12-31", ""},
		{"2019-02-29", "", CodeDateInvalid},
		{"2019-04-31", "", CodeDateInvalid},
		{"2019-13-01", "", CodeDateInvalid},
		{"2019-00-10", "", CodeDateInvalid},
		{"20190230", "", CodeDateInvalid},
		{"1900-02-29", "", CodeDateInvalid},
		{"0999-01-01", "", CodeDateInvalid},
		{"2019-3/1", "", CodeDateFormat},
		{"2019年3-1", "", CodeDateFormat},
		{"3/1/2019", "", CodeDateFormat},
		{"19-3-1", "", CodeDateFormat},
		{"2019-03-01 25:00", "", CodeDateFormat},
		{"2019-03-01 junk", "", CodeDateFormat},
		{"2019-003-01", "", CodeDateFormat},
		{"2019-03", "", CodeDateFormat},
		{"", "", CodeDateFormat},
		{"长期", "", CodeDateFormat},
		{"4.3525E+4", "", CodeDateFormat},
		{"-43525", "", CodeDateFormat},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseDate(tt.in)
			if code := code(err); code != tt.wantCode || got != tt.want {
				t.Errorf("parseDate(%q): got %q (code %q), want %q (code %q)", tt.in, got, code, tt.want, tt.wantCode)
			}
		})
	}
}

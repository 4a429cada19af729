package dataitem

import "testing"

func TestQualifier(t *testing.T) {
	codes := []Code{{"01", "食品销售经营者"}, {"02", "餐饮服务经营者"}, {"03", "单位食堂"}, {"04", "食品销售经营者（网络经营）"}}
	on := Item{ID: "form", Type: Enum, Codes: codes, AllowQualifier: true}
	off := on
	off.AllowQualifier = false
	tests := []struct {
		name string
		it   Item
		raw  string
		want string
		code string // error code, "" for none
	}{
		{"full-width", on, "餐饮服务经营者（小型餐馆）", "02（小型餐馆）", ""},
		{"ascii", on, "单位食堂(学校食堂)", "03(学校食堂)", ""},
		{"space before", on, "食品销售经营者 （超市）", "01（超市）", ""},
		{"label with brackets", on, "食品销售经营者（网络经营）", "04", ""},
		{"qualified bracketed label", on, "食品销售经营者（网络经营）（超市）", "04（超市）", ""},
		{"plain label", on, "单位食堂", "03", ""},
		{"code", on, "02", "02", ""},
		{"empty qualifier", on, "单位食堂（ ）", "", CodeEnumUnknown},
		{"unclosed", on, "单位食堂（学校食堂", "", CodeEnumUnknown},
		{"mismatched", on, "单位食堂（学校食堂)", "", CodeEnumUnknown},
		{"text after", on, "单位食堂（学校）食堂", "", CodeEnumUnknown},
		{"unknown label", on, "网店（小型）", "", CodeEnumUnknown},
		{"code with qualifier", on, "03（学校食堂）", "", CodeEnumUnknown},
		{"nested", on, "单位食堂（学校（小学））", "", CodeEnumUnknown},
		{"not opted in", off, "餐饮服务经营者（小型餐馆）", "", CodeEnumUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.it.Normalize(tt.raw)
			code := ""
			if err != nil {
				code = err.(*Error).Code
			}
			if got != tt.want || code != tt.code {
				t.Errorf("Normalize(%q) = %q, %q; want %q, %q", tt.raw, got, code, tt.want, tt.code)
			}
		})
	}
	if c, q := SplitQualifier("02（小型餐馆）"); c != "02" || q != "（小型餐馆）" {
		t.Errorf("SplitQualifier: got %q %q", c, q)
	}
}

func TestQualifierLint(t *testing.T) {
	tests := []struct {
		name  string
		items []Item
		want  int
	}{
		{"enum", []Item{{ID: "a", Type: Enum, Codes: []Code{{"1", "甲"}}, AllowQualifier: true}}, 0},
		{"text", []Item{{ID: "a", Type: Text, AllowQualifier: true}}, 1},
		{"bracketed code", []Item{{ID: "a", Type: Enum, Codes: []Code{{"1(x)", "甲"}}, AllowQualifier: true}}, 1},
		{"id type", []Item{{ID: "t", Type: Enum, Codes: []Code{{"111", "居民身份证"}}, AllowQualifier: true},
			{ID: "id", Type: HolderID, IDTypeItem: "t"}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			for _, p := range CheckStandard(Standard{Items: tt.items}) {
				if p.Code == CodeQualifier {
					n++
				}
			}
			if n != tt.want {
				t.Errorf("got %d qualifier problems, want %d", n, tt.want)
			}
		})
	}
}

package dataitem

import (
	"reflect"
	"testing"
)

var ruleItems = []Item{
	{ID: "issue_date", Label: "发证日期", Type: Date},
	{ID: "expiry_date", Label: "有效期至", Type: Date},
	{ID: "staff", Label: "人数", Type: Integer},
	{ID: "area", Label: "面积", Type: Decimal},
	{ID: "name", Label: "名称", Type: Text},
	{ID: "alias", Label: "别名", Type: Text},
}

func TestCheckRule(t *testing.T) {
	tests := []struct {
		check, wantCode string
	}{
		{"expiry_date > issue_date", ""},
		{"expiry_date>=issue_date", ""},
		{"staff < area", ""},
		{"name != alias", ""},
		{"name == alias", ""},
		{"expiry_date => issue_date", CodeRuleOperator},
		{"expiry_date = issue_date", CodeRuleOperator},
		{"expiry_date <> issue_date", CodeRuleOperator},
		{"expiry_date after issue_date", CodeRuleOperator},
		{"", CodeRuleOperator},
		{"> issue_date", CodeRuleSyntax},
		{"expiry date > issue_date", CodeRuleSyntax},
		{"expiry_date > issued", CodeRuleItem},
		{"expiry > issue_date", CodeRuleItem},
		{"expiry_date > staff", CodeRuleTypes},
		{"name < alias", CodeRuleTypes},
	}
	for _, tt := range tests {
		t.Run(tt.check, func(t *testing.T) {
			if got := errCode(CheckRule(Rule{ID: "r", Check: tt.check}, ruleItems)); got != tt.wantCode {
				t.Errorf("CheckRule(%q): got %q, want %q", tt.check, got, tt.wantCode)
			}
		})
	}
}

func TestRulesEvaluate(t *testing.T) {
	tests := []struct {
		check       string
		values      map[string]string
		wantBroken  bool
		wantMessage string
	}{
		{"expiry_date > issue_date", map[string]string{"issue_date": "2019/3/1", "expiry_date": "43525"}, true, "有效期至（2019-03-01）应晚于发证日期（2019-03-01）"},
		{"expiry_date >= issue_date", map[string]string{"issue_date": "2019/3/1", "expiry_date": "43525"}, false, ""},
		{"expiry_date > issue_date", map[string]string{"issue_date": "2019-12-31", "expiry_date": "2020-01-01"}, false, ""},
		{"expiry_date > issue_date", map[string]string{"issue_date": "2019-12-31"}, false, ""},
		{"staff < area", map[string]string{"staff": "9", "area": "10"}, false, ""}, // numeric, not "9" > "10"
		{"staff > area", map[string]string{"staff": "9", "area": "10.5"}, true, "人数（9）应大于面积（10.5）"},
		{"area == staff", map[string]string{"staff": "10", "area": "10.0"}, false, ""},
		{"name != alias", map[string]string{"name": "甲", "alias": "甲"}, true, "名称（甲）不应等于别名（甲）"},
	}
	for _, tt := range tests {
		t.Run(tt.check, func(t *testing.T) {
			c, err := Standard{Items: ruleItems, Rules: []Rule{{ID: "r1", Check: tt.check}}}.Compile()
			if err != nil {
				t.Fatal(err)
			}
			_, errs := c.Validate(tt.values)
			if (len(errs) > 0) != tt.wantBroken {
				t.Fatalf("got %v, want broken %v", errs, tt.wantBroken)
			}
			if tt.wantBroken && (errs[0].Code != CodeRule || errs[0].Rule != "r1" || errs[0].Message.Zh != tt.wantMessage) {
				t.Errorf("got %+v, want code rule, rule r1, message %q", errs[0], tt.wantMessage)
			}
		})
	}
}

func TestCheckStandard(t *testing.T) {
	s := Standard{
		Items: []Item{
			{ID: "a", Type: Text, Pattern: "(", MinLength: 5, MaxLength: 2},
			{ID: "a", Type: "string"},
			{ID: "e", Type: Enum},
			{ID: "f", Type: Enum, Codes: []Code{{"1", "甲"}, {"1", "乙"}, {"2", "甲"}}},
			{ID: "h", Type: HolderID, IDTypeItem: "missing"},
			{ID: "d", Type: Date, Default: "2019-02-30"},
		},
		Rules: []Rule{{ID: "r", Check: "a >> d"}},
	}
	var got []string
	for _, p := range CheckStandard(s) {
		got = append(got, p.Item+p.Rule+":"+p.Code)
		if p.Message.Zh == "" || p.Message.En == "" {
			t.Errorf("problem %+v lacks a message", p)
		}
	}
	want := []string{"a:" + CodePatternInvalid, "a:" + CodeLengthRange, "a:" + CodeItemID, "a:" + CodeItemType,
		"e:" + CodeEnumEmpty, "f:" + CodeEnumDuplicate, "f:" + CodeEnumDuplicate, "h:" + CodeIDTypeItem,
		"d:" + CodeDefaultInvalid, "r:" + CodeRuleOperator}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := s.Compile(); err == nil {
		t.Error("Compile: got no error for a broken standard")
	}
	if ps := CheckStandard(foodLicence); len(ps) != 0 {
		t.Errorf("food licence: got %v, want no problems", ps)
	}
}

package dataitem

import (
	"reflect"
	"testing"
)

// foodLicence is a standard shaped like the food business licence's.
var foodLicence = Standard{
	Items: []Item{
		{ID: "operator_name", Label: "经营者名称", Type: Text, Required: true, MaxLength: 11},
		{ID: "credit_code", Label: "社会信用代码", Type: USCC, Required: true},
		{ID: "licence_no", Label: "许可证编号", Type: Text, Required: true, Pattern: `JY\d{14}`},
		{ID: "category", Label: "主体业态", Type: Enum, Codes: []Code{{Code: "01", Label: "食品销售经营者"}, {Code: "02", Label: "餐饮服务经营者"}, {Code: "AB", Label: "单位食堂"}}},
		{ID: "issue_date", Label: "发证日期", Type: Date, Required: true},
		{ID: "expiry_date", Label: "有效期至", Type: Date, Required: true},
		{ID: "id_type", Label: "证件类型", Type: Enum, Default: "111", Codes: []Code{{Code: "001", Label: "统一社会信用代码"}, {Code: "111", Label: "居民身份证"}, {Code: "414", Label: "普通护照"}}},
		{ID: "rep_id", Label: "负责人证件号码", Type: HolderID, IDTypeItem: "id_type"},
		{ID: "staff", Label: "从业人数", Type: Integer},
		{ID: "area", Label: "经营面积", Type: Decimal},
		{ID: "min_staff", Label: "最少人数", Type: Integer},
	},
	Rules: []Rule{
		{ID: "expiry-after-issue", Check: "expiry_date > issue_date", Message: "有效期至应晚于发证日期"},
		{ID: "staff-min", Check: "staff >= min_staff"},
	},
}

func TestValidate(t *testing.T) {
	good := map[string]string{
		"operator_name": "  武汉市　 江汉区\u00a0小吃店 ",
		"credit_code":   "９１３５０１００ｍ０００１００Ｙ４３",
		"licence_no":    "JY14201030012345",
		"category":      "餐饮服务经营者",
		"issue_date":    "43525",
		"expiry_date":   "2024年2月29日",
		"rep_id":        "11010519491231002x",
		"staff":         "1,200",
		"area":          "12.50",
		"unknown_col":   "ignored",
	}
	want := map[string]string{
		"operator_name": "武汉市 江汉区 小吃店",
		"credit_code":   "91350100M000100Y43",
		"licence_no":    "JY14201030012345",
		"category":      "02",
		"issue_date":    "2019-03-01",
		"expiry_date":   "2024-02-29",
		"id_type":       "111",
		"rep_id":        "11010519491231002X",
		"staff":         "1200",
		"area":          "12.5",
		"min_staff":     "",
	}
	c, err := foodLicence.Compile()
	if err != nil {
		t.Fatal(err)
	}
	got, errs := c.Validate(good)
	if len(errs) != 0 {
		t.Fatalf("got errors %v, want none", errs)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestValidateErrors(t *testing.T) {
	base := map[string]string{
		"operator_name": "小吃店", "credit_code": "91350100M000100Y43", "licence_no": "JY14201030012345",
		"issue_date": "2019-03-01", "expiry_date": "2024-02-29",
	}
	tests := []struct {
		name      string
		set       map[string]string
		wantItems []string
		wantCodes []string
	}{
		{"required", map[string]string{"operator_name": " \u3000 "}, []string{"operator_name"}, []string{CodeRequired}},
		{"too long in runes", map[string]string{"operator_name": "一二三四五六七八九十一二"}, []string{"operator_name"}, []string{CodeTooLong}},
		{"uscc check", map[string]string{"credit_code": "91350100M000100Y4X"}, []string{"credit_code"}, []string{CodeUSCCCheck}},
		{"mangled credit code", map[string]string{"credit_code": "9.1350100E+17"}, []string{"credit_code"}, []string{CodeMangledNumber}},
		{"mangled text", map[string]string{"licence_no": "1.42010300123E+13"}, []string{"licence_no"}, []string{CodeMangledNumber}},
		{"pattern", map[string]string{"licence_no": "JY1420103001234"}, []string{"licence_no"}, []string{CodePattern}},
		{"enum unknown", map[string]string{"category": "网店"}, []string{"category"}, []string{CodeEnumUnknown}},
		{"impossible date", map[string]string{"issue_date": "2019-02-29"}, []string{"issue_date"}, []string{CodeDateInvalid}},
		{"bad date", map[string]string{"issue_date": "3/1/2019"}, []string{"issue_date"}, []string{CodeDateFormat}},
		{"rule", map[string]string{"expiry_date": "2019/3/1"}, []string{"expiry_date"}, []string{CodeRule}},
		{"rule numbers", map[string]string{"staff": "9", "min_staff": "10"}, []string{"staff"}, []string{CodeRule}},
		{"rule skipped on invalid operand", map[string]string{"expiry_date": "2019-13-01"}, []string{"expiry_date"}, []string{CodeDateInvalid}},
		{"holder id by type", map[string]string{"id_type": "414", "rep_id": "E1"}, []string{"rep_id"}, []string{CodeHolderIDFormat}},
		{"holder id type bad", map[string]string{"id_type": "112", "rep_id": "E1"}, []string{"id_type"}, []string{CodeEnumUnknown}},
		{"integer", map[string]string{"staff": "12人"}, []string{"staff"}, []string{CodeInteger}},
		{"decimal", map[string]string{"area": "12..5"}, []string{"area"}, []string{CodeDecimal}},
		{"several", map[string]string{"operator_name": "", "credit_code": "x"}, []string{"operator_name", "credit_code"}, []string{CodeRequired, CodeUSCCLength}},
	}
	c, err := foodLicence.Compile()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := map[string]string{}
			for k, x := range base {
				v[k] = x
			}
			for k, x := range tt.set {
				v[k] = x
			}
			_, errs := c.Validate(v)
			var items, codes []string
			for _, e := range errs {
				items, codes = append(items, e.Item), append(codes, e.Code)
				if e.Message.Zh == "" || e.Message.En == "" || e.Label == "" {
					t.Errorf("error %+v lacks a message or label", e)
				}
			}
			if !reflect.DeepEqual(items, tt.wantItems) || !reflect.DeepEqual(codes, tt.wantCodes) {
				t.Errorf("got %v %v, want %v %v", items, codes, tt.wantItems, tt.wantCodes)
			}
		})
	}
}

func TestStandardValidateMatchesCompiled(t *testing.T) {
	v := map[string]string{"operator_name": "店", "expiry_date": "2018-01-01", "issue_date": "2019-01-01"}
	_, errs := foodLicence.Validate(v)
	if len(errs) != 3 || errs[2].Code != CodeRule || errs[2].Message.Zh != "有效期至应晚于发证日期" {
		t.Errorf("got %+v, want required credit_code and licence_no then the expiry rule", errs)
	}
	bad := Standard{Items: []Item{{ID: "a", Type: Text, Pattern: "("}}}
	if _, errs := bad.Validate(v); len(errs) != 1 || errs[0].Code != "standard" {
		t.Errorf("got %+v, want one error with code standard", errs)
	}
}

package regtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// foodHeader spells the food-business columns the way district registers do:
// aliases, a line break and full-width brackets, a trailing colon, a 序号
// column the template does not know.
var foodHeader = []string{
	"序号", "企业名称", "证件类型", "社会信用代码\n（身份证号码）", "法定代表人(负责人)", "住所", "经营场所",
	"主体业态", "经营项目", "许可证号", "日常监督管理机构", "日常监督管理人员", "投诉举报电话",
	"发证机关", "签发人", "发证日期", "有效期至：",
}

var foodItems = []string{
	"", "operator_name", "holder_id_type", "holder_code", "legal_rep", "domicile", "premises",
	"business_form", "business_scope", "license_no", "supervisory_org", "supervisor", "complaint_tel",
	"issuing_office", "signer", "issue_date", "valid_until",
}

type foodForm struct {
	code, label, kind, scope string
	kinds                    []string
}

var foodForms = []foodForm{
	{"1", "食品销售经营者", "", "预包装食品（含冷藏冷冻食品）销售，散装食品（含冷藏冷冻食品）销售", []string{"超市", "便利店", "副食店", "食品商行"}},
	{"2", "餐饮服务经营者", "", "热食类食品制售，冷食类食品制售", []string{"餐馆", "酒楼", "热干面馆", "小吃店"}},
	{"3", "单位食堂", "", "热食类食品制售", []string{"职工食堂", "学校食堂"}},
}

var marketOffices = map[string][]string{
	"江汉区": {"民族街市场监督管理所", "前进街市场监督管理所", "万松街市场监督管理所"},
	"硚口区": {"汉正街市场监督管理所", "宗关街市场监督管理所", "古田街市场监督管理所"},
}

// FoodBusiness is the sample register of the food business licence: two
// district sheets with title rows, an instructions sheet, and defects.
func FoodBusiness() Sample {
	s := Sample{Template: "food-business", File: "food-business-register.xlsx"}
	rng := newRand(1)
	jh := SheetSpec{Name: "江汉区", Title: []string{"武汉市江汉区食品经营许可证发证台账", "填报单位：武汉市江汉区市场监督管理局　　2024年6月"}, Header: foodHeader}
	qk := SheetSpec{Name: "硚口区", Title: []string{"硚口区食品经营许可证登记表（纸质证照）"}, Header: foodHeader}
	notes := SheetSpec{Name: "填表说明", Title: []string{"1. 日期填写为 2024-01-31 或 2024年1月31日。", "2. 社会信用代码列请设为文本格式。"}}
	var seq int
	fill := func(sheet *SheetSpec, d District, n int) *builder {
		b := newBuilder(sheet, &s.Defects, foodItems)
		for i := 0; i < n; i++ {
			seq++
			b.add(foodRow(rng, d, seq))
		}
		return b
	}
	b := fill(&jh, District{"420103", "江汉区"}, 32)
	b.plant(2, "holder_code", T(BreakCheck(b.get(2, "holder_code").text)), "uscc-check", "wrong check character in a credit code")
	b.plant(5, "premises", T(""), "required", "required cell left empty")
	b.plant(8, "issue_date", T("2019-02-30"), "date-invalid", "a date that does not exist")
	b.plant(11, "valid_until", T("2018-12-31"), "rule", "valid until before the issue date")
	b.plant(14, "operator_name", T(strings.Repeat("武汉市江汉区", 10)+"鑫福超市有限公司"), "too-long", "a name longer than 60 characters")
	b.sheet.Rows[17][b.col["legal_rep"]] = T(RareNames[0]) // valid: 䶮 is a real name character
	b.sheet.Rows[20][b.col["legal_rep"]] = T(RareNames[1])
	b.sheet.Rows[22] = nil // an empty row in the middle: skipped, not rejected
	id := ResidentID(rng, "420103", day(1978, 4, 12), true)
	b.sheet.Rows[25][b.col["holder_id_type"]] = T("居民身份证")
	b.plant(25, "holder_code", N(Mangled(id)), "mangled-number", "an ID typed as a number (1.1E+17)")
	b.sheet.Rows[27][b.col["holder_id_type"]] = T("111") // valid: an individual holder by resident ID
	b.sheet.Rows[27][b.col["holder_code"]] = T(ResidentID(rng, "420106", day(1985, 10, 3), false))
	first := b.get(3, "license_no")
	q := fill(&qk, District{"420104", "硚口区"}, 18)
	q.plant(6, "license_no", first, "duplicate", "the licence number of 江汉区 row 7, in another sheet")
	q.sheet.Rows[9][q.col["legal_rep"]] = T(RareNames[2])
	qualify(b, 0, 4, 9, 13, 19, 24)
	qualify(q, 1, 3, 8)
	s.Sheets = []SheetSpec{jh, qk, notes}
	return s
}

// subForms are the sub-forms real licences print after the 主体业态.
var subForms = map[string]string{"食品销售经营者": "（超市）", "餐饮服务经营者": "（小型餐馆）", "单位食堂": "（学校食堂）"}

// qualify writes the 主体业态 of the rows at is with its sub-form, as real
// registers do: 餐饮服务经营者（小型餐馆）.
func qualify(b *builder, is ...int) {
	for _, i := range is {
		c := &b.sheet.Rows[i][b.col["business_form"]]
		c.text += subForms[c.text]
	}
}

// FoodBusinessBatch is a one-office register without the 日常监督管理机构
// column, as many are: its map file gives that one value for the batch.
func FoodBusinessBatch() Sample {
	s := Sample{Template: "food-business", File: "food-business-batch-register.xlsx",
		MapFile: "food-business-batch.map.yaml", Map: "# ezz convert samples/food-business-batch-register.xlsx --template templates/food-business/template.yaml --map samples/food-business-batch.map.yaml\n" +
			"# The register has no 日常监督管理机构 column: one value for every row of the batch.\n" +
			"values:\n  supervisory_org: 汉正街市场监督管理所\n"}
	rng := newRand(4)
	var header, items []string
	for i, h := range foodHeader {
		if foodItems[i] != "supervisory_org" {
			header, items = append(header, h), append(items, foodItems[i])
		}
	}
	sh := SheetSpec{Name: "汉正街所", Title: []string{"汉正街市场监督管理所食品经营许可证台账"}, Header: header}
	b := newBuilder(&sh, &s.Defects, items)
	for seq := 1; seq <= 12; seq++ {
		row := foodRow(rng, District{"420104", "硚口区"}, 900+seq)
		b.add(append(row[:10:10], row[11:]...))
	}
	qualify(b, 0, 2, 3, 5, 7, 8, 10)
	b.sheet.Rows[6] = nil
	b.plant(4, "business_form", T("餐饮服务经营者（）"), "enum-unknown", "a sub-form left empty in its brackets")
	s.Sheets = []SheetSpec{sh}
	return s
}

func foodRow(rng *rand.Rand, d District, seq int) []Cell {
	form := foodForms[rng.IntN(len(foodForms))]
	issue := Date(rng, day(2022, 6, 1), 3*365+180) // still valid for years: only live licences are digitised
	until := issue.AddDate(5, 0, -1)
	code := USCC(rng, d.Code)
	idType := "统一社会信用代码"
	if rng.IntN(4) == 0 {
		idType = "001"
	}
	offices := marketOffices[d.Name]
	no := fmt.Sprintf("JY%s%s%06d%d", form.code, d.Code, 1000+seq*37%9000, rng.IntN(10))
	return []Cell{
		T(fmt.Sprint(seq)), T(ShopName(rng, d, form.kinds[rng.IntN(len(form.kinds))])), T(idType), T(code),
		T(Name(rng)), T(Address(rng, d)), T(Address(rng, d)), T(form.label), T(form.scope), T(no),
		T(offices[rng.IntN(len(offices))]), T(Name(rng) + "、" + Name(rng)), T("12315"),
		T("武汉市" + d.Name + "市场监督管理局"), T(Name(rng)), DateCell(rng, issue), DateCell(rng, until),
	}
}

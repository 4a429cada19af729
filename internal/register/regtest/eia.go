package regtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

var eiaHeader = []string{
	"批复文号", "批复标题", "建设单位名称", "统一社会信用代码", "建设项目名称", "建设地点",
	"总投资\n（万元）", "审批意见", "批复日期", "有效期至", "备注",
}

var eiaItems = []string{
	"doc_no", "subject", "applicant", "applicant_code", "project_name", "project_site",
	"investment", "approval_text", "approval_date", "valid_until", "",
}

var eiaProjects = []string{
	"年产5万吨饲料加工", "汽车零部件生产线技术改造", "医疗器械研发及生产基地", "污水处理厂提标改造",
	"光电子器件封装测试", "商品混凝土搅拌站", "新能源电池回收利用", "生物医药中试平台",
	"冷链物流中心", "印刷包装材料生产", "数据中心", "食品加工厂扩建",
}

var companyWords = []string{"华中", "长江", "楚天", "光谷", "江城", "汉江", "东湖", "晴川", "喆越", "鼎鑫"}

// EIAApproval is the sample register of the EIA report approval: one sheet
// with a title row, a 备注 column the template does not know, and defects.
func EIAApproval() Sample {
	s := Sample{Template: "eia-approval", File: "eia-approval-register.xlsx"}
	rng := newRand(3)
	sh := SheetSpec{Name: "批复台账", Header: eiaHeader, Title: []string{"武汉市生态环境局建设项目环境影响报告表批复登记簿"}}
	b := newBuilder(&sh, &s.Defects, eiaItems)
	for i := 0; i < 36; i++ {
		b.add(eiaRow(rng, i+1))
	}
	b.plant(2, "applicant_code", T(BreakCheck(b.get(2, "applicant_code").text)), "uscc-check", "wrong check character in a credit code")
	b.plant(6, "applicant_code", N(Mangled(digitUSCC(rng))), "mangled-number", "a digit-only credit code typed as a number")
	b.plant(9, "project_site", T(""), "required", "required cell left empty")
	b.plant(12, "approval_date", T("2021年2月29日"), "date-invalid", "a date that does not exist")
	b.plant(15, "valid_until", T("2020-01-01"), "rule", "valid until before the approval date")
	b.plant(18, "doc_no", b.get(4, "doc_no"), "duplicate", "the document number of row 7")
	b.plant(21, "approval_text", T(strings.Repeat(b.get(21, "approval_text").text, 5)), "too-long", "a decision longer than 400 characters")
	b.sheet.Rows[24][b.col["applicant"]] = T("武汉喆越环保科技有限公司") // valid: 喆 is a real name character
	b.sheet.Rows[27] = nil
	s.Sheets = []SheetSpec{sh}
	return s
}

// digitUSCC returns a valid credit code made of digits only, the kind that
// turns into a number when typed into a General cell.
func digitUSCC(rng *rand.Rand) string {
	for {
		if c := USCC(rng, "420100"); strings.Trim(c, "0123456789") == "" {
			return c
		}
	}
}

func eiaRow(rng *rand.Rand, seq int) []Cell {
	d := Districts[rng.IntN(len(Districts))]
	year := 2022 + rng.IntN(4)
	approval := Date(rng, day(year, 1, 5), 350)
	project := eiaProjects[rng.IntN(len(eiaProjects))] + "项目"
	company := fmt.Sprintf("武汉%s%s有限公司", companyWords[rng.IntN(len(companyWords))],
		[]string{"科技", "实业", "环保科技", "制造", "生物科技"}[rng.IntN(5)])
	invest := Cell{kind: kindRaw, text: fmt.Sprint(100 + rng.IntN(50000))}
	if rng.IntN(3) == 0 {
		invest = T(fmt.Sprintf("%d.%d", 50+rng.IntN(3000), rng.IntN(10)))
	}
	text := fmt.Sprintf("经审查，该项目在落实报告表提出的各项污染防治和生态保护措施后，环境不利影响能够得到缓解和控制。"+
		"从生态环境保护角度，同意%s按照报告表所列性质、规模、地点和环境保护措施进行建设。", company)
	return []Cell{
		T(fmt.Sprintf("武环审〔%d〕%d号", year, seq*3+rng.IntN(3))), T("关于" + company + project + "环境影响报告表的批复"),
		T(company), T(USCC(rng, d.Code)), T(project), T(Address(rng, d)), invest, T(text),
		DateCell(rng, approval), DateCell(rng, approval.AddDate(5, 0, 0)), T(""),
	}
}

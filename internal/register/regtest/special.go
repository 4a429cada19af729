package regtest

import (
	"fmt"
	"math/rand/v2"
)

var specialHeader = []string{
	"序号", "持证人姓名", "性别", "身份证号", "操作证号", "作业类别", "准操项目",
	"初领日期", "有效期起", "有效期止", "应复审日期", "发证机关",
}

var specialItems = []string{
	"", "name", "gender", "id_number", "cert_no", "work_category", "operation_item",
	"first_issue_date", "valid_from", "valid_until", "review_due", "issuing_office",
}

var specialOps = []struct{ category, item string }{
	{"电工作业", "低压电工作业"}, {"电工作业", "高压电工作业"}, {"电工作业", "防爆电气作业"},
	{"焊接与热切割作业", "熔化焊接与热切割作业"}, {"高处作业", "登高架设作业"},
	{"高处作业", "高处安装、维护、拆除作业"}, {"制冷与空调作业", "制冷与空调设备运行操作作业"},
	{"危险化学品安全作业", "加氢工艺作业"}, {"烟花爆竹安全作业", "烟火药制造作业"},
}

var safetyOffices = []string{"湖北省应急管理厅", "武汉市应急管理局", "宜昌市应急管理局", "襄阳市应急管理局"}

// SpecialOperation is the sample register of the special operations
// certificate: one sheet under a two-row title, with defects.
func SpecialOperation() Sample {
	s := Sample{Template: "special-operation", File: "special-operation-register.xlsx"}
	rng := newRand(2)
	sh := SheetSpec{Name: "特种作业人员", Header: specialHeader, Title: []string{
		"湖北省特种作业操作证存量证照台账",
		"填报单位：湖北省应急管理厅　　统计截止：2024年6月30日",
	}}
	b := newBuilder(&sh, &s.Defects, specialItems)
	for i := 0; i < 44; i++ {
		b.add(specialRow(rng, i+1))
	}
	b.plant(3, "id_number", T(BreakCheck(b.get(3, "id_number").text)), "resident-id-check", "wrong check digit in a resident ID")
	b.sheet.Rows[3][b.col["cert_no"]] = T("T" + b.get(3, "id_number").text)
	mangled := b.get(7, "id_number").text
	if mangled[17] == 'X' { // an ID ending in X cannot be typed as a number
		mangled = mangled[:17] + "0"
	}
	b.plant(7, "id_number", N(Mangled(mangled)), "mangled-number", "an ID typed as a number (4.2E+17)")
	b.plant(10, "gender", T(""), "required", "required cell left empty")
	b.plant(13, "first_issue_date", T("2019-02-30"), "date-invalid", "a date that does not exist")
	b.plant(16, "valid_until", D(day(2015, 3, 1)), "rule", "valid until before valid from")
	b.plant(19, "operation_item", T("高压电工作业（含高压电气设备运行维护、预防性试验、检修、安装及调试作业）"), "too-long", "an operation longer than 30 characters")
	b.plant(22, "cert_no", b.get(2, "cert_no"), "duplicate", "the certificate number of row 6")
	b.sheet.Rows[25][b.col["name"]] = T(RareNames[1]) // valid
	b.sheet.Rows[28][b.col["name"]] = T(RareNames[2]) // valid
	b.sheet.Rows[31] = nil
	s.Sheets = []SheetSpec{sh}
	return s
}

func specialRow(rng *rand.Rand, seq int) []Cell {
	op := specialOps[rng.IntN(len(specialOps))]
	male := rng.IntN(5) > 0
	id := ResidentID(rng, BirthRegion(rng), Birth(rng), male)
	from := Date(rng, day(2021, 6, 1), 4*365) // the current 6-year term, valid for years yet
	first := from
	for n := rng.IntN(3); n > 0; n-- {
		first = first.AddDate(-6, 0, 0) // renewed (延续) every 6 years since
	}
	gender := "男"
	if !male {
		gender = "女"
	}
	return []Cell{
		T(fmt.Sprint(seq)), T(Name(rng)), T(gender), T(id), T("T" + id), T(op.category), T(op.item),
		DateCell(rng, first), DateCell(rng, from), DateCell(rng, from.AddDate(6, 0, -1)),
		DateCell(rng, from.AddDate(3, 0, 0)), T(safetyOffices[rng.IntN(len(safetyOffices))]),
	}
}

package dataitem

import "testing"

// BenchmarkValidate measures one register row of the food-licence standard;
// conversion needs at least 10,000 rows a second.
func BenchmarkValidate(b *testing.B) {
	c, err := foodLicence.Compile()
	if err != nil {
		b.Fatal(err)
	}
	row := map[string]string{
		"operator_name": "武汉市江汉区小吃店", "credit_code": "91350100M000100Y43", "licence_no": "JY14201030012345",
		"category": "餐饮服务经营者", "issue_date": "43525", "expiry_date": "2024年2月29日",
		"rep_id": "11010519491231002X", "staff": "12", "area": "12.5", "min_staff": "3",
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := c.Validate(row); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkStandardValidate is Validate without a compiled standard (compiles per row).
func BenchmarkStandardValidate(b *testing.B) {
	row := map[string]string{"operator_name": "小吃店", "credit_code": "91350100M000100Y43",
		"licence_no": "JY14201030012345", "issue_date": "2019-03-01", "expiry_date": "2024-02-29"}
	for b.Loop() {
		foodLicence.Validate(row)
	}
}

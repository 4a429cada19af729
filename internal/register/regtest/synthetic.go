package regtest

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Synthetic writes a food-business register of n valid rows at path, under a
// title row, with a stream writer so that any size fits in flat memory. Every
// licence number is distinct; dates alternate between date cells and text.
func Synthetic(path string, n int) error { return SyntheticFrom(path, n, 0) }

// SyntheticFrom is Synthetic with certificate numbers counted from first,
// for registers whose rows must differ from another one's.
func SyntheticFrom(path string, n, first int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"食品经营许可证发证台账（合成数据）"}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", toAnyStrings(foodHeader)); err != nil {
		return err
	}
	rng := newRand(42)
	d := District{"420103", "江汉区"}
	for i := 0; i < n; i++ {
		row := foodRow(rng, d, i+1)
		row[9] = T(fmt.Sprintf("JY2420103%07d", first+i)) // unique whatever n
		cells := make([]any, len(row))
		for j, c := range row {
			switch c.kind {
			case kindDate:
				cells[j] = excelize.Cell{StyleID: date, Value: ExcelSerial(c.date)}
			default:
				cells[j] = c.text
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

func toAnyStrings(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

package regtest

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
)

// SyntheticCSV writes the register Synthetic writes as a UTF-8 CSV file:
// the same title, header and rows, date cells as YYYY-MM-DD text. A CSV has
// no zip around it, so it can hold registers that as .xlsx would inflate past
// the reader's zip-bomb limit (1M rows).
func SyntheticCSV(path string, n int) (err error) {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriterSize(fh, 1<<16)
	w := csv.NewWriter(bw)
	if err := w.Write([]string{"食品经营许可证发证台账（合成数据）"}); err != nil {
		return err
	}
	if err := w.Write(foodHeader); err != nil {
		return err
	}
	rng := newRand(42)
	d := District{"420103", "江汉区"}
	rec := make([]string, len(foodHeader))
	for i := 0; i < n; i++ {
		row := foodRow(rng, d, i+1)
		row[9] = T(fmt.Sprintf("JY2420103%07d", i)) // unique whatever n
		for j, c := range row {
			rec[j] = c.text
			if c.kind == kindDate {
				rec[j] = c.date.Format("2006-01-02")
			}
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

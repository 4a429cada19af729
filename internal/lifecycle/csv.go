package lifecycle

import (
	"bytes"
	"encoding/csv"
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"ezz/internal/text"
)

// readCSV reads a bulk-change workbook saved as UTF-8 CSV (a BOM is allowed).
func readCSV(path string, data []byte) ([]string, []Request, map[string]text.T, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		return nil, nil, nil, text.Errorf("%s 不是 UTF-8 编码", "%s is not UTF-8", path).
			WithHint("请另存为“CSV UTF-8”或 .xlsx", "save it as CSV UTF-8 or .xlsx")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	return readRows("csv", &csvRows{r: r})
}

// csvRows gives a CSV reader the shape of excelize's row iterator.
type csvRows struct {
	r    *csv.Reader
	cur  []string
	err  error
	done bool
}

func (c *csvRows) Next() bool {
	if c.done {
		return false
	}
	c.cur, c.err = c.r.Read()
	if c.err == io.EOF {
		c.err, c.done = nil, true
		return false
	}
	return c.err == nil
}

func (c *csvRows) Columns(...excelize.Options) ([]string, error) { return c.cur, nil }
func (c *csvRows) Error() error                                  { return c.err }

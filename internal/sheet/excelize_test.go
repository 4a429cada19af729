package sheet

import (
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// repo is the repository root, for the sample registers.
const repo = "../.."

// source is what the tests read rows from: the package's reader or excelize.
type source interface {
	Next() (int, []string, error)
	Close() error
}

// excelizeSource reads one sheet's rows with excelize's streaming reader, to
// compare the package's reader with it.
type excelizeSource struct {
	rows *excelize.Rows
	num  int
}

func (s *excelizeSource) Next() (int, []string, error) {
	if !s.rows.Next() {
		return 0, nil, s.rows.Error()
	}
	s.num++
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, nil, fmt.Errorf("row %d: %w", s.num, err)
	}
	return s.num, cells, nil
}

func (s *excelizeSource) Close() error { return s.rows.Close() }

// testBook opens path with Open, failing the test if it cannot.
func testBook(t testing.TB, path string) Book {
	t.Helper()
	b, err := Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

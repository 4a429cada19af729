package register

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"ezz/internal/dataitem"
	"ezz/internal/register/regtest"
)

// BenchmarkReadValidate streams a generated food-business register through
// Open, Rows and Validator.Check, and reports rows/s and the process's peak
// RSS (ru_maxrss, so run one size per process to see it flat:
// go test -run '^$' -bench 'ReadValidate/rows=100000' -benchtime 1x ./internal/register).
func BenchmarkReadValidate(b *testing.B) {
	tpl := loadTemplate(b, "food-business")
	std := dataitem.Standard{Items: tpl.Items, Rules: tpl.Rules}
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "big.xlsx")
			if err := regtest.Synthetic(path, n); err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			allocs := mallocs()
			b.ResetTimer()
			for range b.N {
				if got := readValidate(b, path, std, tpl.Items); got != n {
					b.Fatalf("got %d valid rows, want %d", got, n)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(mallocs()-allocs)/float64(n*b.N), "allocs/row")
			b.ReportMetric(float64(peakRSS())/(1<<20), "peak-MB")
		})
	}
}

// BenchmarkRows streams the rows alone (Open, then Rows):
// go test -run '^$' -bench 'Rows/' -benchtime 3x ./internal/register
func BenchmarkRows(b *testing.B) {
	tpl := loadTemplate(b, "food-business")
	const n = 10000
	dir := b.TempDir()
	for _, format := range []string{"xlsx", "csv"} {
		path := filepath.Join(dir, "big."+format)
		write := regtest.Synthetic
		if format == "csv" {
			write = regtest.SyntheticCSV
		}
		if err := write(path, n); err != nil {
			b.Fatal(err)
		}
		b.Run("format="+format, func(b *testing.B) {
			runtime.GC()
			allocs := mallocs()
			b.ResetTimer()
			for range b.N {
				reg, err := Open(path, tpl.Items, nil)
				if err != nil {
					b.Fatal(err)
				}
				it := reg.Rows(context.Background())
				got := 0
				for it.Next() {
					got++
				}
				if it.Err() != nil || got != n {
					b.Fatalf("got %d rows (%v), want %d", got, it.Err(), n)
				}
				it.Close()
				reg.Close()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N)/1e6, "ms/row")
			b.ReportMetric(float64(mallocs()-allocs)/float64(n*b.N), "allocs/row")
		})
	}
}

func mallocs() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Mallocs
}

func readValidate(b *testing.B, path string, std dataitem.Standard, items []dataitem.Item) int {
	reg, err := Open(path, items, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer reg.Close()
	v, err := NewValidator(std, []string{"license_no"})
	if err != nil {
		b.Fatal(err)
	}
	it := reg.Rows(context.Background())
	defer it.Close()
	valid := 0
	for it.Next() {
		_, ps, err := v.Check(it.Row())
		if err != nil {
			b.Fatal(err)
		}
		if len(ps) == 0 {
			valid++
		} else if valid == 0 {
			b.Fatalf("%s: %v", it.Row().Origin, ps)
		}
	}
	if err := it.Err(); err != nil {
		b.Fatal(err)
	}
	return valid
}

// FuzzOpen feeds arbitrary bytes as a workbook: never a panic, only errors.
func FuzzOpen(f *testing.F) {
	for _, name := range []string{"food-business-register.xlsx", "eia-approval-register.xlsx"} {
		if data, err := os.ReadFile(filepath.Join(repo, "samples", name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.xlsx")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		reg, err := Open(path, testItems, nil)
		if err != nil {
			return
		}
		defer reg.Close()
		it := reg.Rows(context.Background())
		defer it.Close()
		for i := 0; it.Next() && i < 1000; i++ {
			_ = it.Row().Key
		}
	})
}

// BenchmarkFields validates rows of a generated food-business register read
// beforehand (Validator.Fields: the items and rules, without reading or the
// duplicate check), so that validation's own cost per row shows:
// go test -run '^$' -bench Fields -benchtime 3x ./internal/register
func BenchmarkFields(b *testing.B) {
	tpl := loadTemplate(b, "food-business")
	path := filepath.Join(b.TempDir(), "big.xlsx")
	const n = 10000
	if err := regtest.Synthetic(path, n); err != nil {
		b.Fatal(err)
	}
	rows := readRows(b, path, tpl.Items)
	v, err := NewValidator(dataitem.Standard{Items: tpl.Items, Rules: tpl.Rules}, []string{"license_no"})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	runtime.GC()
	allocs := mallocs()
	b.ResetTimer()
	for range b.N {
		for _, row := range rows {
			if _, ps := v.Fields(row); len(ps) != 0 {
				b.Fatalf("%s: %v", row.Origin, ps)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*b.N)/1e3, "µs/row")
	b.ReportMetric(float64(mallocs()-allocs)/float64(n*b.N), "allocs/row")
}

func readRows(b *testing.B, path string, items []dataitem.Item) []Row {
	reg, err := Open(path, items, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer reg.Close()
	rows, _ := collectRows(b, reg)
	return rows
}

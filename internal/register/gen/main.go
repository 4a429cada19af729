// Command gen writes the sample registers of the bundled templates into
// samples/ (deterministically: the same bytes on every run).
//
//	go run ./internal/register/gen [-out samples]
//	go run ./internal/register/gen -synthetic 100000 -out /tmp/big.xlsx
//	go run ./internal/register/gen -synthetic 1000000 -out /tmp/1m.csv
//
// With -synthetic N it writes one large valid food-business register of N rows
// instead, for measuring conversion speed and memory (docs/BENCHMARKS.md): an
// .xlsx workbook, or a UTF-8 CSV file when -out ends in .csv or -format is csv
// (1M rows as .xlsx inflate past the reader's 1 GiB zip limit).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"ezz/internal/register/regtest"
)

func main() {
	out := flag.String("out", "samples", "directory to write the sample registers into (with -synthetic: the file)")
	synthetic := flag.Int("synthetic", 0, "write one synthetic register of `N` rows to -out instead")
	format := flag.String("format", "", "with -synthetic: xlsx or csv (default: from the extension of -out, else xlsx)")
	flag.Parse()
	if *synthetic > 0 {
		write := regtest.Synthetic
		switch {
		case *format == "csv", *format == "" && strings.EqualFold(strings.TrimPrefix(filepath.Ext(*out), "."), "csv"):
			write = regtest.SyntheticCSV
		case *format != "" && *format != "xlsx":
			fmt.Fprintf(os.Stderr, "gen: -format %q: want xlsx or csv\n", *format)
			os.Exit(2)
		}
		if err := write(*out, *synthetic); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		return
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, s := range regtest.Samples() {
		if err := s.Write(*out); err != nil {
			fmt.Fprintf(os.Stderr, "gen: %s: %v\n", s.File, err)
			os.Exit(1)
		}
		fmt.Printf("%s/%s: %d defects\n", *out, s.File, len(s.Defects))
	}
}

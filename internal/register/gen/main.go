// Command gen writes the sample registers of the bundled templates into
// samples/ (deterministically: the same bytes on every run).
//
//	go run ./internal/register/gen [-out samples]
package main

import (
	"flag"
	"fmt"
	"os"

	"ezz/internal/register/regtest"
)

func main() {
	out := flag.String("out", "samples", "directory to write the sample registers into")
	flag.Parse()
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

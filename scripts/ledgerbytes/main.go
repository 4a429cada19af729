// Command ledgerbytes says where a ledger's bytes are, per certificate: the
// pages of each table and index (SQLite's dbstat), and how far the signed
// records in versions would deflate, alone and with the first record as a
// preset dictionary — the figures behind docs/BENCHMARKS.md, round 11, for
// planning the ledger's schema:
//
//	cd scripts/ledgerbytes && go run . LEDGER.db
//
// It opens the file read-only and counts per row of certificates.
package main

import (
	"bytes"
	"compress/flate"
	"database/sql"
	"fmt"
	"os"

	_ "modernc.org/sqlite"
)

// sample is how many records the deflate figures average over.
const sample = 200

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ledgerbytes LEDGER.db")
		os.Exit(2)
	}
	db, err := sql.Open("sqlite", "file:"+os.Args[1]+"?mode=ro")
	if err == nil {
		err = run(db)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ledgerbytes:", err)
		os.Exit(1)
	}
}

func run(db *sql.DB) error {
	var certs float64
	if err := db.QueryRow(`SELECT count(*) FROM certificates`).Scan(&certs); err != nil {
		return err
	}
	if certs == 0 {
		return fmt.Errorf("no certificates to count per")
	}
	fmt.Printf("%.0f certificates\n%-34s %8s %10s %10s\n", certs, "table or index", "pages", "B/cert", "payload")
	rs, err := db.Query(`SELECT name, count(*), sum(pgsize), sum(payload) FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC`)
	if err != nil {
		return err
	}
	defer rs.Close()
	var total float64
	for rs.Next() {
		var name string
		var pages, size, payload float64
		if err := rs.Scan(&name, &pages, &size, &payload); err != nil {
			return err
		}
		total += size
		if size/certs >= 1 {
			fmt.Printf("%-34s %8.0f %10.0f %10.0f\n", name, pages, size/certs, payload/certs)
		}
	}
	if err := rs.Err(); err != nil {
		return err
	}
	fmt.Printf("%-34s %8s %10.0f\n", "all", "", total/certs)
	return deflated(db)
}

// deflated prints the mean size of the first sample records and of their
// deflate, alone and with the first record as a preset dictionary.
func deflated(db *sql.DB) error {
	rs, err := db.Query(`SELECT record FROM versions ORDER BY rowid LIMIT ?`, sample+1)
	if err != nil {
		return err
	}
	defer rs.Close()
	var dict []byte
	var n, raw, alone, withDict int
	for rs.Next() {
		var r []byte
		if err := rs.Scan(&r); err != nil {
			return err
		}
		if dict == nil {
			dict = r
			continue
		}
		a, err := deflate(r, nil)
		if err != nil {
			return err
		}
		d, err := deflate(r, dict)
		if err != nil {
			return err
		}
		n, raw, alone, withDict = n+1, raw+len(r), alone+a, withDict+d
	}
	if err := rs.Err(); err != nil || n == 0 {
		return err
	}
	fmt.Printf("records (%d): %d B, deflated %d B, deflated with a preset dictionary %d B (means)\n", n, raw/n, alone/n, withDict/n)
	return nil
}

// deflate is the length of b deflated at the best level, with dict as the
// preset dictionary when not nil.
func deflate(b, dict []byte) (int, error) {
	var out bytes.Buffer
	w, err := flate.NewWriterDict(&out, flate.BestCompression, dict)
	if err != nil {
		return 0, err
	}
	if _, err := w.Write(b); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return out.Len(), nil
}

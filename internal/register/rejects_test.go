package register

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"ezz/internal/dataitem"
)

// TestRejectsRoundTrip writes the rejects of the food-business sample, fixes
// one rejected cell, feeds the workbook back and checks that it maps the same
// way, the fixed row validates with a new key and the others keep their origin.
func TestRejectsRoundTrip(t *testing.T) {
	tpl := loadTemplate(t, "food-business")
	std := dataitem.Standard{Items: tpl.Items, Rules: tpl.Rules}
	out := filepath.Join(t.TempDir(), "rejects.xlsx")
	keys := writeRejects(t, filepath.Join(repo, "samples", "food-business-register.xlsx"), out, std, tpl.Items)
	if len(keys) != 7 {
		t.Fatalf("got %d rejects, want the 7 planted defects", len(keys))
	}

	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	reason, _ := f.GetCellValue("江汉区", "S4")
	origin, _ := f.GetCellValue("江汉区", "R4")
	if origin != "江汉区!6" || reason == "" {
		t.Fatalf("first reject: got origin %q reason %q, want 江汉区!6 and a reason", origin, reason)
	}
	style, _ := f.GetCellStyle("江汉区", "D4")
	if style == 0 {
		t.Error("the bad cell D4 is not highlighted")
	}
	if cs, _ := f.GetComments("江汉区"); len(cs) == 0 {
		t.Error("no cell comments")
	}
	// Fix the credit code of the first reject (江汉区!6, a wrong check character).
	if err := f.SetCellStr("江汉区", "D4", "91350100M000100Y43"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	again := filepath.Join(t.TempDir(), "rejects2.xlsx")
	keys2 := writeRejects(t, out, again, std, tpl.Items)
	// 6 still bad, less the duplicate: its first occurrence was issued from the
	// original register and is not in the rejects workbook, so only the ledger
	// (the convert pipeline's check against issued numbers) can catch it now.
	if len(keys2) != 5 {
		t.Errorf("after fixing one row: got %d rejects, want 5", len(keys2))
	}
	for origin, k := range keys2 {
		if keys[origin] != k {
			t.Errorf("%s: unchanged row got a new key %s (was %s)", origin, k, keys[origin])
		}
	}
	if _, still := keys2["江汉区!6"]; still {
		t.Error("the fixed row is still rejected")
	}
}

// writeRejects validates in and writes its rejects to out; it returns the
// rejected rows' keys by origin.
func writeRejects(t *testing.T, in, out string, std dataitem.Standard, items []dataitem.Item) map[string]string {
	t.Helper()
	reg, err := Open(in, items, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if err := reg.Err(); err != nil {
		t.Fatalf("%s: %v", in, err)
	}
	for _, p := range reg.Problems() {
		if p.Code == CodeUnmapped && (p.Header == HeaderOrigin || p.Header == HeaderReason) {
			t.Errorf("the rejects column %s is reported unmapped", p.Header)
		}
	}
	v, err := NewValidator(std, []string{"license_no"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewRejects(out)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	it := reg.Rows(context.Background())
	defer it.Close()
	for it.Next() {
		row := it.Row()
		_, ps, err := v.Check(row)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) > 0 {
			keys[row.Origin] = row.Key
			if err := w.Add(row, ps); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestIsStagedRejects: only the names os.CreateTemp gives a rejects
// workbook being written are taken for one.
func TestIsStagedRejects(t *testing.T) {
	for name, want := range map[string]bool{
		".rejects-2246840564.xlsx": true,
		".rejects-.xlsx":           false,
		".rejects-old.xlsx":        false,
		"reg.rejects.xlsx":         false,
		".rejects-12.xlsx.bak":     false,
		"12.xlsx":                  false,
	} {
		if got := IsStagedRejects(name); got != want {
			t.Errorf("IsStagedRejects(%q) = %v, want %v", name, got, want)
		}
	}
}

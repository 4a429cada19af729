package register

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"ezz/internal/catalogue"
	"ezz/internal/dataitem"
	"ezz/internal/register/regtest"
)

// repo is the repository root, from this package's directory.
const repo = "../.."

func loadTemplate(t testing.TB, name string) *catalogue.Template {
	t.Helper()
	tpl, err := catalogue.Load(filepath.Join(repo, "templates", name, "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// TestSamplesUpToDate regenerates the sample registers and compares them with
// the committed files: run `go run ./internal/register/gen` after changing the generator.
func TestSamplesUpToDate(t *testing.T) {
	dir := t.TempDir()
	for _, s := range regtest.Samples() {
		if err := s.Write(dir); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{s.File, s.MapFile} {
			if f == "" {
				continue
			}
			got, _ := os.ReadFile(filepath.Join(dir, f))
			want, err := os.ReadFile(filepath.Join(repo, "samples", f))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("samples/%s differs from the generator's output (%v): run go run ./internal/register/gen", f, err)
			}
		}
	}
}

// TestSamples converts each committed sample register: the mapping is clean
// of errors, and exactly the planted defects are rejected, each with its code.
func TestSamples(t *testing.T) {
	for _, s := range regtest.Samples() {
		t.Run(s.File, func(t *testing.T) {
			tpl := loadTemplate(t, s.Template)
			var m *MapFile
			if s.MapFile != "" {
				var err error
				if m, err = LoadMapFile(filepath.Join(repo, "samples", s.MapFile)); err != nil {
					t.Fatal(err)
				}
			}
			got, st := rejectCodes(t, filepath.Join(repo, "samples", s.File), tpl, m)
			want := map[string]string{}
			for _, d := range s.Defects {
				want[regLocation(d.Sheet, d.Row)] += d.Item + ":" + d.Code + " "
			}
			for loc, w := range want {
				if !strings.Contains(got[loc], strings.TrimSpace(w)) {
					t.Errorf("%s: got %q, want %q", loc, got[loc], w)
				}
			}
			for loc, g := range got {
				if _, ok := want[loc]; !ok {
					t.Errorf("%s: rejected (%s), but no defect was planted there", loc, g)
				}
			}
			if st.Empty == 0 {
				t.Errorf("stats %+v: want the planted empty row skipped", st)
			}
		})
	}
}

func regLocation(sheet string, row int) string { return fmt.Sprintf("%s!%d", sheet, row) }

// rejectCodes validates every row and returns "item:code" lists by location.
func rejectCodes(t *testing.T, path string, tpl *catalogue.Template, m *MapFile) (map[string]string, Stats) {
	t.Helper()
	reg, err := Open(path, tpl.Items, m)
	if err != nil {
		t.Fatal(err)
	}
	defer reg.Close()
	if err := reg.Err(); err != nil {
		t.Fatalf("mapping: %v", err)
	}
	v, err := NewValidator(dataitem.Standard{Items: tpl.Items, Rules: tpl.Rules}, []string{tpl.Metadata.Number})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	it := reg.Rows(context.Background())
	defer it.Close()
	for it.Next() {
		row := it.Row()
		_, ps, err := v.Check(row)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, p := range ps {
			if p.Column == "" {
				t.Errorf("%s: problem %s without a column", row.Origin, p.Code)
			}
			codes = append(codes, p.Item+":"+p.Code)
		}
		sort.Strings(codes)
		if len(codes) > 0 {
			got[row.Origin] = strings.Join(codes, " ")
		}
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	return got, it.Stats()
}

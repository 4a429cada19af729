package lifecycle

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadCSV feeds hostile bulk-change files to the reader: it must return
// an error or requests, never panic, and every request it returns without a
// problem must be a change the state machine knows.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("证照标识,操作,原因\n1.2.156.3005.2.X.Y.S.001.Z,吊销,违法\n"))
	f.Add([]byte("\ufeff证照编号,操作,原因,有效期至\nJY1,extend,到期,2031-01-01\n,\"a\nb\",x,\n"))
	f.Add([]byte("number,action,reason,经营场所\nJY1,alter,x,新址\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, reqs, bad, err := ReadWorkbook(path)
		if err != nil {
			return
		}
		for _, r := range reqs {
			if _, refused := bad[r.Row]; refused {
				continue
			}
			if _, ok := actionNames[r.Action]; !ok || r.Reason == "" || (r.Identifier == "" && r.Number == "") {
				t.Fatalf("row %s accepted but incomplete: %+v", r.Row, r)
			}
		}
	})
}

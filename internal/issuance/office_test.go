package issuance

import (
	"fmt"
	"sync"
	"testing"

	"ezz/internal/workspace"
)

// TestOfficeCodes: the remembered code of every name is the workspace's own
// answer — registered names, aliases, their full-width and spaced forms,
// names of no office — from goroutines at once, past the names it keeps.
func TestOfficeCodes(t *testing.T) {
	ws := &workspace.Workspace{Config: workspace.Config{
		Agency: workspace.Agency{Name: "示例市市场监督管理局", Code: "91350100M000100Y43"},
		Offices: []workspace.Office{
			{Name: "示例市东区市场监督管理局", Code: "11350100MB0000001A", Aliases: []string{"东区局", "East District A1"}},
			{Name: "示例市西区市场监督管理局", Code: "11350100MB0000002B"},
		},
	}}
	names := []string{"示例市东区市场监督管理局", "示例市东区 市场监督管理局", "东区局", "East District A1", "Ｅａｓｔ District A1",
		"示例市西区市场监督管理局", "示例市西区市场监督管理局\u3000", "示例市市场监督管理局", "北区局", ""}
	for i := range 2 * maxOfficeCodes {
		names = append(names, fmt.Sprintf("办事处%d", i))
	}
	var c officeCodes
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 2 {
				for _, name := range names {
					if got, want := c.of(ws, name), ws.IssuerCode(name); got != want {
						t.Errorf("code of %q: got %s, want %s", name, got, want)
					}
				}
			}
		})
	}
	wg.Wait()
	kept := 0
	c.codes.Range(func(any, any) bool { kept++; return true })
	if kept > maxOfficeCodes {
		t.Errorf("%d names kept, at most %d", kept, maxOfficeCodes)
	}
}

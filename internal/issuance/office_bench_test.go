package issuance

import (
	"fmt"
	"testing"

	"ezz/internal/workspace"
)

// BenchmarkOfficeCode is the issuing office's code of a row, in a workspace
// of 8 offices with an alias each ("direct": workspace.IssuerCode each time).
func BenchmarkOfficeCode(b *testing.B) {
	ws := &workspace.Workspace{Config: workspace.Config{Agency: workspace.Agency{Name: "示例市市场监督管理局", Code: "91350100M000100Y43"}}}
	for i := range 8 {
		ws.Config.Offices = append(ws.Config.Offices, workspace.Office{Name: fmt.Sprintf("示例市第%d区市场监督管理局", i), Code: fmt.Sprintf("11350100MB000000%dA", i), Aliases: []string{fmt.Sprintf("第%d区局", i)}})
	}
	name := "示例市第7区市场监督管理局"
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			ws.IssuerCode(name)
		}
	})
	b.Run("remembered", func(b *testing.B) {
		var c officeCodes
		for b.Loop() {
			c.of(ws, name)
		}
	})
}

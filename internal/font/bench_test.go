package font

import "testing"

const benchText = "武汉市江汉区味之源餐饮管理有限公司 湖北省武汉市江汉区建设大道568号新世界国贸大厦1座12层1203室 刘䶮"

func BenchmarkResolveWarm(b *testing.B) {
	testChain(b)
	for b.Loop() {
		if _, err := Resolve(testNames, SystemDirs()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMissing(b *testing.B) {
	c := testChain(b)
	for b.Loop() {
		c.Missing(benchText)
	}
}

func BenchmarkFitWrapShrink(b *testing.B) {
	c := testChain(b)
	box := Box{W: 60, H: 10, Size: 11, MinSize: 6, Wrap: true, Shrink: true}
	for b.Loop() {
		c.Fit(benchText, box)
	}
}

// BenchmarkSubset subsets the glyphs of a face's values in wqy-microhei
// (the per-document subset of a certificate).
func BenchmarkSubset(b *testing.B) {
	c := testChain(b)
	f := c.Font(0)
	var gids []uint16
	seen := map[uint16]bool{}
	for _, r := range benchText + "食品销售经营者热食类食品制售预包装食品销售含冷藏冷冻食品张三李四王五赵六" {
		if g := f.GlyphIndex(r); g != 0 && !seen[g] {
			seen[g] = true
			gids = append(gids, g)
		}
	}
	for b.Loop() {
		if _, _, err := f.Subset(gids); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(gids)), "glyphs")
}

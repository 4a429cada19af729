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

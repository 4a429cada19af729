package qr

import (
	"math/rand/v2"
	"strings"
	"testing"

	"rsc.io/qr/coding"
)

// encodingBits is the size rsc.io/qr gives the segments in size class class.
func encodingBits(payload string, segs []segment, class int) int {
	v := coding.Version([3]int{1, 10, 27}[class])
	n := 0
	for _, e := range encodings(payload, segs) {
		n += e.Bits(v)
	}
	return n
}

// bestBits is the reference optimum: the shortest path over every split of
// payload into segments, each priced by rsc.io/qr's own Bits.
func bestBits(payload string, class int) int {
	v := coding.Version([3]int{1, 10, 27}[class])
	n := len(payload)
	best := make([]int, n+1)
	for j := 1; j <= n; j++ {
		best[j] = 1 << 30
		for i := range j {
			text := payload[i:j]
			for _, e := range []coding.Encoding{coding.Num(text), coding.Alpha(text), coding.String(text)} {
				if e.Check() == nil && best[i]+e.Bits(v) < best[j] {
					best[j] = best[i] + e.Bits(v)
				}
			}
		}
	}
	return best[n]
}

// TestSegmentsOptimal checks the segmenter against the exhaustive optimum in
// each size class, on tokens' shapes and random mixtures.
func TestSegmentsOptimal(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	payloads := []string{
		"A", "1", "a", "12", "ABC#1", "https://zz.example.gov.cn/v#EZZ1:1.2.156",
		urlPrefix + "EZZ1:" + longID + ":680%253FUOS6LU:QQ1O7E201OC/10QDU7JQ",
		"HTTPS://ZZ.EXAMPLE.GOV.CN/VERIFY?T=EZZ1:" + longID,
	}
	for range 150 {
		payloads = append(payloads, randomPayload(r, 1+r.IntN(120)))
	}
	for _, p := range payloads {
		from := make([]uint8, numModes*len(p))
		for class := range 3 {
			bits, last := segmentBits(p, class, from)
			segs := segments(from, last)
			checkCover(t, p, segs)
			if got := encodingBits(p, segs, class); got != bits {
				t.Fatalf("%q class %d: segments take %d bits, segmentBits said %d", p, class, got, bits)
			}
			if want := bestBits(p, class); bits != want {
				t.Fatalf("%q class %d: got %d bits, optimum is %d (segments %v)", p, class, bits, want, segs)
			}
		}
	}
}

// checkCover checks segs tile payload in order with characters their modes allow.
func checkCover(t *testing.T, payload string, segs []segment) {
	t.Helper()
	at := 0
	for _, sg := range segs {
		if sg.start != at || sg.end <= sg.start {
			t.Fatalf("%q: segments %v do not tile the payload", payload, segs)
		}
		for i := sg.start; i < sg.end; i++ {
			if !allowed(int(sg.mode), payload[i]) {
				t.Fatalf("%q: segment %v holds %q", payload, sg, payload[i])
			}
		}
		at = sg.end
	}
	if at != len(payload) {
		t.Fatalf("%q: segments %v end at %d, want %d", payload, segs, at, len(payload))
	}
}

// FuzzSegments checks any payload's segments tile it, fit the version chosen,
// and, for printable ASCII payloads that fit MaxQRVersion, read back with gozxing.
func FuzzSegments(f *testing.F) {
	for _, s := range []string{
		"", "A", "1234567890", "EZZ1:" + longID + ":ABC%25",
		urlPrefix + "EZZ1:" + longID, "https://zz.example.gov.cn/v#EZZ1:1.2", "a1b2c3", "\x00\xff",
		strings.Repeat("9", 40) + "#" + strings.Repeat("Z", 40),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		v, segs, err := choose(p)
		if err != nil {
			return
		}
		checkCover(t, p, segs)
		class := 0
		if v >= 27 {
			class = 2
		} else if v >= 10 {
			class = 1
		}
		if bits := encodingBits(p, segs, class); bits > capacity(v) || v > 1 && v != 10 && v != 27 && bits <= capacity(v-1) {
			t.Fatalf("%q: %d bits in version %d of %d bits (version %d holds %d)", p, bits, v, capacity(v), v-1, capacity(v-1))
		}
		if v <= MaxQRVersion && printable(p) {
			checkDecodes(t, p)
		}
	})
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

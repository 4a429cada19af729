package font

// offHeapBytes is the size from which a font's bytes are kept outside the Go
// heap, on Linux (offheap_linux.go). The collector sizes its heap as a
// multiple of the live heap, so bytes that live as long as the process and
// hold no pointers are better outside it: the food-business template's four
// fonts (≈56 MB, the two Hanazono files 51 MB of them) were 80 % of a
// conversion's live heap, and the collector's headroom over them another
// ≈56 MB of resident memory.
const offHeapBytes = 1 << 20

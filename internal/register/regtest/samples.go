package regtest

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// Defect is a deliberate error planted in a sample register: the row must be
// rejected with this code on this item.
type Defect struct {
	Sheet string
	Row   int
	Item  string
	Code  string
	What  string // what was planted, for the docs and test messages
}

// Sample is a generated sample register for one bundled template.
type Sample struct {
	Template string // directory under templates/
	File     string // file name under samples/
	Sheets   []SheetSpec
	Defects  []Defect
	MapFile  string // file name under samples/ of its map file, if it needs one
	Map      string // the map file's text
}

// Write writes the sample register, and its map file if any, into dir.
func (s Sample) Write(dir string) error {
	if s.MapFile != "" {
		if err := os.WriteFile(filepath.Join(dir, s.MapFile), []byte(s.Map), 0o644); err != nil {
			return err
		}
	}
	return Write(filepath.Join(dir, s.File), s.Sheets)
}

// Samples returns the sample registers of the bundled templates.
func Samples() []Sample {
	return []Sample{FoodBusiness(), SpecialOperation(), EIAApproval(), FoodBusinessBatch()}
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x657a7a)) }

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// builder collects the rows of one sheet and the defects planted in them.
type builder struct {
	sheet   *SheetSpec
	defects *[]Defect
	col     map[string]int // item id → column index
}

func newBuilder(s *SheetSpec, defects *[]Defect, items []string) *builder {
	b := &builder{sheet: s, defects: defects, col: map[string]int{}}
	for i, id := range items {
		if id != "" {
			b.col[id] = i
		}
	}
	return b
}

// add appends a row and returns its index.
func (b *builder) add(row []Cell) int {
	b.sheet.Rows = append(b.sheet.Rows, row)
	return len(b.sheet.Rows) - 1
}

// plant changes item in row i and records the defect.
func (b *builder) plant(i int, item string, c Cell, code, what string) {
	b.sheet.Rows[i][b.col[item]] = c
	b.expect(i, item, code, what)
}

func (b *builder) expect(i int, item, code, what string) {
	*b.defects = append(*b.defects, Defect{Sheet: b.sheet.Name, Row: b.sheet.RowNumber(i),
		Item: item, Code: code, What: what})
}

func (b *builder) get(i int, item string) Cell { return b.sheet.Rows[i][b.col[item]] }

package register

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"ezz/internal/sheet"
)

// Row is one data row of a register.
type Row struct {
	Sheet  string            // the sheet it was read from
	Number int               // its 1-based Excel row number there
	Cells  map[string]string // item id → raw cell text, for every mapped item
	Raw    []string          // the original cells, in column order
	Types  []sheet.Type      // their kinds and number formats (as long as Raw or shorter)
	// Origin is "sheet!row" where the row first came from: its own place, or,
	// for a row of a rejects workbook, the 原行号 it carries.
	Origin string
	// Key identifies the row for resuming a batch: Origin plus a hash of the
	// mapped cells. A row fed again unchanged has the same key (it is not issued
	// twice); a row fixed in the rejects workbook has a new key (it is issued).
	Key string

	sheet *Sheet
}

// Column returns the letter of the column holding an item in the row's sheet.
func (r Row) Column(item string) string {
	if r.sheet == nil {
		return ""
	}
	return r.sheet.ItemColumn(item)
}

// Heading returns the register's heading of the column holding an item in
// the row's sheet, "" if none.
func (r Row) Heading(item string) string {
	if r.sheet == nil {
		return ""
	}
	if i, ok := r.sheet.itemCol[item]; ok {
		h := strings.NewReplacer("\r", "", "\n", "").Replace(r.sheet.Columns[i].Header)
		return strings.Join(strings.Fields(h), " ")
	}
	return ""
}

// Stats counts what the row iterator has seen below the header rows. Every
// data row must end issued, rejected or already issued, so that
// Rows = issued + rejected + already issued: no row is lost silently.
type Stats struct {
	Rows  int `json:"rows"`  // data rows handed out by Next
	Empty int `json:"empty"` // rows skipped because every cell is blank
}

// RowIter streams the data rows of every mapped sheet in order.
type RowIter struct {
	ctx   context.Context
	reg   *Register
	si    int
	src   sheet.Rows
	num   int // number of the last row element read in the sheet
	seen  int
	row   Row
	err   error
	stats Stats
}

// Rows returns an iterator over the data rows. Memory stays flat whatever
// the size of the register: rows are decoded one at a time.
func (r *Register) Rows(ctx context.Context) *RowIter {
	it := &RowIter{ctx: ctx, reg: r}
	if err := r.Err(); err != nil {
		it.err = err
	}
	return it
}

// Next advances to the next data row, skipping blank ones; it returns false
// at the end or on an error (see Err).
func (it *RowIter) Next() bool {
	for it.err == nil {
		if it.src == nil && !it.openSheet() {
			return false
		}
		num, cells, err := it.src.Next()
		if err != nil {
			it.err = fmt.Errorf("read register %q sheet %q: %w", it.reg.path, it.sheet().Name, err)
			return false
		}
		if num == 0 {
			it.err = it.src.Close()
			it.src = nil
			it.si++
			continue
		}
		header := it.sheet().HeaderRow
		if first := max(it.num+1, header+1); num > first {
			it.stats.Empty += num - first // rows with no row element are blank
		}
		it.num = num
		if num <= header {
			continue
		}
		if it.seen++; it.seen%64 == 0 {
			if it.err = it.ctx.Err(); it.err != nil {
				return false
			}
		}
		if blank(cells, it.sheet()) {
			it.stats.Empty++
			continue
		}
		it.row = newRow(it.sheet(), num, cells)
		it.row.Types = it.src.Types()
		it.stats.Rows++
		return true
	}
	return false
}

// openSheet starts the next sheet; false when there is none left or it fails.
func (it *RowIter) openSheet() bool {
	if it.si >= len(it.reg.sheets) {
		return false
	}
	it.num = 0
	src, err := it.reg.book.Rows(it.sheet().Name)
	if err != nil {
		it.err = fmt.Errorf("read register %q sheet %q: %w", it.reg.path, it.sheet().Name, err)
		return false
	}
	it.src = src
	return true
}

func (it *RowIter) sheet() *Sheet { return it.reg.sheets[it.si] }

// Row returns the current row.
func (it *RowIter) Row() Row { return it.row }

// Err returns the error that ended the iteration, if any.
func (it *RowIter) Err() error { return it.err }

// Stats returns the counts so far.
func (it *RowIter) Stats() Stats { return it.stats }

// Close releases the iterator; it is safe to call more than once.
func (it *RowIter) Close() error {
	if it.src == nil {
		return nil
	}
	err := it.src.Close()
	it.src = nil
	it.si = len(it.reg.sheets)
	return err
}

// blank reports whether every cell of the row, save the rejects workbook's
// own columns, is empty or white space.
func blank(cells []string, s *Sheet) bool {
	for i, c := range cells {
		if i < len(s.Columns) && s.Columns[i].Reserved {
			continue
		}
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func newRow(s *Sheet, num int, cells []string) Row {
	keys := s.keyCells()
	r := Row{Sheet: s.Name, Number: num, Raw: cells, sheet: s, Cells: make(map[string]string, len(keys))}
	var hb [1024]byte
	h := hb[:0] // what the key hashes
	for _, k := range keys {
		v := k.value
		if !k.fixed && k.col < len(cells) { // a short row's last cells are empty
			v = cells[k.col]
		}
		r.Cells[k.id] = v
		h = appendCell(h, k.id, v)
	}
	var buf [160]byte
	key := strconv.AppendInt(append(append(buf[:0], s.Name...), '!'), int64(num), 10)
	if s.originCol >= 0 && s.originCol < len(cells) {
		if o := strings.TrimSpace(cells[s.originCol]); validOrigin(o) {
			key = append(key[:0], o...)
		}
	}
	n := len(key)
	key = appendHash(append(key, '#'), h)
	r.Key = string(key)
	r.Origin = r.Key[:n] // one string for both
	return r
}

// keyCell is a mapped item of a sheet: its column, or the map file's value
// for every row.
type keyCell struct {
	id    string
	col   int
	value string
	fixed bool // value, not a column
}

// keyCells returns the sheet's mapped items sorted by id (kept from
// mapColumns; computed again for a sheet built otherwise).
func (s *Sheet) keyCells() []keyCell {
	if s.keys != nil {
		return s.keys
	}
	return s.newKeyCells()
}

func (s *Sheet) newKeyCells() []keyCell {
	ids := s.sortedIDs()
	keys := make([]keyCell, 0, len(ids))
	for _, id := range ids {
		k := keyCell{id: id, col: s.itemCol[id]}
		if v, ok := s.Values[id]; ok { // a value wins over a column
			k.value, k.fixed = v, true
		}
		keys = append(keys, k)
	}
	return keys
}

// Location renders a row's place as "sheet!row", the form of the 原行号 column.
func Location(sheet string, row int) string {
	var buf [128]byte
	b := append(append(buf[:0], sheet...), '!')
	return string(strconv.AppendInt(b, int64(row), 10))
}

var originRE = regexp.MustCompile(`^.{1,31}![1-9][0-9]{0,6}$`)

func validOrigin(s string) bool { return originRE.MatchString(s) }

// sortedIDs returns the sheet's mapped item ids in order (kept from
// mapColumns; computed again for a sheet built otherwise).
func (s *Sheet) sortedIDs() []string {
	if s.keyIDs != nil || len(s.itemCol)+len(s.Values) == 0 {
		return s.keyIDs
	}
	ids := make([]string, 0, len(s.itemCol)+len(s.Values))
	for id := range s.itemCol {
		ids = append(ids, id)
	}
	for id := range s.Values {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// The key's hash covers the mapped cells by item id (keys sorted by id), so
// that it does not depend on column order or on the rejects workbook's extra
// columns: SHA-256 of id NUL value NUL … in id order, the first 8 bytes in
// hex (appendCell, then appendHash).

// appendCell appends one mapped cell to what the key hashes.
func appendCell(b []byte, id, value string) []byte {
	b = append(append(b, id...), 0)
	return append(append(b, value...), 0)
}

// appendHash appends the key's hash of the cells b to dst.
func appendHash(dst, b []byte) []byte {
	sum := sha256.Sum256(b)
	return hex.AppendEncode(dst, sum[:8])
}

package register

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"

	"ezz/internal/dataitem"
	"ezz/internal/text"
)

// CodeDuplicate is the problem code of a row repeating an earlier row's unique items.
const CodeDuplicate = "duplicate"

// Validator checks rows against a data-item standard and finds duplicates
// within the file, across sheets.
type Validator struct {
	std    *dataitem.Compiled
	labels map[string]string
	unique [][]string

	mu     sync.Mutex
	seen   *uniqueSet // the unique values of each row so far → the first row with them
	sheets []string   // the sheets of places, by index
	key    []byte     // scratch for uniqueKey
}

// place is a row: its sheet's index in Validator.sheets and its number.
type place struct{ sheet, row uint32 }

// NewValidator compiles std. Each unique set names items whose values
// together must not repeat within the register, such as the item the
// template maps to metadata.number, or the holder code with the number.
func NewValidator(std dataitem.Standard, unique ...[]string) (*Validator, error) {
	c, err := std.Compile()
	if err != nil {
		return nil, err
	}
	v := &Validator{std: c, labels: map[string]string{}, seen: newUniqueSet()}
	for _, it := range std.Items {
		v.labels[it.ID] = it.Label
	}
	for _, set := range unique {
		for _, id := range set {
			if _, ok := v.labels[id]; !ok {
				return nil, fmt.Errorf("unique items: %q is not a data item", id)
			}
		}
		if len(set) > 0 {
			v.unique = append(v.unique, set)
		}
	}
	return v, nil
}

// Check validates a row and returns its normalised values (every item, with
// defaults filled in) and its problems tied to column letters; no problems
// means the row can be issued. Rows must be checked in file order (from one
// goroutine, or serialised) so that "first" in a duplicate is the earlier row;
// every row must be checked, including rows already issued in an earlier run,
// or their duplicates go unnoticed. The error is the duplicate check's
// temporary file failing (see Duplicate).
func (v *Validator) Check(row Row) (map[string]string, []Problem, error) {
	values, problems := v.Fields(row)
	p, err := v.Duplicate(row, values, problems)
	if p != nil {
		problems = append(problems, *p)
	}
	return values, problems, err
}

// Fields is Check without the duplicate check, so that rows can be checked on
// several goroutines at once; Duplicate must then be called for every row,
// in file order, with what Fields returned.
func (v *Validator) Fields(row Row) (map[string]string, []Problem) {
	values, errs := v.std.Validate(row.Cells)
	problems := make([]Problem, 0, len(errs))
	for _, e := range errs {
		problems = append(problems, v.problem(row, e))
	}
	return values, problems
}

// Duplicate records the row's unique values and returns a problem when an
// earlier row has them; problems are the row's from Fields. The values are
// kept in a temporary file (uniqueSet), removed by Close; an error means it
// could not be written or read back, and the row is then not checked.
func (v *Validator) Duplicate(row Row, values map[string]string, problems []Problem) (*Problem, error) {
	if len(v.unique) == 0 {
		return nil, nil
	}
	var bad map[string]bool
	for _, p := range problems {
		if bad == nil {
			bad = map[string]bool{}
		}
		bad[p.Item] = true
	}
	return v.claim(row, values, bad)
}

func (v *Validator) problem(row Row, e dataitem.FieldError) Problem {
	p := Problem{Column: row.Column(e.Item), Item: e.Item, Label: headingLabel(row, e.Item, e.Label), Code: e.Code,
		Message: e.Message}
	if row.sheet != nil && typedAsNumber(e.Code, row.Cells[e.Item]) { // a cell of a workbook, not data given as text
		p.Message = text.F("%s（若该单元格曾是数字格式，Excel 只保留 15 位有效数字：请把该列设为文本格式后重新录入）",
			"%s (if the cell was a number, Excel kept only 15 significant digits: format the column as text and re-enter it)", p.Message)
	}
	return p
}

// typedAsNumber reports whether a code failing its check looks like a number
// cell that lost digits: 16 or more digits ending in zeros.
func typedAsNumber(code, raw string) bool {
	switch code {
	case dataitem.CodeIDCheck, dataitem.CodeUSCCCheck, dataitem.CodeHolderIDFormat,
		dataitem.CodeIDBirthDate, dataitem.CodePattern:
	default:
		return false
	}
	s := strings.TrimSpace(raw)
	return len(s) >= 16 && strings.Trim(s, "0123456789") == "" && strings.HasSuffix(s, "00")
}

// claim records the row's unique values and returns a duplicate problem when
// an earlier row has them. Values that failed validation count in their
// trimmed form; sets with an empty value are not checked.
func (v *Validator) claim(row Row, values map[string]string, bad map[string]bool) (*Problem, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	here := place{sheet: v.sheetIndex(row.Sheet), row: uint32(row.Number)}
	for i, set := range v.unique {
		var ok bool
		v.key, ok = uniqueKey(v.key[:0], i, set, row, values, bad)
		if !ok {
			continue
		}
		first, dup, err := v.seen.claim(v.key, here)
		if err != nil {
			return nil, text.Wrap(err, "检查登记表内的重复行时无法使用临时文件", "the in-file duplicate check could not use its temporary file").
				WithHint("请确认临时目录（%s）可写且有空闲空间，然后重新运行", "make sure the temporary directory (%s) is writable and has free space, then run again", os.TempDir())
		}
		if dup {
			return v.duplicate(row, set, Location(v.sheets[first.sheet], int(first.row))), nil
		}
	}
	return nil, nil
}

// Close removes the duplicate check's temporary file.
func (v *Validator) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.seen.close()
}

// sheetIndex is the index of sheet in v.sheets, added when new.
func (v *Validator) sheetIndex(sheet string) uint32 {
	for i := len(v.sheets) - 1; i >= 0; i-- {
		if v.sheets[i] == sheet {
			return uint32(i)
		}
	}
	v.sheets = append(v.sheets, sheet)
	return uint32(len(v.sheets) - 1)
}

// uniqueKey appends to b the unique set i's values of the row, each after a
// 0 byte; false when one of them is empty.
func uniqueKey(b []byte, i int, set []string, row Row, values map[string]string, bad map[string]bool) ([]byte, bool) {
	b = strconv.AppendInt(b, int64(i), 10)
	for _, id := range set {
		val := values[id]
		if bad[id] {
			val = strings.TrimSpace(row.Cells[id])
		}
		if val == "" {
			return b, false
		}
		b = append(b, 0)
		b = append(b, val...)
	}
	return b, true
}

func (v *Validator) duplicate(row Row, set []string, first string) *Problem {
	labels := make([]string, len(set))
	for i, id := range set {
		labels[i] = headingLabel(row, id, v.labels[id])
	}
	sheet, num := first, ""
	if i := strings.LastIndexByte(first, '!'); i >= 0 {
		sheet, num = first[:i], first[i+1:]
	}
	return &Problem{
		Column: row.Column(set[0]), Item: set[0], Label: strings.Join(labels, "+"), Code: CodeDuplicate,
		Message: text.F("与工作表“%[1]s”第 %[2]s 行重复：请核对，同一证照只能登记一行", "repeats row %[2]s of sheet “%[1]s” (%[3]s): a certificate may appear only once; check which row is right",
			sheet, num, strings.Join(set, "+")),
	}
}

// headingLabel names an item as the clerk's register does: the column's
// heading, with the template's label in brackets when the two differ
// (有效期止（有效期结束日期）); the label alone when no column holds it.
func headingLabel(row Row, item, label string) string {
	h := strings.TrimRight(row.Heading(item), ":：")
	switch {
	case h == "":
		return label
	case NormalizeHeader(h) == NormalizeHeader(label) || label == "":
		return h
	}
	return h + "（" + label + "）"
}

package register

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"ezz/internal/dataitem"
	"ezz/internal/text"
)

// findHeader returns the 1-based row of top that names the most items, the
// earliest on ties, or 0 when no row names enough of them to be a header.
func findHeader(top [][]string, mt *matcher, m *MapFile, nItems int) int {
	explicit := explicitByHeader(m)
	best, bestScore := 0, 0
	for i, cells := range top {
		seen := map[string]bool{}
		for _, c := range cells {
			if len(c) > maxHeadingBytes {
				continue // a heading is a few words, never a paragraph
			}
			if id, ok := explicit[NormalizeHeader(c)]; ok && id != Ignore {
				seen[id] = true
				continue
			}
			if ids := mt.match(c); len(ids) > 0 {
				seen[ids[0]] = true
			}
		}
		if len(seen) > bestScore {
			best, bestScore = i+1, len(seen)
		}
	}
	if bestScore < min(2, nItems) {
		return 0
	}
	return best
}

// maxHeadingBytes bounds the cells findHeader normalises: longer cells are data.
const maxHeadingBytes = 400

// explicitByHeader returns the map file's heading-text entries under their normalised headings.
func explicitByHeader(m *MapFile) map[string]string {
	out := map[string]string{}
	for k, v := range m.Columns {
		if !isLetterKey(k) {
			out[NormalizeHeader(k)] = v
		}
	}
	return out
}

// mapColumns assigns an item to each column and returns the problems found doing so.
func (s *Sheet) mapColumns(mt *matcher, m *MapFile) []MapProblem {
	explicit := explicitByHeader(m)
	n := len(s.Header)
	for k := range m.Columns {
		if isLetterKey(k) {
			if c, err := excelize.ColumnNameToNumber(k); err == nil && c > n {
				n = c
			}
		}
	}
	s.itemCol = map[string]int{}
	s.originCol = -1
	var ps []MapProblem
	for i := 0; i < n; i++ {
		letter, _ := excelize.ColumnNumberToName(i + 1)
		col := Column{Letter: letter}
		if i < len(s.Header) {
			col.Header = s.Header[i]
		}
		col, p := s.mapColumn(col, mt, m.Columns[letter], explicit)
		if p != nil {
			ps = append(ps, *p)
		}
		if col.Reserved && NormalizeHeader(col.Header) == HeaderOrigin {
			s.originCol = i
		}
		if _, fixed := s.Values[col.Item]; fixed && col.Item != "" {
			ps = append(ps, valueAndColumn(s.Name, col))
			col.Item = ""
		}
		if col.Item != "" {
			if j, dup := s.itemCol[col.Item]; dup {
				ps = append(ps, dupColumn(s.Name, s.Columns[j], col))
				col.Item = ""
			} else {
				s.itemCol[col.Item] = i
			}
		}
		s.Columns = append(s.Columns, col)
	}
	s.keyIDs, s.keys = nil, nil
	s.keyIDs = s.sortedIDs()
	s.keys = s.newKeyCells()
	return ps
}

// mapColumn maps one column: map file by letter, then by heading, then automatically.
func (s *Sheet) mapColumn(col Column, mt *matcher, byLetter string, explicit map[string]string) (Column, *MapProblem) {
	if byLetter == "" {
		byLetter = explicit[NormalizeHeader(col.Header)]
	}
	switch {
	case byLetter == Ignore:
		col.Explicit = true
		return col, nil
	case byLetter != "":
		col.Item, col.Explicit = byLetter, true
		return col, nil
	case isReserved(col.Header):
		col.Reserved = true
		return col, nil
	}
	ids := mt.match(col.Header)
	if len(ids) > 1 {
		return col, &MapProblem{
			Severity: SevError, Code: CodeAmbiguous, Sheet: s.Name, Column: col.Letter, Header: col.Header,
			Message: text.F("表头 %q 可对应多个数据项：%s", "heading %q could be any of the items %s", col.Header, strings.Join(ids, ", ")),
			Hint:    text.F("在 --map 映射文件中把 %s 列对应到其中一个数据项", "map column %s to one item in a --map file", col.Letter),
		}
	}
	if len(ids) == 1 {
		col.Item = ids[0]
	}
	return col, nil
}

func dupColumn(sheet string, first, second Column) MapProblem {
	return MapProblem{
		Severity: SevError, Code: CodeDupColumn, Sheet: sheet, Column: second.Letter,
		Header: second.Header, Item: first.Item,
		Message: text.F("%s 列 %q 与 %s 列 %q 都对应数据项 %s", "column %s %q and column %s %q both map to item %s",
			second.Letter, second.Header, first.Letter, first.Header, first.Item),
		Hint: text.F("在 --map 映射文件中把正确的列对应到 %s，另一列对应到 \"-\"", "in a --map file, map the right column to %s and the other to \"-\"", first.Item),
	}
}

// check reports unmapped columns (warnings) and required items without a column (errors).
func (s *Sheet) check(items []dataitem.Item) []MapProblem {
	var ps []MapProblem
	reported := map[string]bool{}
	for _, p := range s.problems {
		reported[p.Column] = true
	}
	for _, c := range s.Columns {
		if c.Item != "" || c.Reserved || c.Explicit || reported[c.Letter] || strings.TrimSpace(c.Header) == "" {
			continue
		}
		ps = append(ps, MapProblem{
			Severity: SevWarning, Code: CodeUnmapped, Sheet: s.Name, Column: c.Letter, Header: c.Header,
			Message: text.F("%s 列 %q 未对应任何数据项，将被忽略", "column %s %q matches no data item and is left out", c.Letter, c.Header),
			Hint: text.F("如果该列是数据项，把 %q 加入模板中该数据项的别名，或在 --map 映射文件中指定（用 \"-\" 可消除此提示）",
				"if it holds a data item, add %q to the item's aliases in the template or map it in a --map file (\"-\" silences this warning)", c.Header),
		})
	}
	for _, it := range items {
		if !it.Required || it.Default != "" {
			continue
		}
		if _, ok := s.itemCol[it.ID]; ok {
			continue
		}
		if _, ok := s.Values[it.ID]; ok {
			continue
		}
		ps = append(ps, MapProblem{
			Severity: SevError, Code: CodeMissingColumn, Sheet: s.Name, Item: it.ID,
			Message: text.F("缺少必填数据项 %s（%s）的列", "no column for the required item %[2]s (%[1]s)", it.Label, it.ID),
			Hint: text.New("增加该数据项的列，或把登记表的表头加入模板中该数据项的别名（aliases），或在 --map 映射文件的 columns: 中指定列，或在映射文件的 values: 中为整批给出一个值；ezz catalogue show 模板 可列出数据项",
				"add the item's column, add the register's heading to the item's aliases in the template, map the column in a --map file (columns:), or give one value for the whole batch in the map file (values:); ezz catalogue show TEMPLATE lists the items"),
		})
	}
	return ps
}

func valueAndColumn(sheet string, col Column) MapProblem {
	return MapProblem{
		Severity: SevError, Code: CodeValueAndColumn, Sheet: sheet, Column: col.Letter, Header: col.Header, Item: col.Item,
		Message: text.F("%s 列 %q 对应数据项 %s，而映射文件的 values 也给了它的值", "column %s %q maps to item %s, which the map file's values also give",
			col.Letter, col.Header, col.Item),
		Hint: text.F("从映射文件的 values: 中去掉 %[1]s，或在 columns: 中把 %[2]s 列对应到 \"-\"", "remove %s from values:, or map column %s to \"-\" in columns:", col.Item, col.Letter),
	}
}

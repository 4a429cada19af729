package register

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"ezz/internal/input"
	"ezz/internal/text"
)

// Ignore, as the item of a map-file column, tells the mapper to leave the column out.
const Ignore = "-"

// maxMapFile bounds the size of a map file read from outside.
const maxMapFile = 1 << 20

// MapFile is an explicit column mapping, for registers whose headings the
// template's labels and aliases do not cover:
//
//	sheet: 2023年台账        # only this sheet (default: every sheet with a header)
//	header_row: 3           # 1-based (default: found automatically)
//	columns:
//	  "证号": license_no     # by heading text (normalised like the automatic match)
//	  H: issue_date         # by column letter
//	  备注: "-"              # ignore this column
//	values:                 # one value for every row of the batch
//	  supervisory_org: 武汉市江汉区市场监督管理局
//
// Columns not named in the map file are still matched automatically. A
// value is validated as a cell of its item would be and goes into every
// record; an item cannot have both a column and a value.
type MapFile struct {
	Sheet     string            `yaml:"sheet"`
	HeaderRow int               `yaml:"header_row"`
	Columns   map[string]string `yaml:"columns"`
	Values    map[string]string `yaml:"values"`
}

var columnLetters = regexp.MustCompile(`^[A-Z]{1,3}$`)

// isLetterKey reports whether a map-file key names a column by its letter.
func isLetterKey(k string) bool { return columnLetters.MatchString(k) }

// LoadMapFile reads and parses a map file.
func LoadMapFile(path string) (*MapFile, error) {
	data, err := readSmall(path, maxMapFile)
	if err != nil {
		return nil, text.Wrap(err, "读取映射文件失败", "read map file")
	}
	m, err := ParseMapFile(data)
	if err != nil {
		return nil, text.Wrap(err, "映射文件 %q 有误", "map file %q", path)
	}
	return m, nil
}

// ParseMapFile parses a map file; unknown keys are errors, so typos do not pass silently.
func ParseMapFile(data []byte) (*MapFile, error) {
	if len(data) > maxMapFile {
		return nil, fmt.Errorf("larger than %d bytes", maxMapFile)
	}
	var m MapFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("parse: %w", err)
	}
	if m.HeaderRow < 0 {
		return nil, fmt.Errorf("header_row %d: use a row number from 1", m.HeaderRow)
	}
	for k, v := range m.Columns {
		if k == "" || v == "" {
			return nil, fmt.Errorf("columns: %q: %q: both the column and the item id are needed", k, v)
		}
	}
	for k, v := range m.Values {
		if k == "" || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("values: %q: %q: both the item id and a value are needed", k, v)
		}
	}
	return &m, nil
}

// readSmall reads a regular file of at most max bytes (input.Read).
func readSmall(path string, max int64) ([]byte, error) { return input.Read(path, max) }

// check reports map-file entries naming items the template does not have.
func (m *MapFile) check(known map[string]bool) error {
	for k := range m.Values {
		if !known[k] {
			return text.Errorf("映射文件：values 中的 %q 不是模板的数据项", "map file: values: %q is not a data item of the template", k).
				WithHint("请使用模板的数据项标识（ezz catalogue show 模板 可列出）", "use one of the template's item ids (ezz catalogue show TEMPLATE lists them)")
		}
	}
	for k, v := range m.Columns {
		if v != Ignore && !known[v] {
			return text.Errorf("映射文件：列 %q 对应 %q，但模板中没有这个数据项",
				"map file: column %q maps to %q, which is not a data item of the template", k, v).WithHint(
				"请使用模板的数据项标识（ezz catalogue show 模板 可列出），或用 \"-\" 忽略该列",
				"use one of the template's item ids (ezz catalogue show TEMPLATE lists them), or \"-\" to ignore the column")
		}
	}
	return nil
}

package agency

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"ezz/internal/catalogue"
	"ezz/internal/input"
	"ezz/internal/text"
)

// maxRecordInput bounds the JSON a clerk hands to ezz issue.
const maxRecordInput = 1 << 20

// ReadData reads the data of one certificate from path, or from stdin for "-".
func ReadData(stdin io.Reader, path string) ([]byte, error) {
	if path != "-" { // a pipe too: --data <(jq …)
		b, err := input.Pipe(maxRecordInput).Read(path)
		if err != nil {
			return nil, text.Wrap(err, "读取数据", "read data")
		}
		return b, nil
	}
	b, err := io.ReadAll(io.LimitReader(stdin, maxRecordInput+1))
	if err != nil {
		return nil, text.Wrap(err, "读取数据 %s 失败", "read data %s", path)
	}
	if len(b) > maxRecordInput {
		return nil, text.Errorf("数据 %s 超过 1 MiB", "data %s: larger than 1 MiB", path)
	}
	return b, nil
}

// recordValues decodes a JSON object of data items keyed by id or label.
func recordValues(t *catalogue.Template, raw []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, text.Errorf("数据不是 JSON 对象：%v", "data is not a JSON object: %v", err).WithHint(
			`请给出 {"数据项标识": "值", …}；模板中列有各数据项的标识`, `give {"item_id": "value", …}; the template lists the item ids`)
	}
	byLabel := map[string]string{}
	for _, it := range t.Items {
		byLabel[it.ID], byLabel[it.Label] = it.ID, it.ID
	}
	vals := map[string]string{}
	for k, v := range obj {
		id, ok := byLabel[k]
		if !ok {
			return nil, text.Errorf("数据：%q 不是“%s”的数据项", "data: %q is not a data item of %s", k, t.Catalogue.Name).WithHint(
				"请使用模板中数据项的标识或名称", "use the item ids or labels of the template")
		}
		switch v := v.(type) {
		case string:
			vals[id] = v
		case json.Number:
			vals[id] = v.String()
		case bool:
			vals[id] = strconv.FormatBool(v)
		case nil:
		default:
			return nil, &text.Error{Msg: text.New(fmt.Sprintf("数据：%q 的值必须是字符串", k),
				fmt.Sprintf("data: %q must be a string, not %T", k, v))}
		}
	}
	return vals, nil
}

package push

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// read turns an answer into per-item results; unsettled lists the items an
// accept-data answer said nothing about while failing.
func (m *mapped) read(items []Item, answer map[string]json.RawMessage) (results []Result, unsettled []int, err error) {
	if m.p.Protocol == ProtocolExchangeTable {
		results, err = m.readTable(items, answer)
		return results, nil, err
	}
	return m.readAccept(items, answer)
}

func (m *mapped) readAccept(items []Item, answer map[string]json.RawMessage) ([]Result, []int, error) {
	code := scalar(answer["ReturnCode"])
	idField := m.p.Fields["ZZBS"]
	failed := messagesBy(answer["ErrorData"], idField)
	ok := slices.Contains(m.p.Answers.Success, code) || slices.Contains(m.p.Answers.Warning, code)
	now := m.c.now()
	results := make([]Result, len(items))
	var unsettled []int
	for i := range items {
		it := &items[i]
		msg, bad := failed[it.Identifier]
		switch {
		case bad && m.p.duplicate(msg):
			results[i] = m.receipt(it, "duplicate", now)
		case bad:
			results[i] = Result{Key: it.Key, Result: Rejected, Code: "province-" + code, Reason: msg}
		case ok:
			results[i] = m.receipt(it, "", now)
		default:
			unsettled = append(unsettled, i)
		}
	}
	if code == "" {
		return nil, nil, fmt.Errorf("%s answered without a ReturnCode", m.p.Name)
	}
	return results, unsettled, nil
}

func (m *mapped) readTable(items []Item, answer map[string]json.RawMessage) ([]Result, error) {
	var rows []map[string]json.RawMessage
	if err := json.Unmarshal(answer["results"], &rows); err != nil {
		return nil, fmt.Errorf("%s: the answer has no results: %s", m.p.Name, scalar(answer["msg"]))
	}
	idField := m.p.Fields["ZZBS"]
	byID := map[string]map[string]json.RawMessage{}
	for _, r := range rows {
		byID[scalar(r[idField])] = r
	}
	now := m.c.now()
	results := make([]Result, len(items))
	for i := range items {
		it := &items[i]
		r, found := byID[it.Identifier]
		if !found {
			return nil, fmt.Errorf("%s: no result for %s", m.p.Name, it.Identifier)
		}
		code, msg := scalar(r["code"]), scalar(r["msg"])
		switch {
		case slices.Contains(m.p.Answers.Success, code):
			results[i] = m.receipt(it, "", now)
		case m.p.duplicate(msg):
			results[i] = m.receipt(it, "duplicate", now)
		default:
			results[i] = Result{Key: it.Key, Result: Rejected, Code: "province-" + code, Reason: msg}
		}
	}
	return results, nil
}

// scalar is a JSON string or number as text.
func scalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}

// messagesBy indexes a list of objects by the field key, giving each its
// message (the first of the usual message fields present).
func messagesBy(raw json.RawMessage, key string) map[string]string {
	var list []map[string]json.RawMessage
	json.Unmarshal(raw, &list)
	out := map[string]string{}
	for _, o := range list {
		msg := ""
		for _, f := range []string{"ErrorMsg", "errorMsg", "Message", "message", "msg"} {
			if v := scalar(o[f]); v != "" {
				msg = v
				break
			}
		}
		out[scalar(o[key])] = msg
	}
	return out
}

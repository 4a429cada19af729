package dataitem

import (
	"fmt"
	"regexp"
	"strings"

	"ezz/internal/text"
)

// Stable codes for defects in a standard itself (see CheckStandard).
const (
	CodeItemID         = "item-id"             // an item id that is empty or used twice
	CodeItemType       = "item-type"           // an unknown type
	CodePatternInvalid = "pattern-invalid"     // a pattern that is not valid RE2
	CodeIDTypeItem     = "holder-id-type-item" // a holder-id item whose id_type_item is missing or unknown
	CodeEnumEmpty      = "enum-empty"          // an enum without codes
	CodeEnumDuplicate  = "enum-duplicate"      // an enum code or label used twice
	CodeLengthRange    = "length-range"        // min_length above max_length, or negative
	CodeDefaultInvalid = "default-invalid"     // a default that fails the item's own checks
	CodeQualifier      = "qualifier-invalid"   // allow_qualifier where a qualifier cannot be
)

// Problem is a defect in a data-item standard, found by CheckStandard for lint.
type Problem struct {
	Item    string // the item concerned, if any
	Rule    string // the rule concerned, if any
	Code    string // stable code
	Message text.T
}

var knownTypes = map[Type]bool{Text: true, Date: true, Enum: true, Integer: true, Decimal: true,
	USCC: true, ResidentID: true, HolderID: true}

// CheckStandard returns every defect of s, in item order then rule order.
func CheckStandard(s Standard) []Problem {
	var ps []Problem
	seen := map[string]bool{}
	for _, it := range s.Items {
		if it.ID == "" || seen[it.ID] {
			ps = append(ps, itemProblem(it, CodeItemID, fmt.Sprintf("数据项 id %q 为空或重复", it.ID),
				fmt.Sprintf("item id %q is empty or used twice", it.ID)))
		}
		seen[it.ID] = true
		ps = append(ps, checkItem(it, s.Items)...)
	}
	for _, r := range s.Rules {
		if err := CheckRule(r, s.Items); err != nil {
			e := err.(*Error)
			ps = append(ps, Problem{Rule: r.ID, Code: e.Code, Message: e.Message})
		}
	}
	return ps
}

func checkItem(it Item, items []Item) []Problem {
	var ps []Problem
	add := func(code, zh, en string) { ps = append(ps, itemProblem(it, code, zh, en)) }
	if !knownTypes[it.Type] {
		add(CodeItemType, fmt.Sprintf("类型 %q 未知", it.Type), fmt.Sprintf("unknown type %q (use text, date, enum, integer, decimal, uscc, resident-id or holder-id)", it.Type))
	}
	if it.Pattern != "" {
		if _, err := regexp.Compile(it.Pattern); err != nil {
			add(CodePatternInvalid, fmt.Sprintf("正则表达式无效：%v", err), fmt.Sprintf("pattern is not valid RE2: %v", err))
		}
	}
	if it.MinLength < 0 || it.MaxLength < 0 || (it.MaxLength > 0 && it.MinLength > it.MaxLength) {
		add(CodeLengthRange, "长度限制无效：min_length 不能大于 max_length", "min_length must be 0..max_length")
	}
	if it.Type == HolderID && !idTypeItemOK(it, items) {
		add(CodeIDTypeItem, fmt.Sprintf("id_type_item %q 应指向另一个非证件号码类型的数据项", it.IDTypeItem),
			fmt.Sprintf("id_type_item %q must name another item that is not a holder-id", it.IDTypeItem))
	}
	if it.Type == Enum {
		ps = append(ps, checkCodes(it)...)
	}
	if it.AllowQualifier {
		ps = append(ps, checkQualifier(it, items)...)
	}
	if len(ps) == 0 && it.Default != "" && it.Type != HolderID {
		if _, err := it.Normalize(it.Default); err != nil {
			e := err.(*Error)
			m := text.F("默认值无效：%s", "the default is invalid: %s", e.Message)
			add(CodeDefaultInvalid, m.Zh, m.En)
		}
	}
	return ps
}

func idTypeItemOK(it Item, items []Item) bool {
	for _, o := range items {
		if o.ID == it.IDTypeItem && o.ID != it.ID {
			return o.Type != HolderID
		}
	}
	return false
}

func checkCodes(it Item) []Problem {
	if len(it.Codes) == 0 {
		return []Problem{itemProblem(it, CodeEnumEmpty, "枚举类型缺少代码表（codes）", "an enum needs a code table (codes)")}
	}
	var ps []Problem
	codes, labels := map[string]bool{}, map[string]bool{}
	for _, c := range it.Codes {
		if codes[c.Code] || (c.Label != "" && labels[c.Label]) {
			ps = append(ps, itemProblem(it, CodeEnumDuplicate, fmt.Sprintf("代码表中代码 %q 或名称 %q 重复", c.Code, c.Label),
				fmt.Sprintf("code %q or label %q appears twice in the code table", c.Code, c.Label)))
		}
		codes[c.Code], labels[c.Label] = true, true
	}
	return ps
}

func itemProblem(it Item, code, zh, en string) Problem {
	return Problem{Item: it.ID, Code: code, Message: text.New(zh, en)}
}

// checkQualifier: a qualifier follows a label of an enum whose codes have
// no brackets of their own, and never a holder ID type code
// (that code goes to the metadata as it is).
func checkQualifier(it Item, items []Item) []Problem {
	bad := func(zh, en string) []Problem { return []Problem{itemProblem(it, CodeQualifier, zh, en)} }
	if it.Type != Enum {
		return bad("allow_qualifier 只能用于枚举（enum）类型", "allow_qualifier applies to enum items only")
	}
	for _, c := range it.Codes {
		if strings.ContainsAny(c.Code, "（）()") {
			return bad(fmt.Sprintf("使用 allow_qualifier 时，代码表的代码不能含括号（%s）", c.Code),
				fmt.Sprintf("with allow_qualifier, codes must not hold brackets (%s)", c.Code))
		}
	}
	for _, o := range items {
		if o.Type == HolderID && o.IDTypeItem == it.ID {
			return bad(fmt.Sprintf("证件类型数据项（%s 的 id_type_item）不能使用 allow_qualifier", o.ID),
				fmt.Sprintf("the holder ID type item (id_type_item of %s) cannot allow a qualifier", o.ID))
		}
	}
	return nil
}

package dataitem

import (
	"fmt"
	"math/big"
	"strings"

	"ezz/internal/text"
)

// Stable codes for problems in a standard's rules (see CheckRule).
const (
	CodeRuleSyntax   = "rule-syntax"       // not "LEFT OP RIGHT"
	CodeRuleOperator = "rule-operator"     // an operator other than < <= > >= == !=
	CodeRuleItem     = "rule-unknown-item" // an operand that is not an item id
	CodeRuleTypes    = "rule-types"        // operands that cannot be compared with that operator
)

type ruleKind int

const (
	kindText ruleKind = iota
	kindDate
	kindNumber
)

type compiledRule struct {
	Rule
	left, right *Item
	op          string
	kind        ruleKind
}

var ruleOps = map[string]bool{"<": true, "<=": true, ">": true, ">=": true, "==": true, "!=": true}

// CheckRule reports whether r is well formed against items: "LEFT OP RIGHT" with
// LEFT and RIGHT item ids, OP one of < <= > >= == !=, and operands that compare
// (dates with dates, numbers with numbers; other items only with == and !=).
// The error is an *Error whose code is one of the rule-* codes.
func CheckRule(r Rule, items []Item) error {
	_, e := parseRule(r, func(id string) *Item {
		for i := range items {
			if items[i].ID == id {
				return &items[i]
			}
		}
		return nil
	})
	if e != nil {
		return e
	}
	return nil
}

func parseRule(r Rule, lookup func(string) *Item) (compiledRule, *Error) {
	cr := compiledRule{Rule: r}
	at := strings.IndexAny(r.Check, "<>=!")
	if at < 0 {
		return cr, ruleError(CodeRuleOperator, r, "缺少比较运算符（< <= > >= == !=）", "has no comparison operator (< <= > >= == !=)")
	}
	end := at
	for end < len(r.Check) && strings.IndexByte("<>=!", r.Check[end]) >= 0 {
		end++
	}
	cr.op = r.Check[at:end]
	left, right := strings.TrimSpace(r.Check[:at]), strings.TrimSpace(r.Check[end:])
	if !ruleOps[cr.op] {
		return cr, ruleError(CodeRuleOperator, r, fmt.Sprintf("运算符 %q 无效，可用 < <= > >= == !=", cr.op),
			fmt.Sprintf("operator %q is not one of < <= > >= == !=", cr.op))
	}
	if left == "" || right == "" || strings.ContainsAny(left+right, " \t") {
		return cr, ruleError(CodeRuleSyntax, r, "应写成“数据项 运算符 数据项”，如 expiry_date > issue_date",
			"must read LEFT OP RIGHT with item ids, e.g. expiry_date > issue_date")
	}
	for _, id := range []string{left, right} {
		if lookup(id) == nil {
			return cr, ruleError(CodeRuleItem, r, fmt.Sprintf("引用了不存在的数据项 %q", id), fmt.Sprintf("refers to unknown item %q", id))
		}
	}
	cr.left, cr.right = lookup(left), lookup(right)
	return cr, cr.setKind()
}

func (cr *compiledRule) setKind() *Error {
	kl, kr := kindOf(cr.left.Type), kindOf(cr.right.Type)
	cr.kind = kl
	if kl != kr {
		return ruleError(CodeRuleTypes, cr.Rule, fmt.Sprintf("%s 和 %s 类型不同，无法比较", cr.left.ID, cr.right.ID),
			fmt.Sprintf("%s (%s) and %s (%s) cannot be compared", cr.left.ID, cr.left.Type, cr.right.ID, cr.right.Type))
	}
	if kl == kindText && cr.op != "==" && cr.op != "!=" {
		return ruleError(CodeRuleTypes, cr.Rule, fmt.Sprintf("%s 不是日期或数字，只能用 == 或 != 比较", cr.left.ID),
			fmt.Sprintf("%s is neither a date nor a number: only == and != apply", cr.left.ID))
	}
	return nil
}

func kindOf(t Type) ruleKind {
	switch t {
	case Date:
		return kindDate
	case Integer, Decimal:
		return kindNumber
	}
	return kindText
}

func ruleError(code string, r Rule, zh, en string) *Error {
	return newError(code, fmt.Sprintf("规则 %s（%s）%s", r.ID, r.Check, zh), fmt.Sprintf("rule %s (%s) %s", r.ID, r.Check, en))
}

// checkRules evaluates the rules whose operands are both present and valid.
func (c *Compiled) checkRules(out map[string]string, ok []bool) []FieldError {
	var errs []FieldError
	for _, r := range c.rules {
		a, b := out[r.left.ID], out[r.right.ID]
		if a == "" || b == "" || !ok[c.index[r.left.ID]] || !ok[c.index[r.right.ID]] {
			continue
		}
		if holds(r.op, compare(r.kind, a, b)) {
			continue
		}
		errs = append(errs, r.failure(a, b))
	}
	return errs
}

func compare(k ruleKind, a, b string) int {
	if k == kindNumber {
		x, okx := new(big.Rat).SetString(a)
		y, oky := new(big.Rat).SetString(b)
		if okx && oky {
			return x.Cmp(y)
		}
	}
	return strings.Compare(a, b) // dates are normalised to 2006-01-02
}

func holds(op string, c int) bool {
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	case "==":
		return c == 0
	}
	return c != 0
}

var ruleWords = map[ruleKind]map[string]string{
	kindDate:   {"<": "应早于", "<=": "不应晚于", ">": "应晚于", ">=": "不应早于", "==": "应等于", "!=": "不应等于"},
	kindNumber: {"<": "应小于", "<=": "不应大于", ">": "应大于", ">=": "不应小于", "==": "应等于", "!=": "不应等于"},
	kindText:   {"==": "应等于", "!=": "不应等于"},
}

func (r compiledRule) failure(a, b string) FieldError {
	zh := r.Message
	if zh == "" {
		zh = fmt.Sprintf("%s（%s）%s%s（%s）", r.left.Label, a, ruleWords[r.kind][r.op], r.right.Label, b)
	}
	return FieldError{Item: r.left.ID, Label: r.left.Label, Value: a, Code: CodeRule, Rule: r.ID,
		Message: text.New(zh, fmt.Sprintf("rule %s failed: %s %s %s does not hold (%q, %q); check both values", r.ID, r.left.ID, r.op, r.right.ID, a, b))}
}

// Package dataitem defines the data-item standard (数据项标准) of a licence type and
// validates and normalises the values that registers, templates and clerks supply.
package dataitem

// Type names the kind of value a data item holds.
type Type string

// The data-item types a template may use.
const (
	Text       Type = "text"        // free text, trimmed, NFC, length-limited in characters
	Date       Type = "date"        // normalised to 2006-01-02; accepts Excel serials and common forms
	Enum       Type = "enum"        // a code from Codes, given by code or by label; normalised to the code
	Integer    Type = "integer"     // base-10 integer
	Decimal    Type = "decimal"     // decimal number, normalised without exponent
	USCC       Type = "uscc"        // unified social credit code (GB 32100), check character verified
	ResidentID Type = "resident-id" // resident identity number (GB 11643), check digit and birth date verified
	HolderID   Type = "holder-id"   // a holder ID whose kind is given by the item named in IDTypeItem (GB/T 36903 App. A code)
)

// Code is one entry of an enum's code table.
type Code struct {
	Code  string `yaml:"code" json:"code"`
	Label string `yaml:"label" json:"label"`
}

// Item is the standard for one data item of a licence type.
type Item struct {
	ID        string   `yaml:"id" json:"id"`
	Label     string   `yaml:"label" json:"label"`
	LabelEn   string   `yaml:"label_en,omitempty" json:"label_en,omitempty"`
	Aliases   []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Type      Type     `yaml:"type" json:"type"`
	Required  bool     `yaml:"required,omitempty" json:"required,omitempty"`
	MinLength int      `yaml:"min_length,omitempty" json:"min_length,omitempty"` // in characters (runes)
	MaxLength int      `yaml:"max_length,omitempty" json:"max_length,omitempty"` // in characters (runes)
	Pattern   string   `yaml:"pattern,omitempty" json:"pattern,omitempty"`       // RE2, matched against the normalised value
	Codes     []Code   `yaml:"codes,omitempty" json:"codes,omitempty"`           // for Enum
	// AllowQualifier, for Enum, also accepts a label followed by a bracketed
	// qualifier, 餐饮服务经营者（小型餐馆）: the value is then the code followed
	// by the bracketed qualifier as registered, 02（小型餐馆） (see SplitQualifier).
	AllowQualifier bool   `yaml:"allow_qualifier,omitempty" json:"allow_qualifier,omitempty"`
	IDTypeItem     string `yaml:"id_type_item,omitempty" json:"id_type_item,omitempty"` // for HolderID: the item holding the GB/T 36903 ID type code
	Default        string `yaml:"default,omitempty" json:"default,omitempty"`
}

// Rule is a cross-field rule, such as "expiry after issue date".
// Check is a comparison "LEFT OP RIGHT" where LEFT and RIGHT are item ids
// and OP is one of < <= > >= == !=; dates compare as dates, numbers as numbers.
// A rule whose operands are empty is not checked (required-ness is the items' business).
type Rule struct {
	ID      string `yaml:"id" json:"id"`
	Check   string `yaml:"check" json:"check"`
	Message string `yaml:"message" json:"message"` // shown to the clerk, in Chinese
}

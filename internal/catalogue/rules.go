package catalogue

// Rule codes of lint findings. They are stable: CI configurations and
// dashboards key on them. The data-item standard's own codes (item-id,
// pattern-invalid, enum-duplicate, rule-syntax …) come from package dataitem
// and are listed in Rules too.
const (
	RuleYAMLSyntax        = "yaml-syntax"
	RuleFileUnreadable    = "file-unreadable"
	RuleFileTooLarge      = "file-too-large"
	RuleUnknownKey        = "unknown-key"
	RuleMissingKey        = "missing-key"
	RuleWrongType         = "wrong-type"
	RuleDuplicateKey      = "duplicate-key"
	RuleFormat            = "format"
	RuleTypeCode          = "type-code"
	RuleAuthorityCode     = "authority-code"
	RuleTypeCodeAuthority = "type-code-authority"
	RuleAuthorityLevel    = "authority-level"
	RuleCategory          = "category"
	RuleHolderCategory    = "holder-category"
	RuleHolderIDType      = "holder-id-type-code"
	RuleDuration          = "duration"
	RuleUndefinedRef      = "undefined-ref"
	RuleMetadataType      = "metadata-type"
	RulePage              = "page"
	RuleElement           = "element"
	RuleOutsidePage       = "outside-page"
	RuleOverlap           = "overlap"
	RuleOverlapText       = "overlap-text"
	RuleMissingFile       = "missing-file"
	RuleBadImage          = "bad-image"
	RuleMissingFont       = "missing-font"
	RuleBadFont           = "bad-font"
	RuleNoSeal            = "no-seal"
	RuleOfficeSeal        = "office-no-seal"
	RuleNoQR              = "no-qr"
	RuleNoSamples         = "no-samples"
	RuleSampleInvalid     = "sample-invalid"
	RuleTextOverflow      = "text-overflow"
	RuleMissingGlyph      = "missing-glyph"
	RuleInternal          = "internal-error"
	RuleBaseline          = "baseline"
	RuleQRModule          = "qr-module-size"
	RuleAssetOutside      = "asset-outside"
)

// RuleInfo describes one rule code for documentation and the junit report.
type RuleInfo struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"`
}

// Rules lists every rule code lint can report, with its severity.
var Rules = []RuleInfo{
	{RuleYAMLSyntax, Error, "the file is not valid YAML"},
	{RuleFileUnreadable, Error, "the file cannot be read"},
	{RuleFileTooLarge, Error, "the file is larger than the limit (1 MiB for a template)"},
	{RuleUnknownKey, Error, "a key the format does not define (with a did-you-mean suggestion)"},
	{RuleMissingKey, Error, "a required key is absent or empty"},
	{RuleWrongType, Error, "a value of the wrong type (string, number, boolean, list, mapping)"},
	{RuleDuplicateKey, Error, "the same key twice in one mapping"},
	{RuleFormat, Error, "format is not " + FormatV1},
	{RuleTypeCode, Error, "type_code is not 21 characters: an 18-character credit code with a valid check character and 3 digits"},
	{RuleAuthorityCode, Error, "a defining/issuing authority code whose credit-code check character is wrong"},
	{RuleTypeCodeAuthority, Warning, "type_code does not start with the defining authority's code"},
	{RuleAuthorityLevel, Warning, "authority level is not 国家级, 省级, 市级 or 县级"},
	{RuleCategory, Error, "category is not 证照, 批文, 证明 or 证件"},
	{RuleHolderCategory, Error, "holder category is not legal-person, natural-person or any"},
	{RuleHolderIDType, Error, "a holder ID type code not in GB/T 36903 Appendix A"},
	{RuleDuration, Error, "a validity, retention or QR validity that is not N followed by y, m, d or h (or permanent)"},
	{RuleUndefinedRef, Error, "a face element, metadata entry or sample names an item that does not exist"},
	{RuleMetadataType, Error, "a metadata date (issue_date, valid_from, valid_until) that names an item which is not a date, or a metadata entry naming an item that allows a qualifier"},
	{"item-id", Error, "an item id that is empty or used twice (dataitem)"},
	{"item-type", Error, "an unknown data-item type (dataitem)"},
	{"pattern-invalid", Error, "a pattern that is not valid RE2 (dataitem)"},
	{"holder-id-type-item", Error, "a holder-id item whose id_type_item is missing or unknown (dataitem)"},
	{"enum-empty", Error, "an enum without codes (dataitem)"},
	{"enum-duplicate", Error, "an enum code or label used twice (dataitem)"},
	{"length-range", Error, "min_length above max_length, or negative (dataitem)"},
	{"default-invalid", Error, "a default that fails the item's own checks (dataitem)"},
	{"qualifier-invalid", Error, "allow_qualifier on an item that is not an enum, whose codes hold brackets, or that gives a holder ID type (dataitem)"},
	{"rule-syntax", Error, "a rule check that is not LEFT OP RIGHT (dataitem)"},
	{"rule-operator", Error, "a rule operator other than < <= > >= == != (dataitem)"},
	{"rule-unknown-item", Error, "a rule operand that is not an item id (dataitem)"},
	{"rule-types", Error, "rule operands that cannot be compared (dataitem)"},
	{RulePage, Error, "an unknown page size or orientation, or a non-positive width/height"},
	{RuleElement, Error, "a face element that is malformed: kind, size, alignment, colour or format"},
	{RuleOutsidePage, Error, "a face element that extends beyond the page"},
	{RuleOverlap, Error, "a QR code over anything, or a seal/image over text without overlap: true"},
	{RuleOverlapText, Warning, "two text boxes that overlap"},
	{RuleMissingFile, Error, "an image file that does not exist or cannot be read"},
	{RuleBadImage, Error, "an image that does not decode as PNG or JPEG, or is too large"},
	{RuleAssetOutside, Warning, "an image or font path outside the template's directory (absolute, or through a symlink): the template no longer travels as one folder"},
	{RuleMissingFont, Error, "a font of the chain found in none of the font directories"},
	{RuleBadFont, Error, "a font file that cannot be used (not TrueType, damaged)"},
	{RuleBaseline, Warning, "a label and the field to its right on one line whose baselines differ by more than 0.5 pt"},
	{RuleQRModule, Error, "a QR box whose modules would be under 0.7 mm for the longest token (phones cannot read them)"},
	{RuleNoSeal, Warning, "the face has no seal element (印章图样)"},
	{RuleOfficeSeal, Warning, "a sample's issuing office has no seal in the workspace's office table (only with a workspace)"},
	{RuleNoQR, Warning, "the face has no QR code element"},
	{RuleNoSamples, Error, "the template has no sample record (证照样例)"},
	{RuleSampleInvalid, Error, "a sample record breaks its own data-item standard"},
	{RuleTextOverflow, Error, "sample or static text that does not fit its box with the real font metrics"},
	{RuleMissingGlyph, Error, "a character no font in the chain can draw"},
	{RuleInternal, Error, "a bug in ezz while checking this template (please report it); the other findings still stand"},
}

// ruleSeverity returns the severity of a rule code (error for unknown codes).
func ruleSeverity(code string) Severity {
	for _, r := range Rules {
		if r.Code == code {
			return r.Severity
		}
	}
	return Error
}

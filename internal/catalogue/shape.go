package catalogue

// shape describes the structure of the template format once; lint walks it
// for unknown, missing and mistyped keys, and Schema turns it into JSON Schema.
type shape struct {
	kind    shapeKind
	doc     string
	fields  []field // kObject
	elem    *shape  // kArray elements, kMap values
	enum    []string
	pattern string
	docZh   string // the Chinese of doc, for a value that does not match pattern
}

type shapeKind int

const (
	kString shapeKind = iota
	kNumber
	kBool
	kInt
	kObject
	kArray
	kMap    // string keys, elem values
	kScalar // any scalar (sample values)
)

type field struct {
	name     string
	s        *shape
	required bool
	zh       string // the Chinese of s.doc, for the missing-key message
}

func str(doc string) *shape              { return &shape{kind: kString, doc: doc} }
func num(doc string) *shape              { return &shape{kind: kNumber, doc: doc} }
func boolean(doc string) *shape          { return &shape{kind: kBool, doc: doc} }
func integer(doc string) *shape          { return &shape{kind: kInt, doc: doc} }
func list(doc string, el *shape) *shape  { return &shape{kind: kArray, doc: doc, elem: el} }
func obj(doc string, fs ...field) *shape { return &shape{kind: kObject, doc: doc, fields: fs} }

// req is a required field; zh is the Chinese of s's description, quoted by
// the missing-key finding.
func req(name, zh string, s *shape) field { return field{name: name, s: s, required: true, zh: zh} }
func opt(name string, s *shape) field     { return field{name: name, s: s} }

func enum(doc string, values ...string) *shape {
	return &shape{kind: kString, doc: doc, enum: values}
}

func authority(doc string) *shape {
	return obj(doc,
		req("name", "机构名称", str("name of the body")),
		req("code", "机构的 18 位统一社会信用代码（GB 32100）", str("its 18-character unified social credit code (GB 32100)")),
		opt("level", enum("administrative level", "国家级", "省级", "市级", "县级")),
	)
}

var durationShape = &shape{kind: kString, pattern: `^([1-9][0-9]{0,3}[ymdh]|permanent)$`,
	doc:   `a duration: a number followed by y (years), m (months), d (days) or h (hours), or "permanent"`,
	docZh: "期限：数字加 y（年）、m（月）、d（日）或 h（小时），或 permanent（长期）"}

var itemShape = obj("a data item (数据项) of the standard",
	req("id", "稳定的标识符，snake_case；照面、元数据、规则和样例都引用它", str("stable identifier, snake_case; faces, metadata, rules and samples refer to it")),
	req("label", "中文名称，与纸质照面一致", str("Chinese label, as on the paper face")),
	opt("label_en", str("English label")),
	opt("aliases", list("other header spellings seen in registers", str(""))),
	req("type", "值类型", enum("value type", "text", "date", "enum", "integer", "decimal", "uscc", "resident-id", "holder-id")),
	opt("required", boolean("the value may not be empty")),
	opt("min_length", integer("minimum length in characters")),
	opt("max_length", integer("maximum length in characters")),
	opt("pattern", str("RE2 regular expression the normalised value must match")),
	opt("codes", list("code table of an enum", obj("one code",
		req("code", "记录中存储的代码", str("the code stored in records")),
		req("label", "照面上显示的名称", str("the label shown on the face"))))),
	opt("id_type_item", str("holder-id: the item holding the GB/T 36903 ID type code")),
	opt("allow_qualifier", boolean("enum: also accept a label followed by a bracketed qualifier, 餐饮服务经营者（小型餐馆）; the face prints it as registered")),
	opt("default", str("value used when a record leaves the item empty")),
)

var elementShape = obj("a positioned element of the face; millimetres from the top-left corner",
	req("kind", "要印出的内容", enum("what is drawn", KindField, KindText, KindSeal, KindQR, KindImage)),
	opt("field", str("field: id of the item whose value is drawn")),
	opt("text", str("text: the static text")),
	opt("image", str("seal, image: image file (PNG or JPEG), relative to the template")),
	opt("format", enum("field: date format (zh, iso, dots) or enum display (label, code)", "zh", "iso", "dots", "label", "code")),
	req("x", "左边距，毫米", num("left edge, mm")),
	req("y", "上边距，毫米", num("top edge, mm")),
	req("w", "宽度，毫米（二维码为 w×w）", num("width, mm (the QR code is w×w)")),
	opt("h", num("height, mm; text: 0 means one line")),
	opt("size", num("font size, points (default 10.5)")),
	opt("min_size", num("smallest font size shrink may use, points")),
	opt("align", enum("horizontal alignment", "left", "center", "right")),
	opt("valign", enum("vertical alignment", "top", "middle", "bottom")),
	opt("wrap", boolean("break long text into lines")),
	opt("shrink", boolean("reduce the font size down to min_size until the text fits")),
	opt("color", &shape{kind: kString, pattern: `^#[0-9A-Fa-f]{6}$`, doc: "text colour #RRGGBB", docZh: "文字颜色 #RRGGBB"}),
	opt("fonts", list("font chain for this element, overriding face.fonts", str(""))),
	opt("overlap", boolean("seal, image: may lie over text on purpose (a seal over the authority name and date)")),
)

// templateShape is the whole format.
var templateShape = obj("ezz face template (照面模板)",
	req("format", "格式版本", enum("format version", FormatV1)),
	req("catalogue", "目录信息，GB/T 36902 的各项", obj("catalogue entry (目录信息), GB/T 36902 items",
		req("name", "证照名称", str("licence name (证照名称)")),
		opt("name_en", str("English name")),
		req("category", "证照类别", enum("category", "证照", "批文", "证明", "证件")),
		req("type_code", "证照类型代码：定义机构的 18 位统一社会信用代码加 3 位数字", &shape{kind: kString, pattern: `^[0-9A-HJ-NP-RTUW-Y]{18}[0-9]{3}$`,
			doc:   "证照类型代码: the defining authority's 18-character credit code and 3 digits",
			docZh: "证照类型代码：定义机构的 18 位统一社会信用代码加 3 位数字"}),
		req("defining_authority", "定义该证照类型的机构（定义机构）", authority("the authority that defines the licence type (定义机构)")),
		req("issuing_authority", "颁发该证照的机构（颁发机构）", authority("the authority that issues it (颁发机构)")),
		opt("service_item", obj("the related government service item (关联事项)",
			req("name", "关联事项名称", str("service item name")),
			opt("code", str("service item code")))),
		req("holder", "持证主体", obj("who holds the licence",
			req("category", "持证主体类别", enum("holder category", "legal-person", "natural-person", "any")),
			req("id_types", "可接受的持证主体证件类型代码（GB/T 36903 附录 A）", list("accepted holder ID type codes (GB/T 36903 Appendix A)", str(""))))),
		req("validity", "有效期，如 5y 或 permanent", durationShape),
		opt("retention", durationShape),
		req("qr_validity", "二维码有效期，如 90d", durationShape),
	)),
	req("items", "数据项标准", list("the data-item standard (数据项标准)", itemShape)),
	opt("rules", list("cross-field rules", obj("a rule",
		req("id", "稳定的标识符", str("stable identifier")),
		req("check", "两个数据项 id 的比较“左 运算符 右”；运算符为 < <= > >= == !=", str(`comparison "LEFT OP RIGHT" of two item ids; OP is < <= > >= == !=`)),
		opt("message", str("shown to the clerk when the rule is broken"))))),
	req("metadata", "哪些数据项提供 GB/T 36903 元数据", obj("which items give the GB/T 36903 metadata",
		req("holder_name", "CZZT 持证主体", str("CZZT 持证主体")),
		req("holder_code", "CZZTDM 持证主体代码", str("CZZTDM 持证主体代码")),
		opt("holder_code_type", str("CZZTDMLXDM 持证主体代码类型代码; empty: the first holder id_type")),
		req("number", "ZZBH 证照编号", str("ZZBH 证照编号")),
		req("issue_date", "ZZBFRQ 颁发日期", str("ZZBFRQ 颁发日期")),
		opt("valid_from", str("ZZYXQQSRQ 有效期起始日期; empty: issue_date")),
		opt("valid_until", str("ZZYXQJZRQ 有效期截止日期; empty: computed from validity")),
		opt("issuing_office", str("ZZBFJG 颁发机构 as registered; empty: issuing_authority.name")))),
	req("face", "证照照面", obj("the certificate face",
		req("page", "页面尺寸：带方向的标准纸型，或宽度和高度", obj("page size: a named size with an orientation, or width and height",
			opt("size", enum("named size", "A3", "A4", "A5", "B5")),
			opt("orientation", enum("orientation", "portrait", "landscape")),
			opt("width", num("page width, mm")),
			opt("height", num("page height, mm")))),
		opt("base_image", str("证照底图: image drawn over the whole page, relative to the template")),
		req("fonts", "字体回退链：字体文件名（.ttf、.ttc），在模板所在目录、--font-dir 和系统字体目录中查找", list("font fallback chain: file names (.ttf, .ttc) searched in the template's directory, --font-dir and the system font directories", str(""))),
		req("elements", "定位元素", list("positioned elements", elementShape)))),
	req("samples", "证照样例，数据项 id → 值", list("sample records (证照样例), item id → value", &shape{kind: kMap,
		doc: "one sample record", elem: &shape{kind: kScalar, doc: "value"}})),
)

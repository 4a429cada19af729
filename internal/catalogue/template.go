// Package catalogue reads face templates (照面模板), lints them and compiles
// them into catalogue entries (目录信息).
package catalogue

import (
	"ezz/internal/dataitem"

	"gopkg.in/yaml.v3"
)

// FormatV1 is the value of the format key of a version-1 face template.
const FormatV1 = "ezz/template/v1"

// Template is one licence type: its catalogue entry, data-item standard,
// metadata mapping, face layout and samples. It is the parsed form of one YAML file.
type Template struct {
	Format    string              `yaml:"format" json:"format"`
	Catalogue Entry               `yaml:"catalogue" json:"catalogue"`
	Items     []dataitem.Item     `yaml:"items" json:"items"`
	Rules     []dataitem.Rule     `yaml:"rules,omitempty" json:"rules,omitempty"`
	Metadata  Metadata            `yaml:"metadata" json:"metadata"`
	Face      Face                `yaml:"face" json:"face"`
	Samples   []map[string]string `yaml:"samples" json:"samples"`

	// Path is the file the template was read from; Dir is its directory,
	// against which relative asset paths (images, fonts) resolve.
	Path string `yaml:"-" json:"-"`
	Dir  string `yaml:"-" json:"-"`

	// FontDirs are extra directories searched for fonts, after Dir and before
	// font.SystemDirs() (the --font-dir flag).
	FontDirs []string `yaml:"-" json:"-"`

	raw  []byte     // the file as read, for Hash
	root *yaml.Node // its YAML tree, for lint positions
	// parsed are the findings of reading the file (unknown or duplicate keys,
	// alias bombs, …): Template and Compile report them with the others, so a
	// template that lint refuses never compiles or issues.
	parsed []Finding
}

// DefaultFontSize is the font size, in points, of a text element without size.
const DefaultFontSize = 10.5

// Entry holds the GB/T 36902 catalogue items of a licence type.
type Entry struct {
	Name              string    `yaml:"name" json:"name"`           // 证照名称
	NameEn            string    `yaml:"name_en" json:"name_en"`     // English name
	Category          string    `yaml:"category" json:"category"`   // 证照 | 批文 | 证明 | 证件
	TypeCode          string    `yaml:"type_code" json:"type_code"` // 21 chars: defining authority credit code + 3 digits
	DefiningAuthority Authority `yaml:"defining_authority" json:"defining_authority"`
	IssuingAuthority  Authority `yaml:"issuing_authority" json:"issuing_authority"`
	ServiceItem       Service   `yaml:"service_item" json:"service_item"`
	Holder            Holder    `yaml:"holder" json:"holder"`
	Validity          string    `yaml:"validity" json:"validity"`       // default validity: "5y", "6m", "90d" or "permanent"
	Retention         string    `yaml:"retention" json:"retention"`     // retention period, same syntax
	QRValidity        string    `yaml:"qr_validity" json:"qr_validity"` // QR validity duration: "90d", "24h", "1y"
}

// Authority is a government body: name, code (usually an 18-char credit code) and level.
type Authority struct {
	Name  string `yaml:"name" json:"name"`
	Code  string `yaml:"code" json:"code"`
	Level string `yaml:"level,omitempty" json:"level,omitempty"` // 国家级 | 省级 | 市级 | 县级
}

// Service is the related government service item (关联事项).
type Service struct {
	Name string `yaml:"name" json:"name"`
	Code string `yaml:"code" json:"code"`
}

// Holder says who holds the licence and which holder ID types are accepted.
type Holder struct {
	Category string   `yaml:"category" json:"category"` // legal-person | natural-person | any
	IDTypes  []string `yaml:"id_types" json:"id_types"` // GB/T 36903 App. A codes, e.g. "001", "111"
}

// Metadata maps data items onto the GB/T 36903 metadata of the certificate.
// Each value is the id of a data item; empty means "not from an item".
type Metadata struct {
	HolderName     string `yaml:"holder_name" json:"holder_name"`                               // CZZT
	HolderCode     string `yaml:"holder_code" json:"holder_code"`                               // CZZTDM
	HolderCodeType string `yaml:"holder_code_type,omitempty" json:"holder_code_type,omitempty"` // item giving CZZTDMLXDM; empty: Holder.IDTypes[0]
	Number         string `yaml:"number" json:"number"`                                         // ZZBH
	IssueDate      string `yaml:"issue_date" json:"issue_date"`                                 // ZZBFRQ
	ValidFrom      string `yaml:"valid_from,omitempty" json:"valid_from,omitempty"`             // ZZYXQQSRQ; empty: IssueDate
	ValidUntil     string `yaml:"valid_until,omitempty" json:"valid_until,omitempty"`           // ZZYXQJZRQ; empty: from Validity
	IssuingOffice  string `yaml:"issuing_office,omitempty" json:"issuing_office,omitempty"`     // ZZBFJG as registered; empty: IssuingAuthority.Name
}

// Face is the layout of the certificate face. Coordinates are millimetres
// from the top-left corner of the page.
type Face struct {
	Page      Page      `yaml:"page" json:"page"`
	BaseImage string    `yaml:"base_image,omitempty" json:"base_image,omitempty"` // 证照底图, drawn over the whole page
	Fonts     []string  `yaml:"fonts" json:"fonts"`                               // fallback chain of font files (.ttf/.ttc), first that has a glyph wins
	Elements  []Element `yaml:"elements" json:"elements"`
}

// Page is a page size: a named size (A3, A4, A5, B5) with an orientation, or explicit millimetres.
type Page struct {
	Size        string  `yaml:"size,omitempty" json:"size,omitempty"`
	Orientation string  `yaml:"orientation,omitempty" json:"orientation,omitempty"` // portrait | landscape
	Width       float64 `yaml:"width,omitempty" json:"width,omitempty"`             // mm, with Height, instead of Size
	Height      float64 `yaml:"height,omitempty" json:"height,omitempty"`
}

// Element kinds.
const (
	KindField = "field" // the value of a data item
	KindText  = "text"  // static text
	KindSeal  = "seal"  // the seal pattern (印章图样), an image
	KindQR    = "qr"    // the certificate's QR code, W×W
	KindImage = "image" // any other static image
)

// Element is one positioned thing on the face.
type Element struct {
	Kind    string   `yaml:"kind" json:"kind"`
	Field   string   `yaml:"field,omitempty" json:"field,omitempty"`   // KindField: item id
	Text    string   `yaml:"text,omitempty" json:"text,omitempty"`     // KindText
	Image   string   `yaml:"image,omitempty" json:"image,omitempty"`   // KindSeal, KindImage: file
	Format  string   `yaml:"format,omitempty" json:"format,omitempty"` // KindField dates: "zh" (2019年3月1日), "iso", "dots"; enums: "label" (default) or "code"
	X       float64  `yaml:"x" json:"x"`
	Y       float64  `yaml:"y" json:"y"`
	W       float64  `yaml:"w" json:"w"`
	H       float64  `yaml:"h,omitempty" json:"h,omitempty"`
	Size    float64  `yaml:"size,omitempty" json:"size,omitempty"`         // font size in points
	MinSize float64  `yaml:"min_size,omitempty" json:"min_size,omitempty"` // smallest size shrink-to-fit may use
	Align   string   `yaml:"align,omitempty" json:"align,omitempty"`       // left | center | right
	VAlign  string   `yaml:"valign,omitempty" json:"valign,omitempty"`     // top | middle | bottom
	Wrap    bool     `yaml:"wrap,omitempty" json:"wrap,omitempty"`
	Shrink  bool     `yaml:"shrink,omitempty" json:"shrink,omitempty"`
	Color   string   `yaml:"color,omitempty" json:"color,omitempty"`     // #RRGGBB
	Fonts   []string `yaml:"fonts,omitempty" json:"fonts,omitempty"`     // overrides Face.Fonts for this element
	Overlap bool     `yaml:"overlap,omitempty" json:"overlap,omitempty"` // KindSeal, KindImage: may lie over text on purpose (a seal over the authority name and date)
}

package catalogue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"ezz/internal/dataitem"
	"ezz/internal/font"

	"ezz/internal/text"
)

// EntryFormat is the value of the format field of a compiled catalogue entry.
const EntryFormat = "ezz/catalogue-entry/v1"

// Compiled is the catalogue entry (目录信息) of one licence type, as JSON with
// stable snake_case names (documented in docs/templates.md).
type Compiled struct {
	Format      string              `json:"format"`
	ContentHash string              `json:"content_hash"` // Hash: "sm3:<hex>" of template and assets
	Catalogue   CompiledCatalogue   `json:"catalogue"`
	Standard    dataitem.Standard   `json:"data_item_standard"`
	Metadata    map[string]string   `json:"metadata"` // GB/T 36903 element name (CZZT, ZZBH …) → item id
	SealPattern *Asset              `json:"seal_pattern,omitempty"`
	BaseImage   *Asset              `json:"base_image,omitempty"`
	Fonts       []Asset             `json:"fonts"`
	Samples     []map[string]string `json:"samples"` // normalised sample records
	// SamplePDF names the rendered sample (证照样例) next to the entry. The
	// compile step leaves it empty until rendering lands: the renderer draws
	// Samples[0] with the watermark 样例 and sets this field before WriteFile.
	SamplePDF string `json:"sample_pdf,omitempty"`
}

// CompiledCatalogue holds the GB/T 36902 catalogue items.
type CompiledCatalogue struct {
	TypeName               string   `json:"type_name"`    // 证照类型名称
	TypeNameEn             string   `json:"type_name_en"` // English name
	Category               string   `json:"category"`     // 证照 | 批文 | 证明 | 证件
	TypeCode               string   `json:"type_code"`    // 证照类型代码
	DefiningAuthorityName  string   `json:"defining_authority_name"`
	DefiningAuthorityCode  string   `json:"defining_authority_code"`
	DefiningAuthorityLevel string   `json:"defining_authority_level"`
	IssuingAuthorityName   string   `json:"issuing_authority_name"`
	IssuingAuthorityCode   string   `json:"issuing_authority_code"`
	IssuingAuthorityLevel  string   `json:"issuing_authority_level"`
	ServiceItemName        string   `json:"service_item_name"`
	ServiceItemCode        string   `json:"service_item_code"`
	HolderCategory         string   `json:"holder_category"`
	HolderIDTypes          []string `json:"holder_id_types"` // GB/T 36903 App. A codes
	Validity               string   `json:"validity"`        // 5y, 6m, 90d, permanent
	Retention              string   `json:"retention"`
	QRValidity             string   `json:"qr_validity"`
}

// Asset is a file the template uses, with its SM3.
type Asset struct {
	File string `json:"file"`
	SM3  string `json:"sm3"`
}

// LintError is the cause of the error Compile returns for a template with
// lint errors: the findings.
type LintError struct {
	Findings []Finding
}

func (e *LintError) Error() string { return lintFailure(e.Findings).Msg.En }

// lintFailure is the bilingual error of a template with lint errors (class
// Bad), naming the first one.
func lintFailure(fs []Finding) *text.Error {
	n, _ := Count(fs)
	first := text.T{}
	for _, f := range fs {
		if f.Severity == Error {
			first = text.F("；第一个：%s", "; first: %s", f.Text())
			break
		}
	}
	e := text.Badf("模板有 %d 个检查错误%s", "template has %d lint error(s)%s", n, first)
	return e.WithHint("请对该模板运行 ezz catalogue lint 并改正每个错误",
		"run ezz catalogue lint on the template and fix every error")
}

// Compile lints t and, when it has no errors, builds its catalogue entry.
func (l *Linter) Compile(t *Template) (*Compiled, error) {
	fs := l.Template(t)
	if n, _ := Count(fs); n > 0 {
		e := lintFailure(fs)
		e.Err = &LintError{Findings: fs}
		return nil, e
	}
	fonts := l.Fonts // the fonts linted are the fonts hashed and listed
	if fonts == nil {
		fonts = font.NewFonts()
	}
	hash, err := HashFonts(t, nil, fonts)
	if err != nil {
		return nil, err
	}
	c := &Compiled{
		Format: EntryFormat, ContentHash: hash, Catalogue: compileCatalogue(t.Catalogue),
		Standard: t.Standard(), Metadata: compileMetadata(t),
	}
	if err := c.addAssets(t, fonts); err != nil {
		return nil, err
	}
	for _, s := range t.Samples {
		values, _ := t.Standard().Validate(s)
		c.Samples = append(c.Samples, values)
	}
	return c, nil
}

func compileCatalogue(e Entry) CompiledCatalogue {
	return CompiledCatalogue{
		TypeName: e.Name, TypeNameEn: e.NameEn, Category: e.Category, TypeCode: e.TypeCode,
		DefiningAuthorityName: e.DefiningAuthority.Name, DefiningAuthorityCode: e.DefiningAuthority.Code,
		DefiningAuthorityLevel: e.DefiningAuthority.Level,
		IssuingAuthorityName:   e.IssuingAuthority.Name, IssuingAuthorityCode: e.IssuingAuthority.Code,
		IssuingAuthorityLevel: e.IssuingAuthority.Level,
		ServiceItemName:       e.ServiceItem.Name, ServiceItemCode: e.ServiceItem.Code,
		HolderCategory: e.Holder.Category, HolderIDTypes: e.Holder.IDTypes,
		Validity: e.Validity, Retention: e.Retention, QRValidity: e.QRValidity,
	}
}

// compileMetadata maps GB/T 36903 element names onto item ids; unset ones are left out.
func compileMetadata(t *Template) map[string]string {
	m := t.Metadata
	out := map[string]string{}
	for k, v := range map[string]string{
		"CZZT": m.HolderName, "CZZTDM": m.HolderCode, "CZZTDMLXDM": m.HolderCodeType,
		"ZZBH": m.Number, "ZZBFRQ": m.IssueDate, "ZZYXQQSRQ": m.ValidFrom,
		"ZZYXQJZRQ": m.ValidUntil, "ZZBFJG": m.IssuingOffice,
	} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

func (c *Compiled) addAssets(t *Template, fonts *font.Fonts) error {
	asset := func(name string) (*Asset, error) {
		h, err := fileSM3(t.assetPath(name), processSums)
		if err != nil {
			return nil, fmt.Errorf("compile: asset %q: %w", name, err)
		}
		return &Asset{File: filepath.ToSlash(name), SM3: h}, nil
	}
	var err error
	if t.Face.BaseImage != "" {
		if c.BaseImage, err = asset(t.Face.BaseImage); err != nil {
			return err
		}
	}
	for _, e := range t.Face.Elements {
		if e.Kind == KindSeal && c.SealPattern == nil {
			if c.SealPattern, err = asset(e.Image); err != nil {
				return err
			}
		}
	}
	m, err := manifest(t, processSums, fonts)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(m, "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "font" {
			c.Fonts = append(c.Fonts, Asset{File: f[1], SM3: f[2]})
		}
	}
	return nil
}

// WriteFile writes the entry as indented JSON to dir/<type_code>.json and
// returns the path.
func (c *Compiled) WriteFile(dir string) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("write catalogue entry: %w", err)
	}
	path := filepath.Join(dir, c.Catalogue.TypeCode+".json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return "", fmt.Errorf("write catalogue entry: %w", err)
	}
	return path, nil
}

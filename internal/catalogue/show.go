package catalogue

import (
	"fmt"
	"io"
	"strings"

	"ezz/internal/dataitem"
)

// Overview is what `ezz catalogue show` prints of a template: its data items
// with the metadata element each fills, and its face elements. Its JSON
// field names are stable (docs/templates.md).
type Overview struct {
	File     string         `json:"file"`
	Name     string         `json:"name"`
	TypeCode string         `json:"type_code"`
	Items    []ItemOverview `json:"items"`
	Face     []FaceOverview `json:"face"`
}

// ItemOverview is one data item: what a register column or a map file's
// value must carry.
type ItemOverview struct {
	ID             string          `json:"id"`
	Label          string          `json:"label"`
	LabelEn        string          `json:"label_en,omitempty"`
	Aliases        []string        `json:"aliases,omitempty"`
	Type           dataitem.Type   `json:"type"`
	Required       bool            `json:"required"`
	Default        string          `json:"default,omitempty"`
	Codes          []dataitem.Code `json:"codes,omitempty"`
	AllowQualifier bool            `json:"allow_qualifier,omitempty"`
	Metadata       []string        `json:"metadata,omitempty"` // GB/T 36903 elements it fills, e.g. "CZZT"
	Face           bool            `json:"on_face"`            // a face element prints it
}

// FaceOverview is one face element.
type FaceOverview struct {
	Kind  string  `json:"kind"`
	Field string  `json:"field,omitempty"`
	Text  string  `json:"text,omitempty"`
	Image string  `json:"image,omitempty"`
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	W     float64 `json:"w"`
	H     float64 `json:"h,omitempty"`
}

// metadataNames are the GB/T 36903 names of the elements an item can fill.
var metadataNames = map[string]string{
	"CZZT": "持证主体", "CZZTDM": "持证主体代码", "CZZTDMLXDM": "持证主体代码类型代码", "ZZBH": "证照编号",
	"ZZBFRQ": "颁发日期", "ZZYXQQSRQ": "有效期起始日期", "ZZYXQJZRQ": "有效期截止日期", "ZZBFJG": "颁发机构",
}

// Describe builds the overview of a template.
func Describe(path string, t *Template) Overview {
	m := t.Metadata
	fills := map[string][]string{}
	for _, e := range []struct{ item, element string }{
		{m.HolderName, "CZZT"}, {m.HolderCode, "CZZTDM"}, {m.HolderCodeType, "CZZTDMLXDM"}, {m.Number, "ZZBH"},
		{m.IssueDate, "ZZBFRQ"}, {m.ValidFrom, "ZZYXQQSRQ"}, {m.ValidUntil, "ZZYXQJZRQ"}, {m.IssuingOffice, "ZZBFJG"},
	} {
		if e.item != "" {
			fills[e.item] = append(fills[e.item], e.element)
		}
	}
	o := Overview{File: path, Name: t.Catalogue.Name, TypeCode: t.Catalogue.TypeCode}
	onFace := map[string]bool{}
	for _, e := range t.Face.Elements {
		onFace[e.Field] = e.Kind == KindField || onFace[e.Field]
		o.Face = append(o.Face, FaceOverview{Kind: e.Kind, Field: e.Field, Text: e.Text, Image: e.Image, X: e.X, Y: e.Y, W: e.W, H: e.H})
	}
	for _, it := range t.Items {
		o.Items = append(o.Items, ItemOverview{ID: it.ID, Label: it.Label, LabelEn: it.LabelEn, Aliases: it.Aliases,
			Type: it.Type, Required: it.Required, Default: it.Default, Codes: it.Codes, AllowQualifier: it.AllowQualifier,
			Metadata: fills[it.ID], Face: onFace[it.ID]})
	}
	return o
}

// WriteText prints the overview for people, in Chinese (lang "zh") or English.
func (o Overview) WriteText(w io.Writer, lang string) error {
	zh := lang == "zh"
	say := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	fmt.Fprintf(w, "%s %s (%s)\n\n", o.Name, o.TypeCode, o.File)
	fmt.Fprintln(w, say("数据项（登记表的列，或映射文件 values: 中的值）：", "data items (register columns, or values: in a map file):"))
	for _, it := range o.Items {
		o.writeItem(w, it, say)
	}
	fmt.Fprintln(w, say("\n照面元素：", "\nface elements:"))
	for _, e := range o.Face {
		what := e.Field
		switch e.Kind {
		case KindText:
			what = fmt.Sprintf("%q", e.Text)
		case KindSeal, KindImage:
			what = e.Image
		}
		_, err := fmt.Fprintf(w, "  %-5s %-24s x=%g y=%g w=%g h=%g\n", e.Kind, what, e.X, e.Y, e.W, e.H)
		if err != nil {
			return err
		}
	}
	return nil
}

func (o Overview) writeItem(w io.Writer, it ItemOverview, say func(z, e string) string) {
	req := say("选填", "optional")
	if it.Required {
		req = say("必填", "required")
	}
	fmt.Fprintf(w, "  %-20s %s  %s, %s", it.ID, it.Label, it.Type, req)
	if it.Default != "" {
		fmt.Fprintf(w, say("，默认 %q", ", default %q"), it.Default)
	}
	fmt.Fprintln(w)
	if len(it.Aliases) > 0 {
		fmt.Fprintf(w, "  %-20s %s%s\n", "", say("别名：", "aliases: "), strings.Join(it.Aliases, say("、", ", ")))
	}
	for _, el := range it.Metadata {
		fmt.Fprintf(w, "  %-20s %s%s %s\n", "", say("元数据：", "metadata: "), el, metadataNames[el])
	}
	if len(it.Codes) > 0 {
		codes := make([]string, len(it.Codes))
		for i, c := range it.Codes {
			codes[i] = c.Code + " " + c.Label
		}
		fmt.Fprintf(w, "  %-20s %s%s\n", "", say("代码表：", "codes: "), strings.Join(codes, say("；", "; ")))
		if it.AllowQualifier {
			fmt.Fprintf(w, "  %-20s %s\n", "", say("名称后可加括号注明，如 名称（说明）", "a label may be followed by a bracketed qualifier: label（qualifier）"))
		}
	}
}

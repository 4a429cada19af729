package issuance

import (
	"errors"

	"ezz/internal/pdfsig"
	"ezz/internal/render"
	"ezz/internal/text"
	"ezz/internal/workspace"
)

// SealRenderer draws a face without its seal and returns the seal, the
// issuing office's own, as the signature's visible appearance;
// render.Renderer is one.
type SealRenderer interface {
	Face(values map[string]string, qr [][]bool, seal string) ([]byte, *pdfsig.Appearance, error)
	CheckSeal(path string) error
	HasSeal() bool
}

// ErrNoSeal is the cause of the error a row gets when its issuing office has
// no seal image (errors.Is).
var ErrNoSeal = errors.New("the issuing office has no seal image")

// sealFor returns the seal image a certificate of office bears: the office's
// own from the workspace's table of issuing offices, or "" for the template's
// seal, which serves only the office the template names. Any other office is
// refused, before a serial number is spent — except in a pilot workspace
// (placeholder details, certificates not valid), which draws the office a
// pilot seal naming it (pilotseal.go), so that trials run on any register
// and no certificate bears another authority's seal.
func (m *Maker) sealFor(office string) (string, error) {
	r, ok := m.c.Renderer.(SealRenderer)
	if !ok || !r.HasSeal() {
		return "", nil
	}
	path := m.c.Workspace.OfficeSeal(office)
	if path == "" && !workspace.SameOffice(office, m.c.Template.Catalogue.IssuingAuthority.Name) {
		if !m.c.Workspace.Config.Pilot {
			return "", noSeal(office, m.c.Template.Catalogue.IssuingAuthority.Name)
		}
		var err error
		if path, err = m.pilotSeal(office); err != nil {
			return "", err
		}
	}
	if err := r.CheckSeal(path); err != nil {
		return "", text.Wrap(err, "发证机关“%s”的印章图样", "the seal image of issuing office %q", office).WithClass(text.Bad)
	}
	return path, nil
}

func noSeal(office, templateOffice string) error {
	e := text.Badf("发证机关“%s”没有印章图样：模板的印章只属于“%s”", "issuing office %q has no seal image: the template's seal is %q's only",
		office, templateOffice)
	e.Err = ErrNoSeal
	return e.WithHint("在工作区 config.yaml 的 offices 中登记该机关，并用 seal: 给出其印章图片（PNG，透明背景），例如 seal: seals/office.png",
		"list the office under offices in the workspace's config.yaml with seal: its seal image (a PNG with transparency), e.g. seal: seals/office.png")
}

// face is a certificate's face as drawn, with what signing it needs.
type face struct {
	pdf      []byte
	seal     *pdfsig.Appearance // the seal as the signature's appearance, or nil
	sealPath string             // the seal image's path
	outline  *pdfsig.Outline    // the document's structure, or nil: Sign parses it
}

// face draws the certificate's face: with a SealRenderer, without the seal,
// which comes back as the signature's appearance, with the seal image's path.
func (m *Maker) face(c *Certificate, p *Plan, modules [][]bool) (face, error) {
	values := p.Values
	r, ok := m.c.Renderer.(SealRenderer)
	if !ok {
		pdf, err := m.c.Renderer.Render(values, modules)
		return face{pdf: pdf}, err
	}
	if o, ok := m.c.Renderer.(Outliner); ok && p.layout != nil {
		pdf, ap, outline, err := o.FaceOutlined(values, p.layout, modules, p.seal)
		return face{pdf, ap, p.seal, outline}, err
	}
	if l, ok := m.c.Renderer.(Layer); ok && p.layout != nil {
		pdf, ap, err := l.FaceLaid(values, p.layout, modules, p.seal)
		return face{pdf, ap, p.seal, nil}, err
	}
	seal, err := m.sealFor(c.Record.Meta.ZZBFJG)
	if err != nil {
		return face{}, err
	}
	pdf, ap, err := r.Face(values, modules, seal)
	return face{pdf, ap, seal, nil}, err
}

// Outliner is a Layer that also returns the outline of the face it draws,
// so that signing it parses nothing; render.Renderer is one.
type Outliner interface {
	FaceOutlined(values map[string]string, l *render.Layout, qr [][]bool, seal string) ([]byte, *pdfsig.Appearance, *pdfsig.Outline, error)
}

// officeOf is the issuing office a certificate with values names: its
// issuing-office item, or the agency.
func (m *Maker) officeOf(values map[string]string) string {
	if office := values[m.c.Template.Metadata.IssuingOffice]; office != "" {
		return office
	}
	return m.c.Workspace.Config.Agency.Name
}

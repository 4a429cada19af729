package catalogue

import "ezz/internal/text"

// LintWorkspace is what lint knows of the workspace the templates are
// issued from, for the checks that depend on it.
type LintWorkspace struct {
	// QRURLPrefix is the workspace's qr_url_prefix, put before every token.
	QRURLPrefix string
	// Agency issues the certificates of a template without an issuing-office item.
	Agency string
	// HasSeal reports whether a certificate of office, from a template
	// naming templateOffice, bears a seal of its own (the workspace's
	// office table, the template's seal for its own office, or a pilot seal).
	HasSeal func(office, templateOffice string) bool
}

func (w *LintWorkspace) urlPrefix() string {
	if w == nil {
		return ""
	}
	return w.QRURLPrefix
}

// checkSeals warns of each sample whose issuing office would have no seal:
// issuing its certificate would be refused.
func (w *LintWorkspace) checkSeals(d *doc, t *Template) {
	if w == nil || w.HasSeal == nil || !hasSealElement(t) {
		return
	}
	item := t.Metadata.IssuingOffice
	for i, s := range t.Samples {
		office, at := s[item], p("samples", i, item)
		if item == "" || office == "" {
			office, at = w.Agency, p("samples", i)
		}
		if office == "" || w.HasSeal(office, t.Catalogue.IssuingAuthority.Name) {
			continue
		}
		d.atPath(at, RuleOfficeSeal, text.F("样例 %d 的发证机关“%s”在工作区的发证机关表中没有印章图样：其证照会被拒绝；请在 config.yaml 的 offices 中登记它，并用 seal: 给出印章图片",
			"sample %d: issuing office %q has no seal in the workspace's office table, so its certificates would be refused; list it under offices in config.yaml with seal: its seal image",
			i+1, office))
	}
}

func hasSealElement(t *Template) bool {
	for _, e := range t.Face.Elements {
		if e.Kind == KindSeal {
			return true
		}
	}
	return false
}

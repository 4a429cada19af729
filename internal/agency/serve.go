package agency

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"ezz/internal/catalogue"
	"ezz/internal/lifecycle"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/verify"
)

// ServeTemplate is one face template the console offers.
type ServeTemplate struct {
	Path string // the template file
	Name string // the licence's name (证照名称)
	// TypeCode is the licence type code (证照类型代码).
	TypeCode string
}

// ServeTemplates lists the face templates under dir (DIR/*.yaml and
// DIR/*/template.yaml) that load, by licence name.
func (a *Agency) ServeTemplates(dir string) ([]ServeTemplate, error) {
	var paths []string
	for _, pat := range []string{"*.yaml", "*/template.yaml"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, text.Wrap(err, "列出模板目录 %s 失败", "list the templates in %s", dir)
		}
		paths = append(paths, m...)
	}
	var out []ServeTemplate
	for _, p := range paths {
		if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		t, err := catalogue.Load(p)
		if err != nil {
			continue // ezz catalogue lint says why; the console offers only templates that load
		}
		out = append(out, ServeTemplate{Path: p, Name: t.Catalogue.Name, TypeCode: t.Catalogue.TypeCode})
	}
	if len(out) == 0 {
		return nil, text.Errorf("模板目录 %s 中没有可用的照面模板", "no face template loads from %s", dir).WithHint(
			"用 --templates 指定模板目录（每个模板一个 template.yaml）", "give --templates DIR, with one template.yaml per licence type")
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// ScanSource is what the scan page verifies QR codes against: the trusted
// issuer certificates and the status in the workspace's ledger.
func (a *Agency) ScanSource() (*sign.Trust, verify.StatusSource, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, nil, err
	}
	trust, err := a.Trust()
	if err != nil {
		return nil, nil, err
	}
	return trust, verify.LedgerStatus{Ledger: a.Ledger, Name: "workspace " + a.Home}, nil
}

// ServeCertificate is one certificate the console found.
type ServeCertificate struct {
	Identifier, Number, Licence, Holder, HolderCode string
	Status                                          string // two-digit status code
	StatusName                                      text.T
}

// FindCertificates looks certificates up by identifier, certificate number
// or holder code (exact), else by a part of the holder's name (at least two
// characters, as the signed record gives it), at their current version, each
// with its holder and licence from its signed record.
func (a *Agency) FindCertificates(ctx context.Context, q string) ([]ServeCertificate, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	found, err := a.Ledger.Find(ctx, q)
	byName := false
	if err == nil && len(found) == 0 {
		q, byName = norm.NFC.String(q), true // records hold NFC text
		found, err = a.Ledger.FindHolderName(ctx, q)
	}
	if err != nil {
		return nil, text.Wrap(err, "查找证照失败", "find certificates")
	}
	trust, err := a.Trust()
	if err != nil {
		return nil, err
	}
	out := make([]ServeCertificate, 0, len(found))
	for _, c := range found {
		s := ServeCertificate{Identifier: c.Identifier, Number: c.Number, HolderCode: c.HolderCode,
			Status: c.Status, StatusName: lifecycle.Name(c.Status)}
		if trust != nil {
			if rec, err := record.Open(c.Asked.Record, trust.Lookup); err == nil {
				s.Licence, s.Holder = rec.Meta.ZZMC, rec.Meta.CZZT
			}
		}
		if byName && !strings.Contains(s.Holder, q) {
			continue // found by the name only a record that does not verify carries
		}
		out = append(out, s)
	}
	return out, nil
}

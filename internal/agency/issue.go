package agency

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/dataitem"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/qr"
	"ezz/internal/register"
	"ezz/internal/text"
	"ezz/internal/workday"
)

// IssueOptions are what issue and convert share.
type IssueOptions struct {
	Template   string   // the face template file
	FontDirs   []string // --font-dir
	QRValidity string   // --qr-validity; "" means the template's qr_validity
	Out        string   // where PDFs go; "" means the workspace's out/
	NoPDF      bool     // signed records and QR codes only

	// noQRToken: the caller keeps no QR token (Convert without PDFs:
	// issuance.Config.NoQRToken). Issue prints its token, so it keeps it.
	noQRToken bool
}

// Issued is a certificate recorded in the ledger, with its file and deadline.
type Issued struct {
	Cert     *issuance.Certificate
	Path     string // "" without a PDF
	Deadline workday.Deadline
}

// Problem is one reason the data of a certificate cannot be issued.
type Problem struct {
	Item    string `json:"item"`
	Message text.T `json:"message"` // the item's label, then what is wrong and how to fix it
}

// DataError is data that fails the template's data-item standard (exit 1).
type DataError struct{ Problems []Problem }

func (e *DataError) Error() string {
	return fmt.Sprintf("the data has %d problem(s); nothing was issued", len(e.Problems))
}

// Text is the error in both languages.
func (e *DataError) Text() text.T {
	return text.F("数据有 %d 处问题，未签发任何证照", "the data has %d problem(s); nothing was issued", len(e.Problems))
}

// issuing is the state issue and convert share: the template and a Maker.
type issuing struct {
	tmpl  *Template
	maker *issuance.Maker
	out   string
}

// openIssuing loads the template through its lint gate, unlocks the key and
// builds the Maker.
func (a *Agency) openIssuing(o IssueOptions) (*issuing, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	a.issuerAhead()
	defer a.settle()
	tmpl, err := a.LoadTemplate(o.Template, TemplateOptions{FontDirs: o.FontDirs, NoPDF: o.NoPDF})
	if err != nil {
		return nil, err
	}
	var override time.Duration
	if o.QRValidity != "" {
		if override, err = qr.ParseValidity(o.QRValidity); err != nil {
			return nil, wrap(err, "--qr-validity", "--qr-validity")
		}
	}
	key, err := a.Issuer()
	if err != nil {
		return nil, err
	}
	a.Ledger.SetHeadSigner(key.Key, a.clock) // tree heads at batch close and hourly (docs/audit.md)
	cfg := issuance.Config{Template: tmpl.Template, Hash: tmpl.Hash, Key: key, Workspace: a.Workspace, QRValidity: override, NoQRToken: o.noQRToken}
	if tmpl.Renderer != nil {
		cfg.Renderer = tmpl.Renderer
	}
	maker, err := issuance.New(cfg)
	if err != nil {
		return nil, err
	}
	return &issuing{tmpl: tmpl, maker: maker, out: a.OutDir(o.Out)}, nil
}

// Issue issues one certificate from data, a JSON object of data items keyed
// by item id or label: validated, numbered, signed, given its QR code and
// PDF, and recorded in the ledger for pushing within 1 working day.
func (a *Agency) Issue(ctx context.Context, o IssueOptions, data []byte) (*Issued, error) {
	now := a.Now()
	is, err := a.openIssuing(o)
	if err != nil {
		return nil, err
	}
	vals, err := recordValues(is.tmpl.Template, data)
	if err != nil {
		return nil, err
	}
	vals, de, err := checkData(is.tmpl.Template, vals)
	if err != nil {
		return nil, err
	}
	if de != nil {
		return nil, (&text.Error{Msg: de.Text(), Class: text.Bad, Err: de}).WithHint(
			"按列出的每处问题改正数据后再次签发", "fix each problem listed in the data and issue it again")
	}
	return a.issueOne(ctx, is, vals, now)
}

// checkData checks data against the template's data-item standard with the
// validator a conversion checks each register row with: its normalised
// values, or what is wrong with it.
func checkData(t *catalogue.Template, raw map[string]string) (map[string]string, *DataError, error) {
	v, err := register.NewValidator(dataitem.Standard{Items: t.Items, Rules: t.Rules})
	if err != nil {
		return nil, nil, err
	}
	vals, problems := v.Fields(register.Row{Cells: raw}) // no unique sets: nothing to compare with
	if len(problems) == 0 {
		return vals, nil, nil
	}
	de := &DataError{}
	for _, p := range problems {
		de.Problems = append(de.Problems, Problem{Item: p.Item, Message: text.F("%[1]s：%[3]s", "%[1]s (%[2]s): %[3]s", p.Label, p.Item, p.Message)})
	}
	return nil, de, nil
}

// issueOne allocates the next serial, makes the certificate, writes its PDF
// and records it. Another process taking the same serial first is retried;
// the PDF goes under its final name only once the ledger has committed it, so
// such a race never overwrites the other process's file.
func (a *Agency) issueOne(ctx context.Context, is *issuing, vals map[string]string, now time.Time) (*Issued, error) {
	plan, err := is.maker.Plan(ctx, a.Ledger, vals, now)
	var issued *issuance.IssuedError
	var lookup *issuance.LookupError
	switch {
	case errors.As(err, &issued):
		return nil, issued.Refusal()
	case errors.As(err, &lookup):
		return nil, lookup.Err
	case err != nil:
		return nil, bad(err) // expired, dated in the future, or a face that cannot be drawn
	}
	deadline, err := a.pushDeadline(now) // the workspace's calendar: imported years win
	if err != nil {
		return nil, err
	}
	release, err := lockPDFDir(ctx, is)
	if err != nil {
		return nil, err
	}
	defer release()
	for attempt := 0; ; attempt++ {
		n, err := a.Ledger.NextSerial(ctx, is.maker.Station())
		if err != nil {
			return nil, err
		}
		cert, err := is.maker.MakePlanned(plan, n)
		if err != nil {
			return nil, bad(err)
		}
		pdf, err := stage(is.out, cert)
		if err != nil {
			return nil, wrap(err, "写入证照文件失败", "write the certificate's PDF")
		}
		err = a.Ledger.IssueBatch(ctx, []ledger.Issuance{cert.Entry(pdf, issuance.Origin{Actor: a.Actor, Deadline: deadline.At})})
		if err != nil {
			pdf.Discard()
			if errors.Is(err, ledger.ErrSerialConflict) && attempt < 5 {
				continue
			}
			return nil, err
		}
		if err := commitPDF(pdf); err != nil {
			return nil, text.Wrap(err, "证照 %s 已记入台账，但其 PDF 无法放到位", "certificate %s is recorded, but its PDF could not be put in place", cert.ID)
		}
		return &Issued{Cert: cert, Path: pdf.Final, Deadline: deadline}, nil
	}
}

// bad is err as a finding about the thing checked (exit 1).
func bad(err error) error {
	l := asText(err)
	l.Class = text.Bad
	return l
}

// stage writes the certificate's PDF under a temporary name that passes for
// no certificate (issuance.Stage) until the ledger has committed it.
func stage(dir string, cert *issuance.Certificate) (issuance.Staged, error) {
	if cert.PDF == nil {
		return issuance.Staged{}, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return issuance.Staged{}, err
	}
	s, err := cert.Stage(dir)
	if err == nil {
		err = issuance.SyncDirs(dir) // the staged name is durable before the ledger commits
	}
	return s, err
}

// commitPDF gives a committed certificate's PDF its header and final name.
func commitPDF(s issuance.Staged) error {
	if s.Tmp == "" {
		return nil
	}
	if err := s.Commit(); err != nil {
		return err
	}
	return issuance.SyncDirs(filepath.Dir(s.Final))
}

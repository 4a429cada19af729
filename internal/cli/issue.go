package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"ezz/internal/catalogue"
	"ezz/internal/dataitem"
	"ezz/internal/issuance"
	"ezz/internal/ledger"
	"ezz/internal/workday"
	"ezz/internal/workspace"
)

// maxRecordInput bounds the JSON a clerk hands to ezz issue.
const maxRecordInput = 1 << 20

func newIssueCmd(g *globals) *cobra.Command {
	f := &issuingFlags{}
	var data string
	cmd := &cobra.Command{
		Use:   "issue --template T --data RECORD.json|-",
		Short: "Issue one certificate offline: validate, sign, make the QR code and the signed PDF, record it",
		Long: `Issue one certificate offline from a JSON object of data items (keyed by item id
or by the item's Chinese label). The certificate is validated against the template's
data-item standard, gets the next identifier of this workstation, a signed record, a
time-limited QR code and a signed PDF, and is recorded in the ledger for pushing to
the repository within 1 working day.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			now := now()
			is, err := openIssuing(cmd, g, f, now)
			if err != nil {
				return err
			}
			defer is.close()
			raw, err := readRecordInput(cmd.InOrStdin(), data)
			if err != nil {
				return usageError(err)
			}
			return runIssue(cmd, g, is, raw, now)
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&data, "data", "", "the data items as a JSON object, from `FILE` or - for standard input")
	_ = cmd.MarkFlagRequired("data")
	return cmd
}

func readRecordInput(stdin io.Reader, path string) ([]byte, error) {
	var r io.Reader = stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, Localized(fmt.Errorf("read data: %w", err), "读取数据失败："+zhOr(err))
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxRecordInput+1))
	if err != nil {
		return nil, Localized(fmt.Errorf("read data %s: %w", path, err), "读取数据 "+path+" 失败："+zhOr(err))
	}
	if len(b) > maxRecordInput {
		return nil, Localizedf(fmt.Errorf("data %s: larger than 1 MiB", path), "数据 %s 超过 1 MiB", path)
	}
	return b, nil
}

// recordValues decodes a JSON object of data items keyed by id or label.
func recordValues(t *catalogue.Template, raw []byte) (map[string]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, HintedZh(Localized(fmt.Errorf("data is not a JSON object: %w", err), "数据不是 JSON 对象："+err.Error()),
			`give {"item_id": "value", …}; the template lists the item ids`, `请给出 {"数据项标识": "值", …}；模板中列有各数据项的标识`)
	}
	byLabel := map[string]string{}
	for _, it := range t.Items {
		byLabel[it.ID], byLabel[it.Label] = it.ID, it.ID
	}
	vals := map[string]string{}
	for k, v := range obj {
		id, ok := byLabel[k]
		if !ok {
			return nil, HintedZh(Localizedf(fmt.Errorf("data: %q is not a data item of %s", k, t.Catalogue.Name), "数据：%q 不是“%s”的数据项", k, t.Catalogue.Name),
				"use the item ids or labels of the template", "请使用模板中数据项的标识或名称")
		}
		switch v := v.(type) {
		case string:
			vals[id] = v
		case json.Number:
			vals[id] = v.String()
		case bool:
			vals[id] = strconv.FormatBool(v)
		case nil:
		default:
			return nil, Localizedf(fmt.Errorf("data: %q must be a string, not %T", k, v), "数据：%q 的值必须是字符串", k)
		}
	}
	return vals, nil
}

// issueReport is the --json report of ezz issue (stable names).
type issueReport struct {
	Identifier  string `json:"identifier"`
	Number      string `json:"number"`
	Holder      string `json:"holder"`
	File        string `json:"file,omitempty"`
	QR          string `json:"qr"`
	QRExpiresAt string `json:"qr_expires_at"`
	IssuedAt    string `json:"issued_at"`
	// PushDeadline is the end of the working day after issuance (RFC 3339).
	PushDeadline        string `json:"push_deadline"`
	DeadlineProvisional bool   `json:"deadline_provisional,omitempty"`
}

func runIssue(cmd *cobra.Command, g *globals, is *issuing, raw []byte, now time.Time) error {
	vals, err := recordValues(is.tmpl, raw)
	if err != nil {
		return usageError(err)
	}
	std, err := dataitem.Standard{Items: is.tmpl.Items, Rules: is.tmpl.Rules}.Compile()
	if err != nil {
		return usageError(err)
	}
	vals, problems := std.Validate(vals)
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(cmd.ErrOrStderr(), "ezz: %s: %s\n", p.Item, p.Text(g.lang))
		}
		return findings(Localizedf(fmt.Errorf("the data has %d problem(s); nothing was issued", len(problems)),
			"数据有 %d 处问题，未签发任何证照", len(problems)))
	}
	done, err := issueOne(cmd, is, vals, now)
	if err != nil {
		return err
	}
	cert := done.cert
	rep := issueReport{Identifier: cert.ID.String(), Number: cert.Record.Meta.ZZBH, Holder: cert.Record.Meta.CZZT,
		QR: cert.QR, QRExpiresAt: cert.QRExpires.UTC().Format(time.RFC3339), IssuedAt: cert.Record.IssuedAt,
		File: done.path, PushDeadline: done.deadline.At.UTC().Format(time.RFC3339), DeadlineProvisional: done.deadline.Provisional}
	if g.json {
		return writeJSON(cmd.OutOrStdout(), rep)
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "%s %s\n", msg(g.lang, "已签发", "issued"), rep.Identifier)
	fmt.Fprintf(out, "  %s %s  %s\n", msg(g.lang, "证照编号", "number"), rep.Number, rep.Holder)
	if rep.File != "" {
		fmt.Fprintf(out, "  %s %s\n", msg(g.lang, "文件", "file"), rep.File)
	}
	fmt.Fprintf(out, "  %s %s\n", msg(g.lang, "二维码有效期至", "QR valid until"), cert.QRExpires.In(shanghai()).Format("2006-01-02 15:04 MST"))
	fmt.Fprintln(out, "  "+deadlineLine(g.lang, rep.PushDeadline, rep.DeadlineProvisional))
	return nil
}

// issueOne allocates the next serial, makes the certificate, writes its PDF
// and records it. Another process taking the same serial first is retried;
// the PDF goes under its final name only once the ledger has committed it, so
// such a race never overwrites the other process's file.
func issueOne(cmd *cobra.Command, is *issuing, vals map[string]string, now time.Time) (*issued, error) {
	ctx := cmd.Context()
	if n := is.tmpl.Metadata.Number; n != "" {
		if c, err := is.led.ByNumber(ctx, is.tmpl.Catalogue.TypeCode, vals[n]); err == nil {
			err := Localizedf(fmt.Errorf("certificate number %s was already issued as %s", vals[n], c.Identifier),
				"证照编号 %s 已签发过，证照标识为 %s", vals[n], c.Identifier)
			return nil, findings(HintedZh(err, "to change an issued certificate, alter it instead of issuing it again",
				"要修改已签发的证照，请做变更，不要重新签发"))
		}
	}
	if err := is.maker.Precheck(vals, now); err != nil {
		return nil, findings(err) // expired, dated in the future, or a face that cannot be drawn
	}
	deadline := workday.Official().After(now, workday.OfflineDays)
	for attempt := 0; ; attempt++ {
		n, err := is.led.NextSerial(ctx, is.maker.Station())
		if err != nil {
			return nil, usageError(err)
		}
		cert, err := is.maker.Make(vals, n, now)
		if err != nil {
			return nil, findings(err)
		}
		pdf, err := is.stagePDF(cert)
		if err != nil {
			return nil, usageError(err)
		}
		err = is.led.IssueBatch(ctx, []ledger.Issuance{{
			Identifier: cert.ID.String(), Station: cert.Record.Station, Serial: cert.ID.Serial, SerialN: n,
			TypeCode: cert.Record.Meta.ZZLXDM, Number: cert.Record.Meta.ZZBH, HolderCode: cert.Record.Meta.CZZTDM,
			Record: cert.Envelope, PDFPath: pdf.final, PDFSM3: cert.PDFSM3, Actor: workspace.Actor(), At: now,
			Deadline: deadline.At,
		}})
		if err != nil {
			pdf.discard()
			if errors.Is(err, ledger.ErrSerialConflict) && attempt < 5 {
				continue
			}
			return nil, ledgerError(err)
		}
		if err := pdf.keep(); err != nil {
			return nil, usageError(fmt.Errorf("certificate %s is recorded, but its PDF could not be put in place: %w", cert.ID, err))
		}
		return &issued{cert: cert, path: pdf.final, deadline: deadline}, nil
	}
}

// issued is a certificate recorded in the ledger, with its file and deadline.
type issued struct {
	cert     *issuance.Certificate
	path     string // "" without a PDF
	deadline workday.Deadline
}

// stagedPDF is a PDF written under a temporary name until its certificate is committed.
type stagedPDF struct{ tmp, final string }

// stagePDF writes the certificate's PDF next to its final name (nothing with --no-pdf).
func (is *issuing) stagePDF(cert *issuance.Certificate) (stagedPDF, error) {
	if cert.PDF == nil {
		return stagedPDF{}, nil
	}
	if err := os.MkdirAll(is.out, 0o755); err != nil {
		return stagedPDF{}, err
	}
	final := filepath.Join(is.out, cert.ID.Serial+".pdf")
	f, err := os.CreateTemp(is.out, cert.ID.Serial+".pdf.*.tmp")
	if err != nil {
		return stagedPDF{}, err
	}
	_, err = f.Write(cert.PDF)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return stagedPDF{}, err
	}
	return stagedPDF{tmp: f.Name(), final: final}, nil
}

func (p stagedPDF) keep() error {
	if p.tmp == "" {
		return nil
	}
	return os.Rename(p.tmp, p.final)
}

func (p stagedPDF) discard() {
	if p.tmp != "" {
		os.Remove(p.tmp)
	}
}

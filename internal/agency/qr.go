package agency

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"ezz/internal/catalogue"
	"ezz/internal/ledger"
	"ezz/internal/qr"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/text"
)

// KindQRMake is the ledger event kind of a fresh QR token.
const KindQRMake = "qr-make"

// Claims are what a QR token says.
type Claims = qr.Claims

// QROptions say how a fresh QR token is made.
type QROptions struct {
	Validity string // --qr-validity; overrides the template's
	Template string // face template whose qr_validity is the default
	PNG      string // also write the code as a PNG image here
	PX       int    // pixels per module of the PNG
}

// QRToken is a fresh token and its claims.
type QRToken struct {
	Payload   string
	Claims    Claims
	QRVersion int
}

// MakeQR makes a fresh time-limited QR token for the current, valid version
// of the certificate id, and records a qr-make event. Only the current
// version of a valid certificate gets one.
func (a *Agency) MakeQR(ctx context.Context, id string, o QROptions) (*QRToken, error) {
	now := a.Now()
	def, override, err := qrValidity(o)
	if err != nil {
		return nil, err
	}
	if err := a.needWorkspace(); err != nil {
		return nil, hintWorkspace(err)
	}
	rec, err := a.currentRecord(ctx, id)
	if err != nil {
		return nil, err
	}
	key, err := a.Issuer()
	if err != nil {
		return nil, err
	}
	tok, err := qrMake(rec, key, a.Config.QRURLPrefix, def, override, now)
	if err != nil {
		return nil, err
	}
	if o.PNG != "" {
		if err := writePNG(o.PNG, tok.Payload, o.PX); err != nil {
			return nil, err
		}
	}
	detail, _ := json.Marshal(map[string]string{"key_id": tok.Claims.KeyID, "issued_at": stamp(tok.Claims.IssuedAt), "expires_at": stamp(tok.Claims.ExpiresAt)})
	_, err = a.Ledger.Append(ctx, ledger.Event{At: now, Actor: a.Actor, Station: a.Station,
		Kind: KindQRMake, Identifier: tok.Claims.Identifier, Detail: string(detail)})
	if err != nil {
		return nil, err
	}
	return tok, nil
}

func hintWorkspace(err error) error {
	return asText(err).WithHint("运行 ezz init，或用 --home 指定工作区", "run ezz init, or pass --home")
}

// qrValidity reads the validity override and the template's qr_validity.
func qrValidity(o QROptions) (def, override time.Duration, err error) {
	if o.Validity != "" {
		if override, err = qr.ParseValidity(o.Validity); err != nil {
			return 0, 0, wrap(err, "--qr-validity", "--qr-validity")
		}
	}
	if o.Template != "" {
		t, err := catalogue.Load(o.Template)
		if err != nil {
			return 0, 0, err
		}
		if def, err = qr.ParseValidity(t.Catalogue.QRValidity); err != nil {
			return 0, 0, wrap(err, "模板 %s：qr_validity", "template %s: qr_validity", o.Template)
		}
	}
	if def == 0 && override == 0 {
		return 0, 0, text.Errorf("没有二维码有效期", "no QR validity").WithHint(
			"请用 --qr-validity 给出有效期（如 30d），或用 --template 给出证照的版式模板（取其 qr_validity）",
			"pass --qr-validity 30d, or --template with the certificate's face template (its qr_validity)")
	}
	return def, override, nil
}

// currentRecord finds the current, valid version of id and opens its signed record.
func (a *Agency) currentRecord(ctx context.Context, id string) (*record.Record, error) {
	c, err := a.Ledger.ByIdentifier(ctx, id)
	if errors.Is(err, ledger.ErrNotFound) {
		return nil, (&text.Error{Msg: text.New(fmt.Sprintf("台账中没有证照 %s", id), err.Error()), Class: text.Bad, Err: err}).WithHint(
			"请按证照上印的标识填写（可用 ezz ident check 标识 检查）",
			"give the identifier as printed on the certificate (ezz ident check ID)")
	}
	if err != nil {
		return nil, err
	}
	if !c.Current() {
		return nil, text.Badf("%s 是第 %d 版，当前版本是 %s：请为当前版本生成二维码",
			"%s is version %d; the current version is %s: make QR codes for it", id, c.Asked.Version, c.Identifier)
	}
	if c.Status != ledger.StatusValid {
		return nil, text.Badf("%s 的状态是 %s，不是 %s（有效）：不能为它生成二维码",
			"%s has status %s, not %s (valid): no QR code for it", id, c.Status, ledger.StatusValid)
	}
	trust, err := a.Trust()
	if err != nil {
		return nil, err
	}
	r, err := record.Open(c.Asked.Record, trust.Lookup)
	if err != nil {
		return nil, wrap(err, "台账中 %s 的签名数据", "signed record of %s in the ledger", id)
	}
	return r, nil
}

// qrMake signs a token for rec valid from now.
func qrMake(rec *record.Record, key *sign.Issuer, prefix string, def, override time.Duration, now time.Time) (*QRToken, error) {
	certEnd, err := qr.CertificateEnd(rec.Meta.ZZYXQJZRQ)
	if err != nil {
		return nil, err
	}
	exp, err := qr.Validity(def, override, now, certEnd, key.Cert().NotAfter)
	if err != nil {
		return nil, fmt.Errorf("QR code of %s: %w", rec.Identifier, err)
	}
	d, err := rec.Digest()
	if err != nil {
		return nil, err
	}
	c := qr.Claims{Identifier: rec.Identifier, KeyID: key.KeyID, IssuedAt: now.Truncate(time.Second), ExpiresAt: exp, Digest: d[:qr.DigestLen]}
	payload, err := qr.Make(c, key.Key, prefix)
	if err != nil {
		return nil, err
	}
	v, _ := qr.Version(payload)
	return &QRToken{Payload: payload, Claims: c, QRVersion: v}, nil
}

func writePNG(path, payload string, px int) error {
	data, err := qr.PNG(payload, px)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// stamp is t in UTC RFC 3339, "" for the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

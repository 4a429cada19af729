package agency

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/env"
	"ezz/internal/input"
	"ezz/internal/ledger"
	"ezz/internal/sign"
	"ezz/internal/text"
)

// CertInfo describes one certificate in `ezz keys … --json` (stable names).
type CertInfo struct {
	Subject        string `json:"subject"`
	Issuer         string `json:"issuer"`
	Algorithm      string `json:"algorithm"`
	NotBefore      string `json:"not_before"`
	NotAfter       string `json:"not_after"`
	FingerprintSM3 string `json:"fingerprint_sm3"`
	KeyID          string `json:"key_id"`
	Pilot          bool   `json:"pilot"`
	AgencyCode     string `json:"agency_code"`              // the agency code it names ("" none: sign.AgencyCode)
	AgencyCodeIn   string `json:"agency_code_in,omitempty"` // where it names it, e.g. "subject serialNumber"
	// AgencyCodes says the certificate names two codes that disagree (it
	// then signs for none), e.g. "… in its subject serialNumber and …".
	AgencyCodes *text.T `json:"agency_codes_conflict,omitempty"`
}

// Keys is the report of keys init, import and show.
type Keys struct {
	KeysDir  string     `json:"keys_dir"`
	Issuing  CertInfo   `json:"issuing"`
	Chain    []CertInfo `json:"chain"` // the issuing certificate's CAs
	ValidNow bool       `json:"valid_now"`
}

// KeysInitPilot makes a pilot SM2 root and issuing certificate under a new
// passphrase and records a key-import event.
func (a *Agency) KeysInitPilot(ctx context.Context, force bool) (*Keys, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	pass, err := a.newPassphrase()
	if err != nil {
		return nil, err
	}
	ag := sign.Agency{Name: a.Config.Agency.Name, Code: a.Config.Agency.Code}
	is, err := sign.InitPilot(a.KeysDir(), ag, pass, a.Now(), force)
	if err != nil {
		return nil, keysError(err)
	}
	return a.recordKey(ctx, is, "pilot")
}

// KeySource are the files of a key being imported: CERT.pem and KEY.pem, or
// one PKCS #12 file, and where their passphrase comes from.
type KeySource struct {
	Files    []string
	PassFile string // --source-passphrase-file
}

// KeysImport imports an issuing certificate and key from a lawful CA, keeps
// the key under a new passphrase and records a key-import event.
func (a *Agency) KeysImport(ctx context.Context, s KeySource, force bool) (*Keys, error) {
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	src, err := a.readSource(s)
	if err != nil {
		return nil, err
	}
	pass, err := a.newPassphrase()
	if err != nil {
		return nil, err
	}
	src.Agency = a.Config.Agency.Code
	is, err := sign.Import(a.KeysDir(), src, pass, a.Now(), force)
	if err != nil {
		return nil, keysError(fmt.Errorf("import %s: %w", filepath.Base(s.Files[0]), err))
	}
	return a.recordKey(ctx, is, "import")
}

// KeysShow describes the issuing certificate; check also unlocks the key
// and matches it against its certificate, as signing would.
func (a *Agency) KeysShow(check bool) (*Keys, error) {
	chain, err := sign.Chain(a.KeysDir())
	if err != nil {
		return nil, keysError(err)
	}
	if check {
		pass, err := a.passphrase(false)
		if err != nil {
			return nil, err
		}
		if _, err := sign.LoadIssuer(a.KeysDir(), pass, a.Now()); err != nil {
			return nil, keysError(err)
		}
	}
	return a.describeKeys(chain), nil
}

func (a *Agency) describeKeys(chain []*smx509.Certificate) *Keys {
	r := &Keys{KeysDir: a.KeysDir(), Issuing: describe(chain[0]), Chain: []CertInfo{},
		ValidNow: sign.CheckValid(chain[0], a.Now()) == nil}
	for _, c := range chain[1:] {
		r.Chain = append(r.Chain, describe(c))
	}
	return r
}

func describe(c *smx509.Certificate) CertInfo {
	alg, err := sign.AlgorithmOf(c.PublicKey)
	if err != nil {
		alg = c.PublicKeyAlgorithm.String()
	}
	named, err := sign.AgencyCode(c)
	var conflict *text.T
	if err != nil {
		t := text.Of(err)
		if e, ok := err.(interface{ Text() text.T }); ok { // *sign.CodeConflictError, *sign.UnreadableCodeError
			t = e.Text()
		}
		conflict = &t
	}
	return CertInfo{
		Subject: sign.SubjectString(c), Issuer: sign.IssuerString(c), Algorithm: alg,
		NotBefore: c.NotBefore.UTC().Format(time.RFC3339), NotAfter: c.NotAfter.UTC().Format(time.RFC3339),
		FingerprintSM3: sign.Fingerprint(c), KeyID: sign.KeyID(c.PublicKey), Pilot: sign.IsPilot(c),
		AgencyCode: named.Code, AgencyCodeIn: named.Where, AgencyCodes: conflict,
	}
}

// keyEvent is the detail of a key-import event.
type keyEvent struct {
	Algorithm      string `json:"algorithm"`
	FingerprintSM3 string `json:"fingerprint_sm3"`
	KeyID          string `json:"key_id"`
	NotAfter       string `json:"not_after"`
	Source         string `json:"source"`
	Subject        string `json:"subject"`
}

// recordKey appends a key-import event to the ledger: which certificate now
// signs, from where, by whom (every change is an event).
func (a *Agency) recordKey(ctx context.Context, is *sign.Issuer, source string) (*Keys, error) {
	c := is.Cert()
	_, err := a.Ledger.Append(ctx, ledger.Event{At: a.Now(), Actor: a.Actor, Station: a.Station, Kind: ledger.KindKeyImport,
		Detail: jsonString(keyEvent{Source: source, Subject: c.Subject.String(), KeyID: is.KeyID, Algorithm: is.Alg,
			FingerprintSM3: sign.Fingerprint(c), NotAfter: c.NotAfter.UTC().Format(time.RFC3339)})})
	if err != nil {
		return nil, text.Wrap(err, "无法把新密钥记入台账", "record the new key in the ledger")
	}
	return a.describeKeys(is.Chain), nil
}

// newPassphrase reads the passphrase a key is kept under, asking twice on a terminal.
func (a *Agency) newPassphrase() ([]byte, error) {
	pass, err := a.passphrase(true)
	if err != nil {
		return nil, err
	}
	if len(pass) < sign.MinPassphrase {
		return nil, text.Errorf("口令太短：至少需要 %d 个字符", "passphrase too short: use at least %d characters", sign.MinPassphrase)
	}
	return pass, nil
}

// readSource reads the files of a key being imported. The source passphrase
// is asked for only when needed.
func (a *Agency) readSource(s KeySource) (sign.Source, error) {
	var src sign.Source
	data := make([][]byte, len(s.Files))
	for i, f := range s.Files {
		b, err := readKeyFile(f)
		if err != nil {
			return src, err
		}
		data[i] = b
	}
	if len(s.Files) == 1 {
		if bytes.Contains(data[0], []byte("-----BEGIN")) {
			return src, text.Errorf("PEM 文件需要同时给出私钥：ezz keys import 证书.pem 私钥.pem",
				"a PEM file needs its key: ezz keys import CERT.pem KEY.pem")
		}
		src.PKCS12 = data[0]
	} else {
		src.CertPEM, src.KeyPEM = data[0], data[1]
	}
	if src.PKCS12 == nil && !bytes.Contains(src.KeyPEM, []byte("ENCRYPTED")) {
		return src, nil
	}
	pass, err := sign.ReadPassphrase(sign.PassphraseSource{File: s.PassFile, Env: env.SourcePassphrase,
		Prompt: "passphrase of the imported key: ", In: a.opts.In, Out: a.opts.Prompt})
	if err != nil && !(src.PKCS12 != nil && errors.Is(err, sign.ErrNoPassphrase)) {
		return src, passphraseError(err, env.SourcePassphrase.Name)
	}
	src.Pass = pass
	return src, nil
}

// readKeyFile reads a key or certificate file: a regular file of at most 1 MiB (input.Read).
func readKeyFile(path string) ([]byte, error) {
	b, err := input.Read(path, 1<<20)
	if err != nil {
		return nil, text.Wrap(err, "读取要导入的密钥", "read the key to import")
	}
	return b, nil
}

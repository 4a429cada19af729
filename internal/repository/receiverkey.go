package repository

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/input"
	"ezz/internal/sign"
)

// Files of the receiver's own key, beside its store: FILE.db gets
// FILE.db.receiver-key.pem (the SM2 private key, mode 0600) and
// FILE.db.receiver.pem (its self-signed certificate, what stations trust).
const (
	ReceiverKeySuffix  = ".receiver-key.pem"
	ReceiverCertSuffix = ".receiver.pem"
)

// ReceiverKey is the key a receiver signs its answers and receipts with.
type ReceiverKey struct {
	Key  crypto.Signer
	Cert *smx509.Certificate
}

// KeyID is the receiver key's id (as in Ezz-Receiver-Key and receipts).
func (k *ReceiverKey) KeyID() string { return sign.KeyID(k.Key.Public()) }

// OpenReceiverKey reads the receiver key kept beside the store at dbPath,
// making one (SM2, self-signed for ten years) the first time. Two receivers
// starting at once make one key: the key file is created exclusively.
func OpenReceiverKey(dbPath string, now time.Time) (*ReceiverKey, error) {
	keyPath, certPath := dbPath+ReceiverKeySuffix, dbPath+ReceiverCertSuffix
	k, err := readReceiverKey(keyPath, certPath)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	if err := makeReceiverKey(keyPath, certPath, now); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("make the receiver key: %w", err)
	}
	for range 50 { // another receiver may be writing its certificate
		if k, err = readReceiverKey(keyPath, certPath); !errors.Is(err, fs.ErrNotExist) {
			return k, err
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, err
}

func readReceiverKey(keyPath, certPath string) (*ReceiverKey, error) {
	kb, err := input.Read(keyPath, maxPEMFile)
	if err != nil {
		return nil, err
	}
	cb, err := input.Read(certPath, maxPEMFile)
	if err != nil {
		return nil, err
	}
	kp, _ := pem.Decode(kb)
	cp, _ := pem.Decode(cb)
	if kp == nil || cp == nil {
		return nil, fmt.Errorf("receiver key %s or certificate %s is not PEM", keyPath, certPath)
	}
	key, err := smx509.ParsePKCS8PrivateKey(kp.Bytes)
	if err != nil {
		return nil, fmt.Errorf("receiver key %s: %w", keyPath, err)
	}
	cert, err := smx509.ParseCertificate(cp.Bytes)
	if err != nil {
		return nil, fmt.Errorf("receiver certificate %s: %w", certPath, err)
	}
	signer, err := sm2Signer(key)
	if err != nil {
		return nil, fmt.Errorf("receiver key %s: %w", keyPath, err)
	}
	if sign.KeyID(signer.Public()) != sign.KeyID(cert.PublicKey) {
		return nil, fmt.Errorf("receiver key %s does not match its certificate %s", keyPath, certPath)
	}
	return &ReceiverKey{Key: signer, Cert: cert}, nil
}

// sm2Signer is a parsed key as an *sm2.PrivateKey, which signs with SM2 (an
// *ecdsa.PrivateKey on the SM2 curve would sign ECDSA).
func sm2Signer(key any) (*sm2.PrivateKey, error) {
	switch k := key.(type) {
	case *sm2.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		if sm2.IsSM2PublicKey(&k.PublicKey) {
			return new(sm2.PrivateKey).FromECPrivateKey(k)
		}
	}
	return nil, fmt.Errorf("not an SM2 key (%T)", key)
}

// makeReceiverKey writes a new key (exclusively) and then its certificate.
func makeReceiverKey(keyPath, certPath string, now time.Time) error {
	key, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	der, err := smx509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	cert, err := receiverCert(key, now)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(keyPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if err := writeClose(f, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})); err != nil {
		os.Remove(keyPath)
		return err
	}
	tmp := certPath + ".tmp"
	if err := os.WriteFile(tmp, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert}), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, certPath)
}

func writeClose(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func receiverCert(key *sm2.PrivateKey, now time.Time) ([]byte, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, err
	}
	now = now.UTC().Truncate(time.Second)
	tmpl := &smx509.Certificate{
		SerialNumber: serial.Add(serial, big.NewInt(1)),
		Subject: pkix.Name{CommonName: "ezz reference repository (receipts)",
			OrganizationalUnit: []string{"ezz PILOT — not for legal use"}},
		NotBefore: now.Add(-5 * time.Minute), NotAfter: now.AddDate(10, 0, 0),
		KeyUsage:              smx509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	return smx509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
}

// ReadReceiverCert reads the receiver certificate a station trusts (a PEM
// file, e.g. a copy of the receiver's FILE.db.receiver.pem).
func ReadReceiverCert(path string) (*smx509.Certificate, error) {
	data, err := input.Read(path, maxPEMFile)
	if err != nil {
		return nil, err
	}
	b, _ := pem.Decode(data)
	if b == nil || b.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("%s holds no PEM certificate", path)
	}
	return smx509.ParseCertificate(b.Bytes)
}

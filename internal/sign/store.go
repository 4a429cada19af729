package sign

import (
	"crypto"
	"crypto/ecdsa"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/emmansun/gmsm/pkcs"
	"github.com/emmansun/gmsm/pkcs8"
	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"ezz/internal/input"
)

// Files inside the keys directory.
const (
	KeyFile    = "issuer-key.pem"   // the issuing private key, encrypted PKCS #8
	ChainFile  = "issuer-chain.pem" // issuing certificate first, then its CA chain
	RetiredDir = "retired"          // chains (and keys) replaced by --force, kept for verification
)

// maxPEM bounds every key, certificate or PKCS #12 file ezz reads.
const maxPEM = 1 << 20

// MinPassphrase is the shortest passphrase accepted for a key at rest.
const MinPassphrase = 8

// ErrKeysExist is returned when a keys directory already holds an issuing key.
var ErrKeysExist = errors.New("the workspace already has an issuing key")

// ErrWrongPassphrase is returned when the passphrase does not decrypt the key.
var ErrWrongPassphrase = errors.New("wrong passphrase for the issuing key")

// ErrNoKeys is returned when a keys directory holds no issuing key.
var ErrNoKeys = errors.New("the workspace has no issuing key")

// Key-at-rest encryption: PBES2 with scrypt (N=2^14, r=8, p=1, 16-byte salt;
// the parameters of `openssl pkcs8 -scrypt`, within its 32 MiB memory limit)
// and SM4-CBC for SM2 keys, AES-256-CBC for RSA and ECDSA keys. OpenSSL 3
// decrypts both (`openssl pkey -in issuer-key.pem`).
var (
	kdf      = pkcs.NewScryptOpts(16, 1<<14, 8, 1)
	encSM2   = pkcs.NewPBESEncrypter(pkcs.SM4CBC, kdf)
	encOther = pkcs.NewPBESEncrypter(pkcs.AES256CBC, kdf)
)

// encryptKey returns key as an ENCRYPTED PRIVATE KEY PEM block.
func encryptKey(key crypto.Signer, pass []byte) ([]byte, error) {
	if len(pass) < MinPassphrase {
		return nil, fmt.Errorf("passphrase too short: use at least %d characters", MinPassphrase)
	}
	enc := encOther
	if alg, _ := AlgorithmOf(key.Public()); alg == AlgSM2 {
		enc = encSM2
	}
	der, err := pkcs8.MarshalPrivateKey(key, pass, enc)
	if err != nil {
		return nil, fmt.Errorf("encrypt private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: der}), nil
}

// decryptKey parses an ENCRYPTED PRIVATE KEY PEM block.
func decryptKey(data, pass []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "ENCRYPTED PRIVATE KEY" {
		return nil, errors.New("not an encrypted PKCS #8 key")
	}
	if len(pass) == 0 {
		return nil, ErrWrongPassphrase
	}
	k, _, err := pkcs8.ParsePrivateKey(block.Bytes, pass)
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return asSigner(k)
}

// asSigner turns a parsed private key into a signer ezz supports; an ECDSA key
// on the SM2 curve becomes an *sm2.PrivateKey so that it signs with SM2.
func asSigner(k any) (crypto.Signer, error) {
	if ek, ok := k.(*ecdsa.PrivateKey); ok && sm2.IsSM2PublicKey(&ek.PublicKey) {
		sk, err := new(sm2.PrivateKey).FromECPrivateKey(ek)
		if err != nil {
			return nil, fmt.Errorf("SM2 key: %w", err)
		}
		return sk, nil
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("unsupported private key type %T", k)
	}
	if _, err := AlgorithmOf(s.Public()); err != nil {
		return nil, err
	}
	return s, nil
}

// encodeChain returns certs as concatenated CERTIFICATE PEM blocks.
func encodeChain(certs []*smx509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

// parseCerts reads every CERTIFICATE block of a PEM file; other blocks are skipped.
func parseCerts(data []byte) ([]*smx509.Certificate, error) {
	var certs []*smx509.Certificate
	for n := 1; ; n++ {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := smx509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d: %w", n, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("no PEM certificate found")
	}
	return certs, nil
}

// readLimited reads a regular file of at most maxPEM bytes (input.Read).
func readLimited(path string) ([]byte, error) { return input.Read(path, maxPEM) }

// save writes the encrypted key and the chain into dir. An existing key is
// refused unless force is set; then it and its chain move to dir/retired so
// that records signed earlier still verify.
func save(dir string, key crypto.Signer, chain []*smx509.Certificate, pass []byte, force bool) error {
	keyPEM, err := encryptKey(key, pass)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create keys directory: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, KeyFile)); err == nil {
		if !force {
			return fmt.Errorf("%w in %s", ErrKeysExist, dir)
		}
		if err := retire(dir); err != nil {
			return err
		}
	}
	if err := writeAtomic(filepath.Join(dir, ChainFile), encodeChain(chain), 0o644); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, KeyFile), keyPEM, 0o600)
}

// retire moves the current key and chain to dir/retired/<key id>.*.
func retire(dir string) error {
	certs, err := readChain(dir)
	if err != nil {
		return fmt.Errorf("retire the current key: %w", err)
	}
	rd := filepath.Join(dir, RetiredDir)
	if err := os.MkdirAll(rd, 0o700); err != nil {
		return fmt.Errorf("retire the current key: %w", err)
	}
	id := KeyID(certs[0].PublicKey)
	for src, dst := range map[string]string{ChainFile: id + ".chain.pem", KeyFile: id + ".key.pem"} {
		if err := os.Rename(filepath.Join(dir, src), filepath.Join(rd, dst)); err != nil {
			return fmt.Errorf("retire the current key: %w", err)
		}
	}
	return nil
}

// writeAtomic writes data to path through a temporary file and a rename.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// readChain reads dir's issuer chain, issuing certificate first.
func readChain(dir string) ([]*smx509.Certificate, error) {
	data, err := readLimited(filepath.Join(dir, ChainFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w in %s", ErrNoKeys, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("read issuer chain: %w", err)
	}
	certs, err := parseCerts(data)
	if err != nil {
		return nil, fmt.Errorf("read issuer chain %s: %w", filepath.Join(dir, ChainFile), err)
	}
	return certs, nil
}

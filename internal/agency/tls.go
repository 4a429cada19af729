package agency

import (
	"crypto/tls"
	"crypto/x509"

	"ezz/internal/input"
	"ezz/internal/text"
)

// ClientTLS is how ezz push reaches an https receiver: the CA certificates it
// trusts instead of the system's (only those: the receiver is pinned), and a
// client certificate when the receiver asks for one. The zero value uses the system's roots and no certificate.
type ClientTLS struct {
	CA        string // PEM file of CA certificates
	Cert, Key string // PEM files of the client certificate and its key
}

// config is the tls.Config of c, or nil for the default.
func (c ClientTLS) config() (*tls.Config, error) {
	if c.CA == "" && c.Cert == "" && c.Key == "" {
		return nil, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.CA != "" {
		pool, err := certPool(c.CA)
		if err != nil {
			return nil, err
		}
		tc.RootCAs = pool
	}
	if c.Cert != "" || c.Key != "" {
		pair, err := keyPair(c.Cert, c.Key, "--client-cert", "--client-key")
		if err != nil {
			return nil, err
		}
		tc.Certificates = []tls.Certificate{pair}
	}
	return tc, nil
}

// ServerTLS is how ezz repository serve serves HTTPS: its certificate and
// key, and the CA whose client certificates it requires (optional).
type ServerTLS struct {
	Cert, Key string
	ClientCA  string
}

func (s ServerTLS) config() (*tls.Config, error) {
	if s.Cert == "" && s.Key == "" && s.ClientCA == "" {
		return nil, nil
	}
	pair, err := keyPair(s.Cert, s.Key, "--tls-cert", "--tls-key")
	if err != nil {
		return nil, err
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{pair}}
	if s.ClientCA != "" {
		pool, err := certPool(s.ClientCA)
		if err != nil {
			return nil, err
		}
		tc.ClientCAs, tc.ClientAuth = pool, tls.RequireAndVerifyClientCert
	}
	return tc, nil
}

func keyPair(cert, key, certFlag, keyFlag string) (tls.Certificate, error) {
	if cert == "" || key == "" {
		return tls.Certificate{}, text.Errorf("%s 与 %s 须同时给出", "give both %s and %s", certFlag, keyFlag)
	}
	certPEM, err := input.Read(cert, maxTLSFile)
	if err != nil {
		return tls.Certificate{}, text.Wrap(err, "读取 TLS 证书", "read the TLS certificate")
	}
	keyPEM, err := input.Read(key, maxTLSFile)
	if err != nil {
		return tls.Certificate{}, text.Wrap(err, "读取 TLS 私钥", "read the TLS key")
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, text.Wrap(err, "读取 TLS 证书 %s", "read the TLS certificate %s", cert)
	}
	return pair, nil
}

// maxTLSFile bounds a TLS certificate, key or CA file.
const maxTLSFile = 1 << 20

func certPool(path string) (*x509.CertPool, error) {
	data, err := input.Read(path, maxTLSFile)
	if err != nil {
		return nil, text.Wrap(err, "读取 CA 证书", "read the CA certificates")
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(data) {
		return nil, text.Errorf("%s 中没有 PEM 证书", "%s holds no PEM certificate", path)
	}
	return pool, nil
}

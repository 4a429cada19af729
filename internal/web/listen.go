package web

import (
	"crypto/tls"
	"net"
	"net/netip"

	"ezz/internal/input"
	"ezz/internal/text"
)

// ListenOptions say where `ezz serve` listens.
type ListenOptions struct {
	Addr        string // host:port; the host must be a loopback address unless AllowRemote
	AllowRemote bool   // --allow-remote: listen on another address, with TLS only
	CertFile    string // --tls-cert
	KeyFile     string // --tls-key
}

// Listen opens the console's listener. It refuses a non-loopback address
// unless told, and then only with a TLS certificate and key: the console
// carries a session cookie and the agency's registers.
func Listen(o ListenOptions) (net.Listener, error) {
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return nil, text.Errorf("监听地址 %q 无效：应为 主机:端口，例如 127.0.0.1:8765", "listen address %q: want host:port, e.g. 127.0.0.1:8765", o.Addr)
	}
	tlsOn := o.CertFile != "" || o.KeyFile != ""
	if !loopback(host) {
		if !o.AllowRemote {
			return nil, text.Errorf("拒绝在非本机地址 %s 上提供服务", "refusing to serve on %s, which is not a loopback address", host).WithHint(
				"工作台默认只对本机开放；如确需对其他电脑开放，请加 --allow-remote 并用 --tls-cert、--tls-key 提供证书",
				"the console is for this computer only; to open it to others give --allow-remote with --tls-cert and --tls-key")
		}
		if o.CertFile == "" || o.KeyFile == "" {
			return nil, text.Errorf("在非本机地址上提供服务必须使用 TLS", "serving on a non-loopback address needs TLS").WithHint(
				"请用 --tls-cert 和 --tls-key 提供证书和私钥", "give --tls-cert and --tls-key")
		}
	}
	var cfg *tls.Config
	if tlsOn {
		cert, err := loadKeyPair(o.CertFile, o.KeyFile)
		if err != nil {
			return nil, text.Wrap(err, "读取 TLS 证书失败", "load the TLS certificate")
		}
		cfg = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	l, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, text.Wrap(err, "无法监听 %s", "listen on %s", o.Addr)
	}
	if cfg != nil {
		return tls.NewListener(l, cfg), nil
	}
	return l, nil
}

// loopback reports whether host is a loopback address or localhost.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

// loadKeyPair is tls.LoadX509KeyPair through input.Read: regular files of
// at most 1 MiB, never a FIFO waited on.
func loadKeyPair(certFile, keyFile string) (tls.Certificate, error) {
	certPEM, err := input.Read(certFile, 1<<20)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyPEM, err := input.Read(keyFile, 1<<20)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(certPEM, keyPEM)
}

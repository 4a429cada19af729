package web

import (
	"strings"
	"testing"
)

func TestListen(t *testing.T) {
	tests := []struct {
		name    string
		o       ListenOptions
		wantErr string
	}{
		{"loopback", ListenOptions{Addr: "127.0.0.1:0"}, ""},
		{"ipv6 loopback", ListenOptions{Addr: "[::1]:0"}, ""},
		{"all addresses", ListenOptions{Addr: "0.0.0.0:0"}, "not a loopback address"},
		{"empty host", ListenOptions{Addr: ":0"}, "not a loopback address"},
		{"remote without tls", ListenOptions{Addr: "0.0.0.0:0", AllowRemote: true}, "needs TLS"},
		{"remote, missing key", ListenOptions{Addr: "0.0.0.0:0", AllowRemote: true, CertFile: "c.pem"}, "needs TLS"},
		{"remote, bad files", ListenOptions{Addr: "0.0.0.0:0", AllowRemote: true, CertFile: "c.pem", KeyFile: "k.pem"}, "TLS certificate"},
		{"no port", ListenOptions{Addr: "127.0.0.1"}, "host:port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Listen(tt.o)
			if l != nil {
				l.Close()
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Listen: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Listen error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

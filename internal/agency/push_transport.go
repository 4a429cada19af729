package agency

import (
	"net"
	"net/url"

	"ezz/internal/text"
)

// plainRemote reports whether to is a plain http URL to a host other than
// this machine's loopback.
func plainRemote(to string) bool {
	u, err := url.Parse(to)
	if err != nil || u.Scheme != "http" {
		return false
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	return host != "localhost" && (ip == nil || !ip.IsLoopback())
}

// checkAnswersTrusted refuses a push whose answers anyone on the way could
// write: over plain http to another machine with no receiver certificate,
// an answer saying "accepted" is believed from whoever sends it, and the
// outbox would mark as pushed what never arrived.
func checkAnswersTrusted(to, receiver string) error {
	if receiver != "" || !plainRemote(to) {
		return nil
	}
	return text.Errorf("推送地址 %s 是明文 http，且未给出接收端证书：途中任何人都能伪造“已接收”的回答", "%s is plain http and no receiver certificate is given: anyone on the way could forge an \"accepted\" answer", to).
		WithHint("请改用 https 地址，或用 --receiver CERT.pem 给出接收端证书（ezz repository serve 的 FILE.db.receiver.pem），让每个回答都须经其签名",
			"use the https address, or give --receiver CERT.pem (FILE.db.receiver.pem of ezz repository serve) so that every answer must be signed by the receiver")
}

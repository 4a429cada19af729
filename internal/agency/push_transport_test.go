package agency

import "testing"

// TestCheckAnswersTrusted: plain http to another machine needs the
// receiver's certificate; https, loopback and a given certificate pass.
func TestCheckAnswersTrusted(t *testing.T) {
	for _, tc := range []struct {
		to, receiver string
		refused      bool
	}{
		{"http://192.0.2.10:8080/ezz", "", true},
		{"http://repo.example.gov.cn", "", true},
		{"HTTP://repo.example.gov.cn", "", true},
		{"http://[2001:db8::1]:80/", "", true},
		{"http://192.0.2.10:8080/ezz", "receiver.pem", false},
		{"https://repo.example.gov.cn", "", false},
		{"http://127.0.0.1:8080", "", false},
		{"http://127.9.9.9", "", false},
		{"http://localhost:8080", "", false},
		{"http://[::1]:8080", "", false},
		{"", "", false},
	} {
		if err := checkAnswersTrusted(tc.to, tc.receiver); (err != nil) != tc.refused {
			t.Errorf("checkAnswersTrusted(%q, %q) = %v, want refused %v", tc.to, tc.receiver, err, tc.refused)
		}
	}
}

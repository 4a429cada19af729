package push

// Status is a repository's answer to a status look-up (GET /v1/status/{identifier}).
type Status struct {
	Identifier string `json:"identifier"` // as asked
	Found      bool   `json:"found"`
	Current    string `json:"current,omitempty"`     // the current version's identifier
	Version    int    `json:"version,omitempty"`     // the current version
	Code       string `json:"code,omitempty"`        // two-digit status code; 01 when no change was pushed
	Reason     string `json:"reason,omitempty"`      // why the status changed
	ChangedAt  string `json:"changed_at,omitempty"`  // when the status changed, RFC 3339 UTC
	IssuerKey  string `json:"issuer_key,omitempty"`  // the agency key that pushed it
	ReceivedAt string `json:"received_at,omitempty"` // when the current version reached the repository
}

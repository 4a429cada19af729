package push

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"ezz/internal/env"
	"ezz/internal/input"
	"ezz/internal/text"
)

// ProfileV1 is the format of a push profile.
const ProfileV1 = "ezz/push-profile/v1"

// Protocols a profile can speak.
const (
	ProtocolEzz           = "ezz"            // the ezz protocol (docs/push-protocol.md)
	ProtocolAcceptData    = "accept-data"    // JSON batches {"AcceptData":[…]} answered with a ReturnCode
	ProtocolExchangeTable = "exchange-table" // rows of an exchange table such as up_lic_data
)

// Auth types and encryptions a profile can name.
const (
	AuthSignature = "ezz-signature"             // the agency key signs each request
	AuthOAuth2    = "oauth2-client-credentials" // a bearer token from the token path
	EncryptNone   = "none"
	EncryptSM4    = "sm4-cbc" // the body under a shared SM4 key, from $EZZ_PUSH_SM4_KEY
)

// Profile maps the ezz push onto one province's interface: where to send,
// how to authenticate, how our items become their records, and which of
// their answers mean success or "already stored". docs/push-protocol.md
// documents every field.
type Profile struct {
	Format      string            `yaml:"format"`
	Name        string            `yaml:"name"`
	Description string            `yaml:"description"`
	Protocol    string            `yaml:"protocol"`
	URL         string            `yaml:"url"`
	Paths       map[string]string `yaml:"paths"` // items, and token for OAuth2
	Auth        ProfileAuth       `yaml:"auth"`
	Encryption  string            `yaml:"encryption"`
	Table       string            `yaml:"table"`      // exchange-table: the table's name
	BatchSize   int               `yaml:"batch_size"` // items per request
	RateLimit   float64           `yaml:"rate_limit"` // items per second; 0 for none
	Fields      map[string]string `yaml:"fields"`     // their field name for each of ours
	Operations  map[string]string `yaml:"operations"` // their operation code for each kind or lifecycle action
	States      map[string]string `yaml:"states"`     // their status code for each of ours
	Answers     ProfileAnswers    `yaml:"answers"`
}

// ProfileAuth is how requests are authenticated.
type ProfileAuth struct {
	Type     string `yaml:"type"`
	ClientID string `yaml:"client_id"` // OAuth2; the secret comes from $EZZ_PUSH_CLIENT_SECRET
	Scope    string `yaml:"scope"`
}

// ProfileAnswers says what the interface's answers mean.
type ProfileAnswers struct {
	Success   []string `yaml:"success"`   // codes meaning the item (or batch) was stored
	Warning   []string `yaml:"warning"`   // codes meaning stored with warnings
	Duplicate []string `yaml:"duplicate"` // message fragments meaning "already stored" (counted as success)
}

//go:embed profiles/*.yaml
var builtin embed.FS

// Builtin lists the profiles shipped with ezz, by name.
func Builtin() []string {
	names, _ := fs.Glob(builtin, "profiles/*.yaml")
	for i, n := range names {
		names[i] = strings.TrimSuffix(path.Base(n), ".yaml")
	}
	return names
}

// MaxProfile bounds a profile file.
const MaxProfile = 1 << 20

// ReadProfile reads a profile file, or a built-in profile by name, without linting it.
func ReadProfile(name string) (*Profile, error) {
	data, err := builtin.ReadFile("profiles/" + name + ".yaml")
	if err != nil {
		if data, err = readProfile(name); err != nil {
			return nil, err
		}
	}
	p, err := ParseProfile(data)
	if err != nil {
		return nil, text.Wrap(err, "推送配置 %s", "push profile %s", name)
	}
	return p, nil
}

// LoadProfile reads a profile (ReadProfile) and refuses one with problems.
func LoadProfile(name string) (*Profile, error) {
	p, err := ReadProfile(name)
	if err != nil {
		return nil, err
	}
	if problems := p.Lint(); len(problems) > 0 {
		return nil, text.Errorf("推送配置 %s 有误：%s", "push profile %s: %s", name, strings.Join(problems, "; ")).
			WithHint("用 ezz push profile lint 查看全部问题", "ezz push profile lint lists every problem")
	}
	return p, nil
}

// readProfile reads a profile: a regular file of at most MaxProfile bytes (input.Read).
func readProfile(name string) ([]byte, error) { return input.Read(name, MaxProfile) }

// ParseProfile decodes a profile strictly (unknown fields are errors).
func ParseProfile(data []byte) (*Profile, error) {
	var p Profile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	if p.Encryption == "" {
		p.Encryption = EncryptNone
	}
	return &p, nil
}

// fieldsWeMap are the names a profile's fields may map: the GB/T 36903
// metadata, and what a push adds.
var fieldsWeMap = []string{"ZZMC", "ZZLXDM", "ZZBH", "ZZBS", "ZZBFJG", "ZZBFJGDM", "ZZBFRQ", "CZZT", "CZZTDM", "CZZTDMLX",
	"CZZTDMLXDM", "ZZYXQQSRQ", "ZZYXQJZRQ", "operation", "state", "reason", "time", "batch", "pdf", "record", "version"}

// Lint lists what is wrong with the profile (nothing when it is usable).
func (p *Profile) Lint() []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if p.Format != ProfileV1 {
		bad("format is %q, want %q", p.Format, ProfileV1)
	}
	if p.Name == "" {
		bad("name is missing")
	}
	if !slices.Contains([]string{ProtocolEzz, ProtocolAcceptData, ProtocolExchangeTable}, p.Protocol) {
		bad("protocol %q is not ezz, accept-data or exchange-table", p.Protocol)
	}
	if !strings.HasPrefix(p.URL, "https://") && !strings.HasPrefix(p.URL, "http://127.0.0.1") && !strings.HasPrefix(p.URL, "http://localhost") {
		bad("url %q must be https:// (plain http only to loopback)", p.URL)
	}
	p.lintAuth(bad)
	if p.Encryption != EncryptNone && p.Encryption != EncryptSM4 {
		bad("encryption %q is not none or sm4-cbc", p.Encryption)
	}
	if p.BatchSize < 0 || p.BatchSize > 1000 || p.RateLimit < 0 {
		bad("batch_size must be 0–1000 and rate_limit not negative")
	}
	if p.Protocol != ProtocolEzz {
		p.lintMapping(bad)
	}
	return out
}

func (p *Profile) lintAuth(bad func(string, ...any)) {
	switch p.Auth.Type {
	case AuthSignature:
	case AuthOAuth2:
		if p.Auth.ClientID == "" || p.Paths["token"] == "" {
			bad("oauth2-client-credentials needs auth.client_id and paths.token (the secret comes from $%s)", env.PushClientSecret.Name)
		}
	default:
		bad("auth.type %q is not ezz-signature or oauth2-client-credentials", p.Auth.Type)
	}
}

func (p *Profile) lintMapping(bad func(string, ...any)) {
	if !strings.HasPrefix(p.Paths["items"], "/") {
		bad("paths.items must be a path starting with /")
	}
	if p.Protocol == ProtocolExchangeTable && p.Table == "" {
		bad("an exchange-table profile names its table")
	}
	seen := map[string]string{}
	for ours, theirs := range p.Fields {
		if !slices.Contains(fieldsWeMap, ours) {
			bad("fields: %q is not one of ours (%s)", ours, strings.Join(fieldsWeMap, ", "))
		}
		if other, dup := seen[theirs]; dup {
			bad("fields: %q and %q both map to %q", ours, other, theirs)
		}
		seen[theirs] = ours
	}
	if p.Fields["ZZBS"] == "" {
		bad("fields: ZZBS (the identifier) must be mapped: answers are matched on it")
	}
	for _, k := range []string{KindIssue, KindNewVersion, KindStatus} {
		if p.Operations[k] == "" {
			bad("operations: %q needs a code", k)
		}
	}
	if len(p.Answers.Success) == 0 {
		bad("answers.success lists no code")
	}
}

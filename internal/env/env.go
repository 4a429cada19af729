// Package env is the one registry of the EZZ_* environment variables ezz reads.
// Code reads them only through the variables declared here, so this file (and
// docs/keys.md) lists every one of them.
package env

import "os"

// Var is one environment variable ezz reads.
type Var struct {
	Name   string
	Usage  string
	Secret bool // never printed, never logged
}

var registry []Var

func register(name, usage string, secret bool) Var {
	v := Var{Name: name, Usage: usage, Secret: secret}
	registry = append(registry, v)
	return v
}

// The variables ezz reads.
var (
	Home = register("EZZ_HOME",
		"agency workspace directory when --home is not given (default ./ezz-home)", false)
	KeyPassphrase = register("EZZ_KEY_PASSPHRASE",
		"passphrase of the issuing key at rest, when no --passphrase-file is given", true)
	SourcePassphrase = register("EZZ_SOURCE_PASSPHRASE",
		"passphrase of a key or PKCS#12 file being imported, when no --source-passphrase-file is given", true)
	PushClientSecret = register("EZZ_PUSH_CLIENT_SECRET",
		"OAuth2 client secret of a push profile with auth.type oauth2-client-credentials", true)
	PushSM4Key = register("EZZ_PUSH_SM4_KEY",
		"shared SM4 key (32 hex digits) of a push profile with encryption sm4-cbc", true)
)

// Get returns the value of v, or "" when it is unset.
func (v Var) Get() string { return os.Getenv(v.Name) }

// Lookup returns the value of v and whether it is set.
func (v Var) Lookup() (string, bool) { return os.LookupEnv(v.Name) }

// All lists every registered variable in declaration order.
func All() []Var { return append([]Var(nil), registry...) }

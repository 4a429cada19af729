package agency

import (
	"ezz/internal/env"
	"ezz/internal/sign"
)

// passphrase reads the issuing key's passphrase: --passphrase-file, else
// $EZZ_KEY_PASSPHRASE, else a prompt. confirm asks twice (a new key).
func (a *Agency) passphrase(confirm bool) ([]byte, error) {
	pass, err := sign.ReadPassphrase(sign.PassphraseSource{File: a.opts.PassphraseFile, Env: env.KeyPassphrase,
		Prompt: "passphrase for the issuing key: ", Confirm: confirm, In: a.opts.In, Out: a.opts.Prompt})
	if err != nil {
		return nil, passphraseError(err, env.KeyPassphrase.Name)
	}
	return pass, nil
}

// Issuer unlocks the workspace's issuing key, once: the passphrase is asked
// for on the first call only.
func (a *Agency) Issuer() (*sign.Issuer, error) {
	if a.issuer != nil {
		return a.issuer, nil
	}
	if err := a.needWorkspace(); err != nil {
		return nil, err
	}
	pass, err := a.passphrase(false)
	if err != nil {
		return nil, err
	}
	is, err := sign.LoadIssuer(a.KeysDir(), pass, a.Now())
	if err != nil {
		return nil, keysError(err)
	}
	a.issuer = is
	return is, nil
}

// Trust is what signatures are checked against: the --trust certificates,
// else the workspace's current and retired chains (nil when there are none).
func (a *Agency) Trust() (*sign.Trust, error) {
	if a.trust != nil {
		return a.trust, nil
	}
	var err error
	if len(a.opts.Trust) > 0 {
		if a.trust, err = sign.LoadTrust(a.opts.Trust...); err != nil {
			return nil, err
		}
		return a.trust, nil
	}
	if a.Workspace == nil {
		return nil, nil
	}
	if a.trust, err = sign.LoadWorkspaceTrust(a.KeysDir()); err != nil {
		return nil, err
	}
	return a.trust, nil
}

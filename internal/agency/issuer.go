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
// for on the first call only. It waits for an unlock issuerAhead started.
func (a *Agency) Issuer() (*sign.Issuer, error) {
	if a.unlocking != nil {
		u := <-a.unlocking
		a.unlocking = nil
		if u.err != nil {
			return nil, u.err
		}
		a.issuer = u.is
	}
	if a.issuer != nil {
		return a.issuer, nil
	}
	is, err := a.unlock()
	if err != nil {
		return nil, err
	}
	a.issuer = is
	return is, nil
}

// unlocked is the outcome of an unlock run ahead.
type unlocked struct {
	is  *sign.Issuer
	err error
}

// issuerAhead starts unlocking the issuing key (scrypt, ≈35 ms of CPU) on
// another goroutine when its passphrase needs no prompt, so that it overlaps
// the template's loading; Issuer collects it. A passphrase that must be
// asked for is still asked after the template's checks, when Issuer is
// called. The caller calls settle before it returns, on every path.
func (a *Agency) issuerAhead() {
	if a.issuer != nil || a.unlocking != nil || (a.opts.PassphraseFile == "" && env.KeyPassphrase.Get() == "") {
		return
	}
	done := make(chan unlocked, 1)
	a.unlocking = done
	go func() {
		is, err := a.unlock()
		done <- unlocked{is, err}
	}()
}

// settle waits for an unlock issuerAhead started and Issuer did not collect.
func (a *Agency) settle() {
	if a.unlocking != nil {
		a.Issuer()
	}
}

// unlock reads the passphrase and decrypts the workspace's issuing key.
func (a *Agency) unlock() (*sign.Issuer, error) {
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
	return is, nil
}

// Trust is what signatures are checked against: the --trust certificates,
// else the workspace's current and retired chains (nil when there are none),
// whose signing certificates the workspace binds to its agency's code and
// its offices' (config.yaml): the one key signs for all of them.
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
	codes := []string{a.Config.Agency.Code}
	for _, o := range a.Config.Offices {
		codes = append(codes, o.Code)
	}
	if a.trust, err = sign.LoadWorkspaceTrust(a.KeysDir(), codes...); err != nil {
		return nil, err
	}
	return a.trust, nil
}

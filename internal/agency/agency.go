// Package agency is ezz's application layer: the one place that opens an
// agency workspace — its config, ledger, trust, passphrase source, unlocked
// issuer key, templates behind their lint gate and renderers — and that holds
// every use case (issue one, convert a register, make a QR code, verify, keys).
// Commands in internal/cli parse flags, call one method of an Agency and
// render what it returns; they never reach the domain packages themselves.
package agency

import (
	"errors"
	"io"
	"time"

	"ezz/internal/ledger"
	"ezz/internal/sign"
	"ezz/internal/text"
	"ezz/internal/workday"
	"ezz/internal/workspace"
)

// Options say which workspace to open and where secrets and prompts come from.
type Options struct {
	// Home is the --home flag; "" means $EZZ_HOME, else ./ezz-home.
	Home string
	// Optional lets Open succeed without a workspace (verify, keys show when
	// --home is not given): Workspace and Ledger are nil then.
	Optional bool
	// NoLedger opens the workspace without its ledger.
	NoLedger bool
	// Lang is the language of messages that domain packages render
	// themselves (lint findings): "zh" or "en".
	Lang string
	// Now is the one clock; nil means time.Now.
	Now func() time.Time
	// PassphraseFile is --passphrase-file: where the issuing key's passphrase
	// is read from, before $EZZ_KEY_PASSPHRASE and a prompt.
	PassphraseFile string
	// Trust are the --trust certificate files; none means the workspace's keys.
	Trust []string
	// In and Prompt are the terminal a passphrase is asked on (stdin, stderr).
	In     io.Reader
	Prompt io.Writer
}

// Agency is an opened workspace. Its fields are read-only for callers; use
// cases live in methods, one file per topic (issue.go, convert.go, qr.go, …).
type Agency struct {
	Home      string               // the workspace directory, opened or not
	Workspace *workspace.Workspace // nil when Options.Optional and there is none
	Config    workspace.Config     // the workspace's settings (zero without one)
	Ledger    *ledger.Ledger       // nil without a workspace or with NoLedger
	Actor     string               // who runs ezz, for events
	Station   string               // this workstation's code
	Lang      string

	opts      Options
	clock     func() time.Time
	issuer    *sign.Issuer
	unlocking chan unlocked // an unlock issuerAhead started, until Issuer collects it
	trust     *sign.Trust
	wsErr     error // why there is no workspace, when Optional let Open succeed
}

// Open resolves the workspace of o.Home and opens its ledger.
func Open(o Options) (*Agency, error) {
	a := &Agency{Home: workspace.Home(o.Home), Actor: workspace.Actor(), Lang: o.Lang, opts: o, clock: o.Now}
	if a.clock == nil {
		a.clock = time.Now
	}
	ws, err := workspace.Open(a.Home)
	if err != nil {
		if o.Optional && o.Home == "" && errors.Is(err, workspace.ErrNotWorkspace) {
			a.wsErr = err
			return a, nil
		}
		return nil, err
	}
	a.Workspace, a.Config, a.Station = ws, ws.Config, ws.Config.Station
	if o.NoLedger {
		return a, nil
	}
	if a.Ledger, err = ws.OpenLedger(); err != nil {
		e := text.Wrap(err, "打开台账失败", "open the ledger")
		if ledger.IsBusy(err) {
			e = e.WithHint("另一个 ezz 进程（转换、导入或修复）正在写入台账，等待后仍未结束：请等它结束（或让暂停的程序继续）后再运行同一命令",
				"another ezz process (a conversion, an import, a repair) is writing to the ledger and did not finish while this one waited: let it end (or resume one that was paused), then run the same command again")
		}
		return nil, e
	}
	return a, nil
}

// Now reads the clock: a use case reads it once and carries the value along.
func (a *Agency) Now() time.Time { return a.clock() }

// Close closes the ledger.
func (a *Agency) Close() error {
	if a.Ledger == nil {
		return nil
	}
	return a.Ledger.Close()
}

// KeysDir is the workspace's keys directory (under Home even without a workspace).
func (a *Agency) KeysDir() string {
	if a.Workspace != nil {
		return a.Workspace.KeysDir()
	}
	return workspace.Home(a.opts.Home) + "/" + workspace.KeysDir
}

// OutDir is dir, or the workspace's out/ when dir is "", as an absolute
// path: the ledger records each PDF where it was written, and a relative
// path would name it only from the folder ezz was started in (ezz check,
// push or archive export started elsewhere would find it missing, and a
// repair would write it there).
func (a *Agency) OutDir(dir string) string {
	if dir == "" && a.Workspace != nil {
		dir = a.Workspace.OutDir()
	}
	if dir == "" {
		return dir
	}
	return absPath(dir)
}

// needWorkspace fails when the agency was opened without one.
func (a *Agency) needWorkspace() error {
	if a.Workspace != nil {
		return nil
	}
	return a.wsErr
}

// Shanghai is the one zone deadlines and certificate dates are computed in.
var Shanghai = workday.Shanghai

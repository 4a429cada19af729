// Package workspace is an agency's working directory: its settings
// (config.yaml), its ledger (ledger.db), its keys (keys/) and what it issued (out/).
package workspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"

	"ezz/internal/env"
	"ezz/internal/input"
	"ezz/internal/ledger"
)

// Names inside a workspace.
const (
	ConfigFile = "config.yaml"
	LedgerFile = "ledger.db"
	KeysDir    = "keys"
	OutDir     = "out"
	CacheDir   = "cache" // what a run may rebuild: removing it loses nothing
)

// DefaultHome is the workspace used when neither --home nor EZZ_HOME is given.
const DefaultHome = "ezz-home"

// maxConfig bounds the size of config.yaml read from disk.
const maxConfig = 1 << 20

// Errors callers tell apart with errors.Is.
var (
	ErrNotWorkspace = errors.New("not an ezz workspace")
	ErrExists       = errors.New("already an ezz workspace")
)

// Workspace is an opened agency workspace.
type Workspace struct {
	Dir    string
	Config Config
}

// Home picks the workspace directory: the flag, else $EZZ_HOME, else ./ezz-home.
func Home(flag string) string {
	if flag != "" {
		return flag
	}
	if h := env.Home.Get(); h != "" {
		return h
	}
	return DefaultHome
}

// LedgerPath is the ledger file of the workspace.
func (w *Workspace) LedgerPath() string { return filepath.Join(w.Dir, LedgerFile) }

// KeysDir is the directory of the workspace's keys and issuer certificates.
func (w *Workspace) KeysDir() string { return filepath.Join(w.Dir, KeysDir) }

// OutDir is where issued certificates are written by default.
func (w *Workspace) OutDir() string { return filepath.Join(w.Dir, OutDir) }

// CachePath is the file name in the workspace's cache directory.
func (w *Workspace) CachePath(name string) string { return filepath.Join(w.Dir, CacheDir, name) }

// OpenLedger opens the workspace's ledger.
func (w *Workspace) OpenLedger() (*ledger.Ledger, error) { return ledger.Open(w.LedgerPath()) }

// Open opens the workspace in dir and validates its config.
func Open(dir string) (*Workspace, error) {
	data, err := readConfig(filepath.Join(dir, ConfigFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notWorkspace(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open workspace %q: %w", dir, err)
	}
	var cfg Config
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Join(dir, ConfigFile), err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("check %s: %w", filepath.Join(dir, ConfigFile), err)
	}
	return &Workspace{Dir: dir, Config: cfg}, nil
}

// readConfig reads config.yaml: a regular file of at most maxConfig bytes (input.Read).
func readConfig(path string) ([]byte, error) { return input.Read(path, maxConfig) }

// operator is who Actor names when SetOperator was given one (--operator).
var operator string

// SetOperator makes Actor return name (when not empty) instead of the OS user.
func SetOperator(name string) { operator = name }

// Actor names who runs ezz, for the ledger's events: the operating-system user.
func Actor() string {
	if operator != "" {
		return operator
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if s := os.Getenv("USER"); s != "" {
		return s
	}
	return "unknown"
}

// Init creates a workspace in dir (which may exist, if it holds no config.yaml):
// config.yaml, the ledger with its first event, keys/ and out/. It never
// overwrites an existing workspace.
func Init(dir string, cfg Config, now time.Time) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	cfgPath := filepath.Join(dir, ConfigFile)
	if _, err := os.Lstat(cfgPath); err == nil {
		return exists(dir)
	}
	for _, d := range []struct {
		path string
		perm os.FileMode
	}{{dir, 0o750}, {filepath.Join(dir, KeysDir), 0o700}, {filepath.Join(dir, OutDir), 0o750}} {
		if err := os.MkdirAll(d.path, d.perm); err != nil {
			return fmt.Errorf("create workspace: %w", err)
		}
	}
	if err := initLedger(filepath.Join(dir, LedgerFile), cfg, now); err != nil {
		return err
	}
	return writeConfig(cfgPath, cfg)
}

func initLedger(path string, cfg Config, now time.Time) error {
	l, err := ledger.Open(path)
	if err != nil {
		return err
	}
	defer l.Close()
	detail, err := json.Marshal(map[string]any{"agency": cfg.Agency.Name, "agency_code": cfg.Agency.Code,
		"station": cfg.Station, "pilot": cfg.Pilot})
	if err != nil {
		return err
	}
	_, err = l.Append(context.Background(), ledger.Event{At: now, Actor: Actor(), Station: cfg.Station,
		Kind: ledger.KindInit, Detail: string(detail)})
	return err
}

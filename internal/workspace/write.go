package workspace

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

const configHeader = `# ezz agency workspace settings (docs/workspace.md).
# station must differ on every workstation of the agency: it is part of every serial.
`

const pilotHeader = `# PILOT WORKSPACE: the agency details below are placeholders, for trials and demos only.
# Certificates issued here are not valid. Run ezz init with the real details for production.
`

// writeConfig writes cfg to path without ever replacing an existing file: the
// text goes to a temporary file first, then is linked into place.
func writeConfig(path string, cfg Config) error {
	var buf bytes.Buffer
	buf.WriteString(configHeader)
	if cfg.Pilot {
		buf.WriteString(pilotHeader)
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(cfg); err != nil {
		return fmt.Errorf("encode config: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.yaml")
	if err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("write config: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write config: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return exists(filepath.Dir(path))
		}
		return fmt.Errorf("write config: %w", err)
	}
	return nil
}

// Pilot placeholder details, used when ezz init has nothing else to go on.
const (
	PilotAgencyName = "试点机构（占位）"
	PilotAgencyCode = "91000000000000000K"
	PilotStation    = "S01A"
)

// PilotConfig is a workspace config with clearly marked placeholder agency details.
func PilotConfig() Config {
	return Config{
		Agency:  Agency{Name: PilotAgencyName, Code: PilotAgencyCode},
		Station: PilotStation,
		Pilot:   true,
	}
}

package agency

import (
	"errors"
	"time"

	"ezz/internal/workspace"
)

// Workspace settings, for ezz init.
type (
	Config       = workspace.Config
	AgencyConfig = workspace.Agency
)

// PilotConfig is the settings of a pilot workspace with placeholder agency details.
func PilotConfig() Config { return workspace.PilotConfig() }

// HomeDir is the workspace directory --home names: the flag, else $EZZ_HOME, else ./ezz-home.
func HomeDir(flag string) string { return workspace.Home(flag) }

// CheckConfig validates settings; the field of a bad one is returned with the error.
func CheckConfig(cfg Config) (field string, err error) {
	err = cfg.Validate()
	var ce *workspace.ConfigError
	if errors.As(err, &ce) {
		field = ce.Field
	}
	if err != nil {
		return field, err
	}
	return "", nil
}

// InitWorkspace creates a workspace in home: settings, ledger, keys directory.
func InitWorkspace(home string, cfg Config, now time.Time) error {
	if err := workspace.Init(home, cfg, now); err != nil {
		return err
	}
	return nil
}

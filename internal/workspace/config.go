package workspace

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"ezz/internal/dataitem"
	"ezz/internal/ident"
)

// Config is the agency's settings, kept in config.yaml in the workspace.
type Config struct {
	Agency        Agency   `yaml:"agency"`
	Station       string   `yaml:"station"`        // 2–6 capitals or digits ending in a letter; part of every serial
	RepositoryURL string   `yaml:"repository_url"` // the provincial repository (综合电子证照库), or ""
	QRURLPrefix   string   `yaml:"qr_url_prefix"`  // put before QR tokens so phones open a page, or ""
	Offices       []Office `yaml:"offices,omitempty"`
	Pilot         bool     `yaml:"pilot"` // placeholder agency details: for trials only
	// ReviewRule sets the answer deadline of review requests: henan (5
	// working days, the default) or hubei (3 days).
	ReviewRule string `yaml:"review_rule,omitempty"`
}

// Agency is the issuing agency (证照签发单位).
type Agency struct {
	Name string `yaml:"name"`
	Code string `yaml:"code"` // unified social credit code (GB 32100)
}

// Office is an issuing office (发证机关) that registers name, with its own
// credit code, for registers that span several offices.
type Office struct {
	Name    string   `yaml:"name"`
	Code    string   `yaml:"code"`
	Aliases []string `yaml:"aliases,omitempty"`
	Seal    string   `yaml:"seal,omitempty"` // the office's seal image (印章图样), relative to the workspace
}

// ConfigError is an invalid setting: the field (as named in config.yaml) and why.
type ConfigError struct {
	Field string
	Err   error
}

func (e *ConfigError) Error() string { return fmt.Sprintf("%s: %v", e.Field, e.Err) }
func (e *ConfigError) Unwrap() error { return e.Err }

// Hint says how to fix the setting.
func (e *ConfigError) Hint() string {
	switch {
	case strings.HasSuffix(e.Field, "code"):
		return "use the 18-character unified social credit code (统一社会信用代码) as printed on the business licence"
	case e.Field == "station":
		return "a station code is 2 to 6 capital letters or digits ending in a letter, different for every workstation of the agency, e.g. HQ or S01A"
	case strings.HasSuffix(e.Field, "url") || strings.HasSuffix(e.Field, "prefix"):
		return "give a full http:// or https:// address, or leave it empty"
	}
	return "edit config.yaml in the workspace, or run ezz init again in a new directory"
}

// Validate checks every setting and returns the first problem as a *ConfigError.
func (c *Config) Validate() error {
	if strings.TrimSpace(c.Agency.Name) == "" {
		return &ConfigError{"agency.name", errors.New("the agency name is empty")}
	}
	if err := dataitem.CheckUSCC(c.Agency.Code); err != nil {
		return &ConfigError{"agency.code", fmt.Errorf("%q: %w", c.Agency.Code, err)}
	}
	if r := c.ReviewRule; r != "" && r != "henan" && r != "hubei" {
		return &ConfigError{"review_rule", fmt.Errorf("%q: use henan (5 working days) or hubei (3 days)", r)}
	}
	if err := ident.CheckStation(c.Station); err != nil {
		return &ConfigError{"station", err}
	}
	if err := checkURL(c.RepositoryURL); err != nil {
		return &ConfigError{"repository_url", err}
	}
	if err := checkURL(c.QRURLPrefix); err != nil {
		return &ConfigError{"qr_url_prefix", err}
	}
	return c.validateOffices()
}

func (c *Config) validateOffices() error {
	seen := map[string]string{}
	for i, o := range c.Offices {
		field := fmt.Sprintf("offices[%d]", i)
		if normName(o.Name) == "" {
			return &ConfigError{field + ".name", errors.New("the office name is empty")}
		}
		if err := dataitem.CheckUSCC(o.Code); err != nil {
			return &ConfigError{field + ".code", fmt.Errorf("office %q, code %q: %w", o.Name, o.Code, err)}
		}
		for _, n := range append([]string{o.Name}, o.Aliases...) {
			k := normName(n)
			if prev, dup := seen[k]; dup && prev != o.Code {
				return &ConfigError{field + ".aliases", fmt.Errorf("name %q is listed for two offices with different codes", n)}
			}
			seen[k] = o.Code
		}
	}
	return nil
}

func checkURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q: %w", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http or https address", s)
	}
	return nil
}

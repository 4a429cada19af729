package workspace

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"ezz/internal/dataitem"
	"ezz/internal/ident"
	"ezz/internal/text"
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

// Validate checks every setting and returns the first problem: a bilingual
// error whose cause is a *ConfigError.
func (c *Config) Validate() error {
	if strings.TrimSpace(c.Agency.Name) == "" {
		why := errors.New("the agency name is empty")
		return configError("agency.name", why, text.New("不能为空", why.Error()))
	}
	if err := dataitem.CheckUSCC(c.Agency.Code); err != nil {
		return configError("agency.code", fmt.Errorf("%q: %w", c.Agency.Code, err), usccReason(c.Agency.Code, err))
	}
	if r := c.ReviewRule; r != "" && r != "henan" && r != "hubei" {
		reason := text.F("%q：请使用 henan（5 个工作日）或 hubei（3 天）", "%q: use henan (5 working days) or hubei (3 days)", r)
		return configError("review_rule", errors.New(reason.En), reason)
	}
	if err := ident.CheckStation(c.Station); err != nil {
		return configError("station", err, text.F("%[1]q 不是 2 至 6 位、以字母结尾的大写字母或数字", "%[2]v", c.Station, err))
	}
	if err := checkURL(c.RepositoryURL); err != nil {
		return configError("repository_url", err, text.F("不是 http 或 https 网址：%v", "%v", err))
	}
	if err := checkURL(c.QRURLPrefix); err != nil {
		return configError("qr_url_prefix", err, text.F("不是 http 或 https 网址：%v", "%v", err))
	}
	return c.validateOffices()
}

func (c *Config) validateOffices() error {
	seen := map[string]string{}
	for i, o := range c.Offices {
		field := fmt.Sprintf("offices[%d]", i)
		if normName(o.Name) == "" {
			why := errors.New("the office name is empty")
			return configError(field+".name", why, text.New("不能为空", why.Error()))
		}
		if err := dataitem.CheckUSCC(o.Code); err != nil {
			return configError(field+".code", fmt.Errorf("office %q, code %q: %w", o.Name, o.Code, err),
				text.F("发证机关 %q 的代码 %s", "office %q, code %s", o.Name, usccReason(o.Code, err)))
		}
		for _, n := range append([]string{o.Name}, o.Aliases...) {
			k := normName(n)
			if prev, dup := seen[k]; dup && prev != o.Code {
				reason := text.F("名称 %q 列在两个代码不同的发证机关下", "name %q is listed for two offices with different codes", n)
				return configError(field+".aliases", errors.New(reason.En), reason)
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

package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"ezz/internal/agency"
)

type initFlags struct {
	agency, code, station, repository, qrURL string
	pilot                                    bool
}

func (f *initFlags) none() bool {
	return f.agency == "" && f.code == "" && f.station == "" && f.repository == "" && f.qrURL == "" && !f.pilot
}

func newInitCmd(g *globals) *cobra.Command {
	f := &initFlags{}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create an agency workspace: settings, ledger, keys directory",
		Long: `Create an agency workspace (--home, else $EZZ_HOME, else ./ezz-home).
On a terminal it asks for what the flags did not give. Without a terminal and
without flags it makes a pilot workspace with placeholder agency details.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runInit(cmd, g, f, now())
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.agency, "agency", "", "agency name (证照签发单位)")
	fl.StringVar(&f.code, "agency-code", "", "agency unified social credit code (18 characters)")
	fl.StringVar(&f.station, "station", "", "station code: 2–6 capitals or digits, different on every workstation")
	fl.StringVar(&f.repository, "repository", "", "URL of the provincial repository (综合电子证照库)")
	fl.StringVar(&f.qrURL, "qr-url", "", "URL prefix put before QR tokens (the agency's verification page)")
	fl.BoolVar(&f.pilot, "pilot", false, "mark the workspace as a pilot; placeholders fill what flags do not give")
	return cmd
}

func runInit(cmd *cobra.Command, g *globals, f *initFlags, now time.Time) error {
	home := agency.HomeDir(g.home)
	cfg, err := initConfig(cmd, g, f)
	if err != nil {
		return err
	}
	if err := agency.InitWorkspace(home, cfg, now); err != nil {
		return err
	}
	return reportInit(cmd.OutOrStdout(), g, home, cfg)
}

// initConfig builds the config from the flags, then from a terminal, or as a pilot.
func initConfig(cmd *cobra.Command, g *globals, f *initFlags) (agency.Config, error) {
	tty := isTerminal(cmd.InOrStdin())
	if f.pilot || (f.none() && !tty) {
		return pilotConfig(f), nil
	}
	cfg := agency.Config{Agency: agency.AgencyConfig{Name: f.agency, Code: strings.ToUpper(f.code)},
		Station: strings.ToUpper(f.station), RepositoryURL: f.repository, QRURLPrefix: f.qrURL}
	if tty {
		if err := askMissing(cmd.InOrStdin(), cmd.ErrOrStderr(), g.lang, &cfg); err != nil {
			return cfg, err
		}
	}
	if _, err := agency.CheckConfig(cfg); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func pilotConfig(f *initFlags) agency.Config {
	cfg := agency.PilotConfig()
	for dst, src := range map[*string]string{&cfg.Agency.Name: f.agency, &cfg.Agency.Code: strings.ToUpper(f.code),
		&cfg.Station: strings.ToUpper(f.station), &cfg.RepositoryURL: f.repository, &cfg.QRURLPrefix: f.qrURL} {
		if src != "" {
			*dst = src
		}
	}
	return cfg
}

func isTerminal(r io.Reader) bool {
	file, ok := r.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

// askMissing prompts for every empty field, re-asking until the answer is valid.
func askMissing(in io.Reader, out io.Writer, lang string, cfg *agency.Config) error {
	sc := bufio.NewScanner(in)
	fields := []struct {
		dst      *string
		zh, en   string
		optional bool
		check    func(agency.Config) error
	}{
		{&cfg.Agency.Name, "签发单位名称", "agency name", false, nil},
		{&cfg.Agency.Code, "统一社会信用代码", "agency credit code", false, nil},
		{&cfg.Station, "工作站代码（如 S01A）", "station code (e.g. S01A)", false, nil},
		{&cfg.RepositoryURL, "电子证照库地址（可留空）", "repository URL (may be empty)", true, nil},
		{&cfg.QRURLPrefix, "二维码网址前缀（可留空）", "QR URL prefix (may be empty)", true, nil},
	}
	for _, fd := range fields {
		if *fd.dst != "" {
			continue
		}
		label := fd.en
		if lang == "zh" {
			label = fd.zh
		}
		if err := askOne(sc, out, label, fd.dst, fd.optional, cfg); err != nil {
			return err
		}
	}
	return nil
}

func askOne(sc *bufio.Scanner, out io.Writer, label string, dst *string, optional bool, cfg *agency.Config) error {
	for range 3 {
		fmt.Fprintf(out, "%s: ", label)
		if !sc.Scan() {
			return usagef("init：输入在给出全部设置之前结束", "init: input ended before every setting was given")
		}
		*dst = strings.TrimSpace(sc.Text())
		if dst == &cfg.Agency.Code || dst == &cfg.Station {
			*dst = strings.ToUpper(*dst)
		}
		if *dst == "" && !optional {
			continue
		}
		if field, err := agency.CheckConfig(*cfg); err != nil && fieldOf(cfg, field) == dst {
			fmt.Fprintf(out, "ezz: %v\n", err)
			continue
		}
		return nil
	}
	return usagef("init：三次输入都没有得到有效的%s", "init: no valid %s after three tries", label)
}

// fieldOf maps a config field name to the setting it names.
func fieldOf(cfg *agency.Config, field string) *string {
	return map[string]*string{"agency.name": &cfg.Agency.Name, "agency.code": &cfg.Agency.Code,
		"station": &cfg.Station, "repository_url": &cfg.RepositoryURL, "qr_url_prefix": &cfg.QRURLPrefix}[field]
}

type initReport struct {
	Home       string `json:"home"`
	Agency     string `json:"agency"`
	AgencyCode string `json:"agency_code"`
	Station    string `json:"station"`
	Pilot      bool   `json:"pilot"`
}

func reportInit(w io.Writer, g *globals, home string, cfg agency.Config) error {
	if g.json {
		return g.report(w, initReport{home, cfg.Agency.Name, cfg.Agency.Code, cfg.Station, cfg.Pilot})
	}
	if g.lang == "zh" {
		fmt.Fprintf(w, "已创建工作区 %s：%s（%s），工作站 %s\n", home, cfg.Agency.Name, cfg.Agency.Code, cfg.Station)
		if cfg.Pilot {
			fmt.Fprintln(w, "注意：这是试点工作区，签发单位信息为占位内容，所签发的证照仅供试用。")
		}
		fmt.Fprintln(w, "下一步：ezz keys init --pilot（试点密钥）或 ezz keys import（CA 签发的证书）")
		return nil
	}
	fmt.Fprintf(w, "created workspace %s: %s (%s), station %s\n", home, cfg.Agency.Name, cfg.Agency.Code, cfg.Station)
	if cfg.Pilot {
		fmt.Fprintln(w, "note: this is a PILOT workspace with placeholder agency details; what it issues is for trials only")
	}
	fmt.Fprintln(w, "next: ezz keys init --pilot (pilot keys) or ezz keys import (a certificate from a CA)")
	return nil
}

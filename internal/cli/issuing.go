package cli

import (
	"github.com/spf13/cobra"

	"ezz/internal/agency"
)

// issuingOptions are the options issue and convert share.
type issuingOptions struct {
	template string
	pass     passphraseOptions
	fonts    fontOptions
	qr       qrValidityOptions
	out      outOptions
	noPDF    bool
}

func (o *issuingOptions) add(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.StringVarP(&o.template, "template", "t", "", "face template (`FILE`.yaml) of the licence type")
	o.pass.add(fs)
	o.fonts.add(fs)
	o.qr.add(fs)
	o.out.add(fs, "", "write certificates under `DIR` (default: the workspace's out/)")
	requireFlags(cmd, "template")
}

func (o *issuingOptions) options() agency.IssueOptions {
	return agency.IssueOptions{Template: o.template, FontDirs: o.fonts.dirs, QRValidity: o.qr.validity, Out: o.out.dir, NoPDF: o.noPDF}
}

// openIssuing opens the agency a signing command works in.
func openIssuing(cmd *cobra.Command, g *globals, o *issuingOptions) (*agency.Agency, error) {
	return open(cmd, g, with(workspaceOnly(), &o.pass))
}

package cli

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"ezz/internal/agency"
	"ezz/internal/text"
)

type repoFlags struct {
	listen, db, revoked, addrFile string
	trust                         trustFiles
	profiles                      []string
	tls                           agency.ServerTLS
	maxBody                       int64
	rate                          float64
	anyAddress                    bool
}

func (f *repoFlags) addStore(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.db, "db", "", "the repository's SQLite `FILE` (created if new)")
	cmd.Flags().Var(&f.trust, "trust", "trust the issuers in `ISSUERS.pem` (comma-separated, repeatable; CODE=ISSUERS.pem also binds its signers to issuer code CODE), e.g. a workspace's keys/issuer-chain.pem")
	cmd.Flags().StringVar(&f.revoked, "revoked", "", "refuse the issuer key ids listed in `FILE` (one per line)")
	requireFlags(cmd, "db")
	requireFlags(cmd, "trust")
}

func newRepositoryCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "repository",
		Short: "A reference repository (receiver of ezz push) for pilots and tests",
	}
	cmd.AddCommand(newRepositoryServeCmd(g), newRepositoryImportCmd(g))
	return cmd
}

func newRepositoryServeCmd(g *globals) *cobra.Command {
	f := &repoFlags{}
	cmd := &cobra.Command{
		Use:   "serve --listen 127.0.0.1:PORT --db FILE --trust ISSUERS.pem",
		Short: "Receive pushes: check every signature against the trusted issuers, store each item once, answer status look-ups",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return runRepositoryServe(cmd, f) },
	}
	f.addStore(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8443", "listen on `ADDRESS` (loopback unless --any-address)")
	fl.StringVar(&f.addrFile, "addr-file", "", "write the address listened on to `FILE` (with --listen 127.0.0.1:0)")
	fl.BoolVar(&f.anyAddress, "any-address", false, "allow listening on a non-loopback address")
	fl.Int64Var(&f.maxBody, "max-body", 32<<20, "refuse request bodies over `BYTES`")
	fl.Float64Var(&f.rate, "rate", 50, "requests a second one client may make (negative: no limit)")
	fl.StringArrayVar(&f.profiles, "profile", nil, "also speak the province interface of the push profile `FILE` (or built-in name; repeatable)")
	fl.StringVar(&f.tls.Cert, "tls-cert", "", "serve HTTPS with the certificate `FILE` (PEM)")
	fl.StringVar(&f.tls.Key, "tls-key", "", "the private key `FILE` (PEM) of --tls-cert")
	fl.StringVar(&f.tls.ClientCA, "client-ca", "", "require TLS client certificates issued by the CAs in `FILE`")
	return cmd
}

// openRepository opens the store and the receiver's configuration.
func openRepository(f *repoFlags) (*agency.Repository, error) {
	return agency.OpenRepository(agency.RepositoryOptions{DB: f.db, Revoked: f.revoked, Trust: f.trust,
		MaxBody: f.maxBody, Rate: f.rate, Now: now, Profiles: f.profiles, TLS: f.tls})
}

func runRepositoryServe(cmd *cobra.Command, f *repoFlags) error {
	if err := checkListen(f.listen, f.anyAddress); err != nil {
		return err
	}
	repo, err := openRepository(f)
	if err != nil {
		return err
	}
	defer repo.Close()
	l, err := net.Listen("tcp", f.listen)
	if err != nil {
		return text.Wrap(err, "无法监听 %s", "listen on %s", f.listen)
	}
	scheme := "http"
	if repo.TLS() {
		scheme = "https"
	}
	fmt.Fprintf(cmd.OutOrStdout(), "ezz repository: listening on %s://%s\nezz repository: answers and receipts signed by %s\n", scheme, l.Addr(), repo.ReceiverCert)
	if f.addrFile != "" {
		if err := agency.WriteFileAtomic(f.addrFile, []byte(l.Addr().String())); err != nil {
			l.Close()
			return err
		}
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return repo.Serve(ctx, l)
}

// checkListen refuses a non-loopback address unless asked for.
func checkListen(addr string, any bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return text.Errorf("--listen %q：应为 主机:端口", "--listen %q: want HOST:PORT", addr)
	}
	if any {
		return nil
	}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return text.Errorf("--listen %s 不是本机回环地址", "--listen %s is not a loopback address", addr).
		WithHint("试点接收端默认只在本机监听；确需对外时加 --any-address（并置于 TLS 之后）",
			"the reference receiver listens on loopback only; add --any-address to listen elsewhere (behind TLS)")
}

func newRepositoryImportCmd(g *globals) *cobra.Command {
	f := &repoFlags{}
	var receipts string
	cmd := &cobra.Command{
		Use:   "import BUNDLE --db FILE --trust ISSUERS.pem [--receipts FILE]",
		Short: "Import an offline bundle, checking it like a push; write the receipts for the station",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRepositoryImport(cmd, g, f, args[0], receipts)
		},
	}
	f.addStore(cmd)
	cmd.Flags().StringVar(&receipts, "receipts", "", "write the receipts to `FILE` (default BUNDLE.receipts.json)")
	return cmd
}

func runRepositoryImport(cmd *cobra.Command, g *globals, f *repoFlags, path, receipts string) error {
	repo, err := openRepository(f)
	if err != nil {
		return err
	}
	defer repo.Close()
	if receipts == "" {
		receipts = strings.TrimSuffix(path, ".zip") + ".receipts.json"
	}
	results, err := repo.Import(cmd.Context(), path, receipts)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, r := range results {
		counts[r.Result]++
	}
	acc, dup, rej := counts[agency.ResultAccepted], counts[agency.ResultDuplicate], counts[agency.ResultRejected]
	if g.json {
		return writeJSON(cmd.OutOrStdout(), map[string]any{"bundle": path, "receipts": receipts, "receiver_cert": repo.ReceiverCert,
			"accepted": acc, "duplicate": dup, "rejected": rej})
	}
	fmt.Fprintf(cmd.OutOrStdout(), msg(g.lang, "已导入 %s：新接收 %d，此前已接收 %d，拒绝 %d；回执 %s（由 %s 签名）\n",
		"imported %s: %d accepted, %d already there, %d rejected; receipts in %s (signed by %s)\n"), path, acc, dup, rej, receipts, repo.ReceiverCert)
	return nil
}

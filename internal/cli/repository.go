package cli

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"ezz/internal/repository"
	"ezz/internal/text"
)

type repoFlags struct {
	listen, db, revoked, addrFile string
	trust                         []string
	maxBody                       int64
	rate                          float64
	anyAddress                    bool
}

func (f *repoFlags) addStore(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.db, "db", "", "the repository's SQLite `FILE` (created if new)")
	cmd.Flags().StringArrayVar(&f.trust, "trust", nil, "trust the issuers in `ISSUERS.pem` (repeatable), e.g. a workspace's keys/issuer-chain.pem")
	cmd.Flags().StringVar(&f.revoked, "revoked", "", "refuse the issuer key ids listed in `FILE` (one per line)")
	_ = cmd.MarkFlagRequired("db")
	_ = cmd.MarkFlagRequired("trust")
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
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return runRepositoryServe(cmd, f) },
	}
	f.addStore(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8443", "listen on `ADDRESS` (loopback unless --any-address)")
	fl.StringVar(&f.addrFile, "addr-file", "", "write the address listened on to `FILE` (with --listen 127.0.0.1:0)")
	fl.BoolVar(&f.anyAddress, "any-address", false, "allow listening on a non-loopback address")
	fl.Int64Var(&f.maxBody, "max-body", repository.DefaultMaxBody, "refuse request bodies over `BYTES`")
	fl.Float64Var(&f.rate, "rate", repository.DefaultRate, "requests a second one client may make (negative: no limit)")
	return cmd
}

// openRepository opens the store and the receiver's configuration.
func openRepository(f *repoFlags) (*repository.Store, repository.Config, error) {
	cfg := repository.Config{MaxBody: f.maxBody, Rate: f.rate, Clock: now}
	var err error
	if cfg.Revoked, err = readKeyList(f.revoked); err != nil {
		return nil, cfg, usageError(err)
	}
	if cfg.Trust, err = repository.LoadTrust(cfg.Revoked, f.trust...); err != nil {
		return nil, cfg, usageError(err)
	}
	st, err := repository.OpenStore(f.db)
	if err != nil {
		return nil, cfg, usageError(err)
	}
	return st, cfg, nil
}

func runRepositoryServe(cmd *cobra.Command, f *repoFlags) error {
	if err := checkListen(f.listen, f.anyAddress); err != nil {
		return usageError(err)
	}
	st, cfg, err := openRepository(f)
	if err != nil {
		return err
	}
	defer st.Close()
	l, err := net.Listen("tcp", f.listen)
	if err != nil {
		return usageError(text.Wrap(err, "无法监听 %s", "listen on %s", f.listen))
	}
	fmt.Fprintf(cmd.OutOrStdout(), "ezz repository: listening on http://%s\n", l.Addr())
	if f.addrFile != "" {
		if err := writeFileAtomic(f.addrFile, []byte(l.Addr().String())); err != nil {
			l.Close()
			return usageError(err)
		}
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return repository.New(st, cfg).Serve(ctx, l)
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

// readKeyList reads key ids, one per line ('#' starts a comment).
func readKeyList(path string) (map[string]bool, error) {
	out := map[string]bool{}
	if path == "" {
		return out, nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if line = strings.TrimSpace(line); line != "" {
			out[line] = true
		}
	}
	return out, sc.Err()
}

func newRepositoryImportCmd(g *globals) *cobra.Command {
	f := &repoFlags{}
	var receipts string
	cmd := &cobra.Command{
		Use:   "import BUNDLE --db FILE --trust ISSUERS.pem [--receipts FILE]",
		Short: "Import an offline bundle, checking it like a push; write the receipts for the station",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRepositoryImport(cmd, g, f, args[0], receipts)
		},
	}
	f.addStore(cmd)
	cmd.Flags().StringVar(&receipts, "receipts", "", "write the receipts to `FILE` (default BUNDLE.receipts.json)")
	return cmd
}

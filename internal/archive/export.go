package archive

import (
	"context"
	"crypto"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/audit"
	"ezz/internal/input"
	"ezz/internal/ledger"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/text"
)

// Summary is what Export wrote.
type Summary struct {
	Dir          string `json:"dir"`
	Certificates int    `json:"certificates"`
	PDFs         int    `json:"pdfs"`
	Entries      int    `json:"audit_entries"`
	Files        int    `json:"files"`
	HeadSize     uint64 `json:"head_size"`
}

// exporter writes one archive.
type exporter struct {
	ctx   context.Context
	led   *ledger.Ledger
	dir   string
	index Index
	sum   Summary
	proof audit.ProofFile
	tree  *audit.Tree
	seen  map[string]bool // certificates whose events are proven
}

// Export writes the archive of sel into dir, which must not exist or be
// empty, and signs its index with key. The latest signed tree head must
// cover every entry it proves (make one first: ezz audit head).
func Export(ctx context.Context, led *ledger.Ledger, sel Selection, dir string, key crypto.Signer, now time.Time) (Summary, error) {
	if err := emptyDir(dir); err != nil {
		return Summary{}, err
	}
	head, err := led.LatestHead(ctx)
	if err != nil {
		return Summary{}, text.Errorf("还没有签名树头", "there is no signed tree head yet").WithHint("运行 ezz audit head", "run ezz audit head")
	}
	leaves, err := led.AuditLeaves(ctx, head.Size)
	if err != nil {
		return Summary{}, err
	}
	x := &exporter{ctx: ctx, led: led, dir: dir, tree: audit.NewTree(leaves), seen: map[string]bool{},
		index: Index{Format: Format, Created: now.UTC().Format(time.RFC3339), Selection: sel},
		proof: audit.ProofFile{Format: audit.ProofFormat, Head: head}, sum: Summary{Dir: dir, HeadSize: head.Size}}
	if err := x.versions(sel); err != nil {
		return x.sum, err
	}
	if err := x.finish(key); err != nil {
		return x.sum, err
	}
	return x.sum, nil
}

func emptyDir(dir string) error {
	ents, err := os.ReadDir(dir)
	if err == nil && len(ents) > 0 {
		return text.Errorf("归档目录 %s 不是空的", "archive directory %s is not empty", dir).WithHint("换一个新目录", "choose a new directory")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return text.Wrap(err, "无法创建归档目录 %s", "cannot create archive directory %s", dir)
	}
	return nil
}

// versions writes each selected version's record, PDF and proofs.
func (x *exporter) versions(sel Selection) error {
	each := func(v ledger.Version) error { return x.version(v) }
	if sel.Batch != "" {
		if _, err := x.led.Batch(x.ctx, sel.Batch); err != nil {
			return text.Wrap(err, "没有批次 %s", "no batch %s", sel.Batch)
		}
		if err := x.led.EachBatchVersion(x.ctx, sel.Batch, each); err != nil {
			return err
		}
		return x.manifest(sel.Batch)
	}
	return x.led.EachVersionIssued(x.ctx, sel.From, sel.To, each)
}

func (x *exporter) version(v ledger.Version) error {
	x.sum.Certificates++
	if err := x.write("records/"+v.Identifier+".json", "record", v.Record); err != nil {
		return err
	}
	if v.PDFPath != "" {
		if err := x.copyPDF(v); err != nil {
			return err
		}
	}
	return x.prove(v.Identifier)
}

// copyPDF copies the version's PDF, refusing one that is not what the ledger recorded.
func (x *exporter) copyPDF(v ledger.Version) error {
	b, err := readRegular(v.PDFPath)
	if err != nil {
		return text.Wrap(err, "证照 %s 的 PDF 无法读取", "the PDF of %s cannot be read", v.Identifier)
	}
	if sum := sm3.Sum(b); hex.EncodeToString(sum[:]) != v.PDFSM3 {
		return text.Badf("证照 %s 的 PDF %s 与台账记录的 SM3 不符", "the PDF %s of %s is not the file the ledger recorded (SM3 differs)", v.PDFPath, v.Identifier)
	}
	x.sum.PDFs++
	return x.write("certificates/"+v.Identifier+".pdf", "certificate", b)
}

// prove adds the inclusion proofs of every event of the certificate.
func (x *exporter) prove(identifier string) error {
	events, err := x.led.Events(x.ctx, identifier)
	if err != nil || len(events) == 0 || x.seen[events[0].Identifier] {
		return err
	}
	x.seen[events[0].Identifier] = true
	for _, ev := range events {
		idx, err := x.led.AuditIndexOfEvent(x.ctx, ev.Seq)
		if err != nil {
			return err
		}
		if idx >= x.proof.Head.Size {
			return text.Errorf("事件 %d 还不在签名树头中", "event %d is not under a signed tree head yet", ev.Seq).
				WithHint("先运行 ezz audit head", "run ezz audit head first")
		}
		e, err := x.led.AuditEntryAt(x.ctx, idx)
		if err != nil {
			return err
		}
		path, err := audit.InclusionProof(idx, x.proof.Head.Size, x.tree)
		if err != nil {
			return err
		}
		x.proof.Proofs = append(x.proof.Proofs, audit.Inclusion{Label: ev.Kind, Entry: e.Entry, Leaf: e.Leaf(), Path: path})
		x.sum.Entries++
	}
	return nil
}

// manifest copies the batch's signed manifest, found next to its PDFs.
func (x *exporter) manifest(batch string) error {
	var dir string
	err := x.led.EachBatchVersion(x.ctx, batch, func(v ledger.Version) error {
		if dir == "" && v.PDFPath != "" {
			dir = filepath.Dir(v.PDFPath)
		}
		return nil
	})
	if err != nil || dir == "" {
		return err
	}
	b, err := readRegular(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil // a batch converted without PDFs or moved: the records carry what it signed
	}
	return x.write("manifests/"+batch+".json", "manifest", b)
}

// finish writes the proofs, the heads, the index and its signature.
func (x *exporter) finish(key crypto.Signer) error {
	if err := x.write(ProofFile, "proofs", marshal(x.proof)); err != nil {
		return err
	}
	heads, err := x.heads()
	if err != nil {
		return err
	}
	if err := x.write(HeadsFile, "heads", marshal(heads)); err != nil {
		return err
	}
	sort.Slice(x.index.Files, func(i, j int) bool { return x.index.Files[i].Path < x.index.Files[j].Path })
	idx, err := record.Marshal(x.index) // the signed bytes: canonical
	if err != nil {
		return err
	}
	sig, err := sign.Sign(key, idx)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(x.dir, IndexFile), idx); err != nil {
		return err
	}
	x.sum.Files = len(x.index.Files)
	return writeFile(filepath.Join(x.dir, SigFile), marshal(Signature{KeyID: sign.KeyID(key.Public()), Signature: sig}))
}

func (x *exporter) heads() (Heads, error) {
	stored, err := x.led.Heads(x.ctx)
	if err != nil {
		return Heads{}, err
	}
	h := Heads{Latest: x.proof.Head}
	for _, s := range stored {
		if s.Size > h.Latest.Size {
			continue
		}
		p, err := audit.ConsistencyProof(s.Size, h.Latest.Size, x.tree)
		if err != nil {
			return h, err
		}
		h.Heads = append(h.Heads, HeadAndProof{Head: s.Head, ToLatest: p})
	}
	return h, nil
}

// write writes one file of the archive and lists it in the index.
func (x *exporter) write(rel, kind string, b []byte) error {
	if err := writeFile(filepath.Join(x.dir, filepath.FromSlash(rel)), b); err != nil {
		return err
	}
	sum := sm3.Sum(b)
	x.index.Files = append(x.index.Files, File{Path: rel, Size: int64(len(b)), SM3: hex.EncodeToString(sum[:]), Kind: kind})
	return nil
}

func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return text.Wrap(err, "无法写入 %s", "cannot write %s", path)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return text.Wrap(err, "无法写入 %s", "cannot write %s", path)
	}
	return nil
}

// maxFile bounds a file read into an archive or from one.
const maxFile = 256 << 20

// readRegular reads a regular file of at most maxFile bytes (input.Read).
func readRegular(path string) ([]byte, error) { return input.Read(path, maxFile) }

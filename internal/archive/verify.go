package archive

import (
	"crypto"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/audit"
	"ezz/internal/conversion"
	"ezz/internal/record"
	"ezz/internal/sign"
	"ezz/internal/text"
)

// Problem is one thing wrong with an archive.
type Problem struct {
	Path string `json:"path"` // the file concerned
	Msg  text.T `json:"message"`
}

// Report is the result of Verify.
type Report struct {
	Files     int       `json:"files"`
	Records   int       `json:"records"`
	PDFs      int       `json:"pdfs"`
	Manifests int       `json:"manifests"`
	Entries   int       `json:"audit_entries"`
	Heads     int       `json:"heads"`
	Problems  []Problem `json:"problems"`
}

// OK reports whether the archive is intact.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) add(p string, msg text.T) {
	r.Problems = append(r.Problems, Problem{Path: p, Msg: msg})
}

// PDFChecker checks a certificate PDF's signatures, its signer's trust and
// its embedded signed record with the issuer certificates only, and returns
// the identifier of the record it holds. The application layer gives one
// made of the verify package (agency.ArchiveVerify).
type PDFChecker func(data []byte, name string) (identifier string, err error)

// Verify checks the archive in dir with the issuer certificates of trust
// only: the index's signature, every file's size and SM3 against the index
// (and no file outside it), every record's signature and identifier, every
// PDF with checkPDF, the audit proofs and heads, and that each PDF is the
// one its proven issuance entry names. The SM3 index alone would not do: the
// key that signs it could sign a forged PDF's digest too, so each PDF's own
// signature is checked again.
func Verify(dir string, trust *sign.Trust, checkPDF PDFChecker) (*Report, error) {
	r := &Report{}
	idx, err := readIndex(dir, trust, r)
	if err != nil || idx == nil {
		return r, err
	}
	files := checkFiles(dir, idx, r)
	r.Files = len(files)
	for _, p := range sortedPaths(files) {
		b := files[p]
		switch {
		case strings.HasPrefix(p, "records/"):
			r.Records++
			checkRecord(p, b, trust, r)
		case strings.HasPrefix(p, "certificates/"):
			r.PDFs++
			checkCertificate(p, b, checkPDF, r)
		case strings.HasPrefix(p, "manifests/"):
			r.Manifests++
			checkManifest(p, b, files, trust, r)
		}
	}
	checkAudit(files, trust, r)
	return r, nil
}

func sortedPaths(files map[string][]byte) []string {
	ps := make([]string, 0, len(files))
	for p := range files {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
}

// checkRecord opens a signed record and checks it is the one its name says.
func checkRecord(p string, b []byte, trust *sign.Trust, r *Report) {
	rec, err := record.Open(b, trust.Lookup)
	if err != nil {
		r.add(p, text.F("签名记录无效：%v", "the signed record is not valid: %v", err))
		return
	}
	if want := strings.TrimSuffix(path.Base(p), ".json"); rec.Identifier != want {
		r.add(p, text.F("签名记录是 %s 的，不是 %s 的", "the signed record is of %s, not of %s", rec.Identifier, want))
	}
}

// checkCertificate checks a PDF's signature and record, and that it is the
// certificate its name says.
func checkCertificate(p string, b []byte, checkPDF PDFChecker, r *Report) {
	id, err := checkPDF(b, p)
	if err != nil {
		r.add(p, text.F("证照 PDF 无效：%v", "the certificate PDF is not valid: %v", err))
		return
	}
	if want := strings.TrimSuffix(path.Base(p), ".pdf"); id != want {
		r.add(p, text.F("PDF 是证照 %s 的，不是 %s 的", "the PDF is of certificate %s, not of %s", id, want))
	}
}

// checkManifest checks a batch manifest's signature, that it is the batch
// its name says, and that each entry binds the archived record of its
// identifier by its version's rule (conversion.ManifestEntry.Binds). The
// index alone would not do, as for a PDF: the key that signs it could sign
// a manifest listing other records too. A record the manifest does not list
// is no problem: a run stopped before its close leaves the batch's older
// manifest.
func checkManifest(p string, b []byte, files map[string][]byte, trust *sign.Trust, r *Report) {
	m, err := conversion.OpenManifest(b, trust.Lookup)
	if err != nil {
		r.add(p, text.F("批次清单无效：%v", "the batch manifest is not valid: %v", err))
		return
	}
	if want := strings.TrimSuffix(path.Base(p), ".json"); m.Batch != want {
		r.add(p, text.F("清单是批次 %s 的，不是 %s 的", "the manifest is of batch %s, not of %s", m.Batch, want))
	}
	seen := map[string]bool{}
	for _, e := range m.Certificates {
		rec, ok := files["records/"+e.Identifier+".json"]
		switch {
		case seen[e.Identifier]:
			r.add(p, text.F("清单两次列出 %s", "the manifest lists %s twice", e.Identifier))
		case !ok:
			r.add(p, text.F("清单列出的 %s 的签名记录不在归档中", "the manifest lists %s, whose signed record is not in the archive", e.Identifier))
		case !e.Binds(m.Format, rec):
			r.add(p, text.F("清单中 %s 的摘要不是归档中其签名记录的（%s）", "the manifest's digest of %s is not its archived signed record's (%s)", e.Identifier, m.Format))
		}
		seen[e.Identifier] = true
	}
}

// readIndex reads index.json after checking its signature.
func readIndex(dir string, trust *sign.Trust, r *Report) (*Index, error) {
	b, err := readRegular(filepath.Join(dir, IndexFile))
	if err != nil {
		return nil, text.Wrap(err, "%s 不是 ezz 归档", "%s is not an ezz archive", dir)
	}
	sb, err := readRegular(filepath.Join(dir, SigFile))
	var s Signature
	if err == nil {
		err = json.Unmarshal(sb, &s)
	}
	if err != nil {
		r.add(SigFile, text.F("索引签名无法读取：%v", "the index signature cannot be read: %v", err))
		return nil, nil
	}
	pub, err := trust.Lookup(s.KeyID)
	if err == nil {
		err = sign.Verify(pub, b, s.Signature)
	}
	if err != nil {
		r.add(IndexFile, text.F("索引的签名无效（密钥 %s）：%v", "the index is not validly signed (key %s): %v", s.KeyID, err))
		return nil, nil
	}
	var idx Index
	if err := json.Unmarshal(b, &idx); err != nil || idx.Format != Format {
		r.add(IndexFile, text.F("索引格式不对", "the index is not an %s index", Format))
		return nil, nil
	}
	return &idx, nil
}

// checkFiles reads every indexed file, checking its size and SM3, and
// reports files the index does not list.
func checkFiles(dir string, idx *Index, r *Report) map[string][]byte {
	out := map[string][]byte{}
	listed := map[string]bool{IndexFile: true, SigFile: true}
	for _, f := range idx.Files {
		p := path.Clean(f.Path)
		if p != f.Path || !fs.ValidPath(p) || listed[p] {
			r.add(f.Path, text.New("索引中的路径不合法或重复", "the index lists an unsafe or repeated path"))
			continue
		}
		listed[p] = true
		b, err := readRegular(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			r.add(p, text.F("文件缺失或无法读取：%v", "the file is missing or unreadable: %v", err))
			continue
		}
		sum := sm3.Sum(b)
		if int64(len(b)) != f.Size || hex.EncodeToString(sum[:]) != f.SM3 {
			r.add(p, text.New("文件与索引中的 SM3 摘要不符（被改动）", "the file does not match its SM3 digest in the index (it was changed)"))
			continue
		}
		out[p] = b
	}
	filepath.WalkDir(dir, func(full string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, full)
		if rel = filepath.ToSlash(rel); !listed[rel] {
			r.add(rel, text.New("文件不在索引中（被加入）", "the file is not in the index (it was added)"))
		}
		return nil
	})
	return out
}

// checkAudit checks the proofs and heads, and each PDF against the
// pdf_sm3 of its proven issuance entry.
func checkAudit(files map[string][]byte, trust *sign.Trust, r *Report) {
	pf, err := audit.ParseProofFileUpTo(files[ProofFile], maxFile) // an entry of every certificate: not ParseProofFile's 1 MiB
	if err != nil {
		if len(files[ProofFile]) > 0 || r.Records > 0 {
			r.add(ProofFile, text.F("审计证明无法读取：%v", "the audit proofs cannot be read: %v", err))
		}
		return
	}
	if err := pf.Check(keyOf(trust, pf.Head.KeyID)); err != nil {
		r.add(ProofFile, text.F("审计证明不成立：%v", "the audit proofs do not hold: %v", err))
	}
	r.Entries = len(pf.Proofs)
	for _, in := range pf.Proofs {
		checkPDF(files, in.Entry, r)
	}
	var hs Heads
	if err := json.Unmarshal(files[HeadsFile], &hs); err != nil {
		r.add(HeadsFile, text.F("树头文件无法读取：%v", "the tree heads cannot be read: %v", err))
		return
	}
	r.Heads = len(hs.Heads)
	if hs.Latest.Size != pf.Head.Size || hs.Latest.Root != pf.Head.Root {
		r.add(HeadsFile, text.New("最新树头与审计证明所用的树头不同", "the latest head is not the head the proofs are against"))
	}
	for _, h := range hs.Heads {
		err := h.Head.Verify(keyOf(trust, h.Head.KeyID))
		if err == nil {
			err = audit.VerifyConsistency(h.Head, hs.Latest, h.ToLatest)
		}
		if err != nil {
			r.add(HeadsFile, text.F("%d 条的树头：%v", "the head of %d entries: %v", h.Head.Size, err))
		}
	}
}

// checkPDF compares the archived PDF of an issuance entry with the SM3 it names.
func checkPDF(files map[string][]byte, e audit.Entry, r *Report) {
	var d struct {
		PDFSM3 string `json:"pdf_sm3"`
	}
	if e.Action != "issue" || json.Unmarshal([]byte(e.Detail), &d) != nil || d.PDFSM3 == "" {
		return
	}
	p := "certificates/" + e.Subject + ".pdf"
	b, ok := files[p]
	if !ok {
		return // not archived (issued without a PDF), or reported by checkFiles
	}
	if sum := sm3.Sum(b); hex.EncodeToString(sum[:]) != d.PDFSM3 {
		r.add(p, text.New("PDF 不是审计日志中签发记录所指的文件", "the PDF is not the file its issuance entry in the audit log names"))
	}
}

// keyOf is the public key trust has for keyID, or nil (which no signature verifies with).
func keyOf(trust *sign.Trust, keyID string) crypto.PublicKey {
	pub, _ := trust.Lookup(keyID)
	return pub
}

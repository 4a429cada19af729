package verify

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"

	"ezz/internal/issuance"
)

// sameAsIssued compares the file with what the status source holds for its
// identifier: the embedded record must be the version's record, and the
// signed revision (the file as issued, before any later signature) must have
// the SM3 of the file the issuer wrote. It returns the reason they differ,
// or "".
func (f *fileCheck) sameAsIssued(res StatusResult) (en, zh string) {
	id := f.rec.Identifier
	if res.Record != nil && !bytes.Equal(res.Record, f.pdf.Attachments[issuance.RecordAttachment]) {
		return fmt.Sprintf("not issued here: the embedded record of %s differs from the one in %s", id, res.Source),
			fmt.Sprintf("非本处签发：%s 的嵌入证照数据与%s中的不同", id, res.Source)
	}
	if res.PDFSM3 == "" {
		return "", ""
	}
	got := hex.EncodeToString(f.sig.SM3())
	if strings.EqualFold(got, res.PDFSM3) {
		return "", ""
	}
	held := res.PDFSM3
	if res.PDFPath != "" {
		held = res.PDFPath + " (SM3 " + res.PDFSM3 + ")"
	}
	return fmt.Sprintf("not the file issued: %s holds %s for %s; this file's signed revision has SM3 %s", res.Source, held, id, got),
		fmt.Sprintf("不是签发的文件：%s中 %s 的文件为 %s；本文件签名部分的 SM3 为 %s", res.Source, id, held, got)
}

package verify

import (
	"errors"
	"fmt"
	"slices"

	"ezz/internal/qr"
	"ezz/internal/render"
)

// maxDrawn is the most QR codes a file may draw: a template has a few.
const maxDrawn = 16

// checkDrawn compares the QR codes drawn on the pages with the payload the
// PDF carries. The checks of checkToken read the payload from the document
// information, but a person scans the drawn code: a file whose drawing says
// something else (a render or issuance bug that drew another row's token)
// is not what it claims, even though its issuer signed it. A page drawn in
// another form than ezz's module frame (files of builds before round 6) is
// not compared, and the reason says so.
func (f *fileCheck) checkDrawn(payload string) {
	c := f.r.Check(CheckQR)
	if c.Result == Fail || c.Result == NotChecked {
		return
	}
	contents, err := f.pdf.PageContents()
	if err != nil {
		f.r.set(CheckQR, Fail, "the QR code drawn on the page cannot be compared: "+err.Error(),
			"无法比对页面上绘制的二维码："+zhReason(err))
		return
	}
	drawn := 0
	for _, content := range contents {
		for _, m := range render.DrawnQR(content, maxDrawn+1-drawn) {
			drawn++
			if drawn > maxDrawn {
				f.r.set(CheckQR, Fail, fmt.Sprintf("more than %d QR codes are drawn on the pages", maxDrawn),
					fmt.Sprintf("页面上绘制的二维码超过 %d 个", maxDrawn))
				return
			}
			if en, zh := drawnMismatch(m, payload, drawn); en != "" {
				f.r.set(CheckQR, Fail, en, zh)
				return
			}
		}
	}
	en, zh := "; the code drawn on the page is the same", "；页面上绘制的二维码与之相同"
	if drawn == 0 {
		en, zh = "; no code drawn in ezz's module frame was found on the page to compare it with", "；页面上没有找到按 ezz 模块坐标绘制的二维码，未比对"
	}
	f.r.set(CheckQR, c.Result, c.Reason.En+en, c.Reason.Zh+zh)
}

// drawnMismatch is why the k-th drawn code m is not payload, or "". A
// drawing of exactly payload's modules is payload; any other (an earlier
// encoder's choice of mask or version) is decoded, as a scanner would, and
// must read alike on every scanner (qr.ReadModules).
func drawnMismatch(m [][]bool, payload string, k int) (en, zh string) {
	if want, err := qr.Modules(payload); err == nil && slices.EqualFunc(m, want, slices.Equal) {
		return "", ""
	}
	got, err := qr.ReadModules(m)
	switch {
	case errors.Is(err, qr.ErrNotPlain):
		return fmt.Sprintf("QR code %d drawn on the page may not read the same on every phone: %v", k, err),
			fmt.Sprintf("页面上绘制的第 %d 个二维码在不同手机上可能识读出不同内容", k)
	case err != nil:
		return fmt.Sprintf("QR code %d drawn on the page cannot be read: %v", k, err),
			fmt.Sprintf("页面上绘制的第 %d 个二维码无法识读", k)
	case got != payload:
		return fmt.Sprintf("QR code %d drawn on the page reads %.60q…, not the QR payload the PDF carries", k, got),
			fmt.Sprintf("页面上绘制的第 %d 个二维码内容为 %.60q…，与 PDF 中的二维码内容不同", k, got)
	}
	return "", ""
}

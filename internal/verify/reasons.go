package verify

import (
	"errors"

	"ezz/internal/pdfsig"
	"ezz/internal/qr"
	"ezz/internal/record"
)

// zhLabels name the known failure reasons in Chinese.
var zhLabels = []struct {
	err error
	zh  string
}{
	{pdfsig.ErrEmpty, "文件为空"},
	{pdfsig.ErrNotPDF, "文件不是 PDF"},
	{pdfsig.ErrTooLarge, "PDF 文件过大"},
	{pdfsig.ErrTruncated, "PDF 文件不完整（被截断）"},
	{pdfsig.ErrDamaged, "PDF 结构损坏"},
	{pdfsig.ErrNoSignature, "PDF 没有签名"},
	{pdfsig.ErrBadSigDict, "签名字典格式错误"},
	{pdfsig.ErrByteRange, "签名的字节范围没有覆盖整个文件"},
	{pdfsig.ErrBadCMS, "签名数据无法读取"},
	{pdfsig.ErrDigestMismatch, "摘要不符：签名后文件内容被改动"},
	{pdfsig.ErrBadSignature, "签名值验证失败"},
	{pdfsig.ErrSigningTime, "签名时间不在签名证书有效期内"},
	{pdfsig.ErrModified, "签名后又通过增量更新改动了内容"},
	{pdfsig.ErrAppended, "签名后追加了不是增量更新的数据"},
	{record.ErrMalformed, "签名的证照数据格式错误"},
	{record.ErrBadSignature, "证照数据的签名验证失败：数据被改动"},
	{record.ErrUnknownKey, "证照数据由未知密钥签名"},
	{qr.ErrMalformed, "不是有效的 ezz 二维码"},
	{qr.ErrUnknownKey, "二维码由未知密钥签名"},
	{qr.ErrBadSignature, "二维码签名无效"},
	{qr.ErrNotYetValid, "二维码尚未生效"},
	{qr.ErrExpired, "二维码已过期"},
	{qr.ErrNotBound, "二维码不属于该证照"},
}

// zhReason is the Chinese reason for err: a label for the known reasons,
// followed by the English detail.
func zhReason(err error) string {
	for _, l := range zhLabels {
		if errors.Is(err, l.err) {
			return l.zh + "：" + err.Error()
		}
	}
	return err.Error()
}

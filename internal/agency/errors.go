package agency

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"syscall"

	"ezz/internal/env"
	"ezz/internal/ledger"
	"ezz/internal/sign"
	"ezz/internal/text"
)

// legacy gives an error of a domain package that still carries its Chinese
// through Chinese()/ChineseHint() methods the bilingual text.Error shape, so
// callers see one type. It goes away as those packages carry text.T.
func legacy(err error) error {
	if err == nil {
		return nil
	}
	var te *text.Error
	if errors.As(err, &te) && te == err {
		return err
	}
	out := &text.Error{Msg: textOf(err), Err: err, Class: text.ClassOf(err)}
	var h interface{ Hint() string }
	if errors.As(err, &h) {
		out.Hint = text.T{Zh: h.Hint(), En: h.Hint()}
		if c, ok := h.(interface{ ChineseHint() string }); ok && c.ChineseHint() != "" {
			out.Hint.Zh = c.ChineseHint()
		}
	}
	if out.Hint.IsZero() {
		out.Hint = text.HintOf(err)
	}
	return out
}

// textOf is err's message in both languages: its own Chinese where it has
// one (a text.Error, a Chinese() method, a common file-system error), else
// its English text in both.
func textOf(err error) text.T {
	t := text.T{Zh: err.Error(), En: err.Error()}
	if c, ok := chineseOf(err); ok {
		t.Zh = c
	} else if c, ok := pathChinese(err); ok {
		t.Zh = c
	}
	return t
}

// pathChinese frames the commonest file-system errors in Chinese.
func pathChinese(err error) (string, bool) {
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe != err {
		return "", false
	}
	switch {
	case errors.Is(pe.Err, fs.ErrNotExist):
		return fmt.Sprintf("找不到文件 %s", pe.Path), true
	case errors.Is(pe.Err, fs.ErrPermission):
		return fmt.Sprintf("无权访问 %s", pe.Path), true
	case errors.Is(pe.Err, syscall.EISDIR):
		return fmt.Sprintf("%s 是目录，不是文件", pe.Path), true
	}
	return "", false
}

// chineseOf is the Chinese() text of the outermost error in err's chain that has one.
func chineseOf(err error) (string, bool) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if c, ok := e.(interface{ Chinese() string }); ok && c.Chinese() != "" {
			return c.Chinese(), true
		}
		if te, ok := e.(*text.Error); ok {
			return te.Msg.Zh, te.Msg.Zh != ""
		}
	}
	return "", false
}

// wrap frames err with the step that failed; the cause keeps its own text
// in each language.
func wrap(err error, zh, en string, args ...any) *text.Error {
	w := text.Wrap(legacy(err), zh, en, args...)
	w.Class = text.ClassOf(err)
	if w.Hint.IsZero() {
		w.Hint = hintOf(err)
	}
	return w
}

func hintOf(err error) text.T {
	var te *text.Error
	if l := legacy(err); errors.As(l, &te) {
		return te.Hint
	}
	return text.T{}
}

// workspaceError is a workspace that cannot be opened (exit 2).
func workspaceError(err error) error { return legacy(err) }

// keysError gives the sign package's key errors their hints (exit 2).
func keysError(err error) error {
	var ve *sign.ValidityError
	switch {
	case errors.Is(err, sign.ErrNoKeys):
		return (&text.Error{Msg: text.New("工作区还没有签发密钥", err.Error()), Err: err}).WithHint(
			"试用请运行 ezz keys init --pilot；正式签发请用 ezz keys import 导入 CA 签发的证书和密钥",
			"run ezz keys init --pilot for trials, or ezz keys import with your CA's certificate and key")
	case errors.Is(err, sign.ErrKeysExist):
		return (&text.Error{Msg: text.New("工作区已有签发密钥", err.Error()), Err: err}).WithHint(
			"如要替换请加 --force；旧证书链保存在 keys/retired 中，此前签发的证照仍可验证",
			"pass --force to replace them; the old chain is kept in keys/retired so earlier certificates still verify")
	case errors.Is(err, sign.ErrWrongPassphrase):
		return (&text.Error{Msg: text.New("签发密钥的口令不正确", err.Error()), Err: err}).WithHint(
			"请检查 --passphrase-file 指定的文件或环境变量 %s", "check --passphrase-file or %s", env.KeyPassphrase.Name)
	case errors.Is(err, sign.ErrSourcePassphrase):
		return (&text.Error{Msg: text.New("导入的密钥口令不正确或未提供", err.Error()), Err: err}).WithHint(
			"请用 --source-passphrase-file 或环境变量 %s 提供 CA 给出的口令",
			"give the passphrase your CA issued with --source-passphrase-file or %s", env.SourcePassphrase.Name)
	case errors.Is(err, sign.ErrKeyMismatch):
		return &text.Error{Msg: text.New("私钥与证书不匹配："+err.Error(), err.Error()), Err: err}
	case errors.As(err, &ve):
		zh := "签发证书无效：" + ve.Chinese()
		if ve.Expired() {
			zh = "签发证书已过期：" + ve.Chinese()
		}
		return (&text.Error{Msg: text.New(zh, err.Error()), Err: err}).WithHint(
			"请导入当前有效的证书（请 CA 为证书续期）", "import a certificate that is valid now (ask your CA to renew it)")
	}
	return legacy(err)
}

// passphraseError is a passphrase that could not be read from envName's sources.
func passphraseError(err error, envName string) error {
	if errors.Is(err, sign.ErrNoPassphrase) {
		return &text.Error{Err: err, Msg: text.New(
			"没有提供口令：请用 --passphrase-file 文件 或环境变量 "+envName+" 提供，或在终端中运行以输入口令", err.Error())}
	}
	return &text.Error{Err: err, Msg: text.New("读取口令失败："+textOf(err).Zh, err.Error())}
}

// ledgerError classes a ledger refusal: a number already issued is a bad
// certificate (exit 1), anything else an environment error.
func ledgerError(err error) error {
	l := legacy(err).(*text.Error)
	if errors.Is(err, ledger.ErrDuplicateNumber) {
		l.Class = text.Bad
	}
	return l
}

// jsonString is v as compact JSON, for event details.
func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// Explain is err as a bilingual error with its hint and class: a
// *text.Error as it is, or the Chinese a domain error carries otherwise.
// cli renders every error through it.
func Explain(err error) *text.Error {
	var te *text.Error
	if errors.As(err, &te) {
		if te == err || te.Msg.En == err.Error() {
			return te
		}
	}
	return legacy(err).(*text.Error)
}

// KeysError is keysError for commands not yet behind the agency (audit).
func KeysError(err error) error { return keysError(err) }

// PassphraseError is passphraseError for commands not yet behind the agency (audit).
func PassphraseError(err error, envName string) error { return passphraseError(err, envName) }

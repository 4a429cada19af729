package agency

import (
	"encoding/json"
	"errors"

	"ezz/internal/env"
	"ezz/internal/sign"
	"ezz/internal/text"
)

// asText is err as a *text.Error to add a hint or class to: a copy of its
// own when it is one, else its message (text.Of) with err as the cause.
func asText(err error) *text.Error {
	if te, ok := err.(*text.Error); ok {
		c := *te
		return &c
	}
	return &text.Error{Msg: text.Of(err), Hint: text.HintOf(err), Class: text.ClassOf(err), Err: err}
}

// wrap frames err with the step that failed, keeping its class and hint;
// the cause keeps its own text in each language.
func wrap(err error, zh, en string, args ...any) *text.Error {
	w := text.Wrap(err, zh, en, args...)
	w.Class = text.ClassOf(err)
	w.Hint = text.HintOf(err)
	return w
}

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
		return &text.Error{Msg: text.F("私钥与证书不匹配：%[1]v", "%[1]v", err), Err: err}
	case errors.As(err, &ve):
		zh := "签发证书无效：%[1]v"
		if ve.Expired() {
			zh = "签发证书已过期：%[1]v"
		}
		return (&text.Error{Msg: text.F(zh, "%[1]v", err), Err: err}).WithHint(
			"请导入当前有效的证书（请 CA 为证书续期）", "import a certificate that is valid now (ask your CA to renew it)")
	}
	return err
}

// passphraseError is a passphrase that could not be read from envName's sources.
func passphraseError(err error, envName string) error {
	if errors.Is(err, sign.ErrNoPassphrase) {
		return &text.Error{Err: err, Msg: text.F(
			"没有提供口令：请用 --passphrase-file 文件 或环境变量 %[1]s 提供，或在终端中运行以输入口令", "%[2]v", envName, err)}
	}
	return &text.Error{Err: err, Msg: text.F("读取口令失败：%v", "%v", err)}
}

// jsonString is v as compact JSON, for event details.
func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}

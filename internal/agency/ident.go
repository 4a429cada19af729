package agency

import (
	"errors"

	"ezz/internal/ident"
	"ezz/internal/text"
)

// IdentParts are the parts of a GB/T 36904 identifier (the --json report of
// ezz ident parse). Station and Counter are present when the serial was
// allocated by ezz (station code + counter).
type IdentParts struct {
	TypeCode string `json:"type_code"`
	Issuer   string `json:"issuer"`
	Serial   string `json:"serial"`
	Version  string `json:"version"`
	Check    string `json:"check"`
	CheckOK  bool   `json:"check_ok"`
	Station  string `json:"station,omitempty"`
	Counter  uint64 `json:"counter,omitempty"`
}

// ParseIdentifier takes s apart. A wrong check character still gives the
// parts, with an error of class Bad saying so; any other error gives none.
func ParseIdentifier(s string) (*IdentParts, error) {
	id, err := ident.Parse(s)
	if err != nil && !errors.Is(err, ident.ErrCheckChar) {
		return nil, identError(s, err)
	}
	p := &IdentParts{TypeCode: id.TypeCode, Issuer: id.Issuer, Serial: id.Serial, Version: id.Version,
		Check: string(id.Check), CheckOK: id.CheckOK()}
	if st, n, serr := ident.SplitSerial(id.Serial); serr == nil {
		p.Station, p.Counter = st, n
	}
	if err != nil {
		return p, identError(s, err)
	}
	return p, nil
}

// identError is an invalid identifier (exit 1) with the reason.
func identError(s string, err error) *text.Error {
	e := &text.Error{Msg: text.F("证照标识 %q：%v", "identifier %q: %v", s, IdentReason(err)), Class: text.Bad, Err: err}
	if errors.Is(err, ident.ErrCheckChar) {
		e.WithHint("核对标识是否抄错；若原样来自签发单位，请联系其更正",
			"check the identifier for typos; if it came like this from the issuer, ask them to correct it")
	}
	return e
}

// IdentReason explains what is wrong with an identifier.
func IdentReason(err error) text.T {
	var ce *ident.CheckError
	if errors.As(err, &ce) {
		return text.F("校验位错误：实际为 %c，应为 %c", "wrong check character: got %c, want %c", ce.Got, ce.Want)
	}
	for _, r := range []struct {
		err error
		zh  string
	}{
		{ident.ErrPrefix, "标识应以 " + ident.Prefix + " 开头"},
		{ident.ErrParts, "前缀之后应依次为类型代码、颁发机构代码、流水号、版本号和一位校验位，以点分隔"},
		{ident.ErrTypeCode, "类型代码应为 21 位：18 位统一社会信用代码加 3 位数字"},
		{ident.ErrIssuer, "颁发机构代码应为 6–32 位大写字母或数字"},
		{ident.ErrSerial, "流水号应为 7–32 位大写字母或数字"},
		{ident.ErrVersion, "版本号应为 001 起的 3 位数字"},
	} {
		if errors.Is(err, r.err) {
			return text.New(r.zh+"（"+err.Error()+"）", err.Error())
		}
	}
	return text.New(err.Error(), err.Error())
}

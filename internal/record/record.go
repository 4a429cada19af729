// Package record defines the certificate record — data items, GB/T 36903 metadata,
// status and version — and its canonical, signed encoding.
package record

// FormatV1 is the value of the format field of a version-1 record.
const FormatV1 = "ezz/record/v1"

// Record is one version of one certificate: everything that is signed.
type Record struct {
	Format        string            `json:"format"`
	Identifier    string            `json:"identifier"`     // GB/T 36904, equal to Meta.ZZBS
	Version       int               `json:"version"`        // 1, 2, … (the identifier's version part)
	Status        string            `json:"status"`         // status code, "01" 有效 at issuance
	CatalogueHash string            `json:"catalogue_hash"` // "sm3:<hex>" of the compiled template and its assets
	Station       string            `json:"station"`        // the workstation that issued this version
	IssuedAt      string            `json:"issued_at"`      // RFC 3339, UTC
	Meta          Metadata          `json:"metadata"`
	Items         map[string]string `json:"items"` // normalised data items by item id
}

// Metadata holds the GB/T 36903 metadata elements. Dates are YYYY-MM-DD;
// ZZYXQJZRQ is empty for a permanent licence.
type Metadata struct {
	ZZMC       string `json:"ZZMC"`       // 证照名称
	ZZLXDM     string `json:"ZZLXDM"`     // 证照类型代码
	ZZBH       string `json:"ZZBH"`       // 证照编号
	ZZBS       string `json:"ZZBS"`       // 证照标识
	ZZBFJG     string `json:"ZZBFJG"`     // 颁发机构
	ZZBFJGDM   string `json:"ZZBFJGDM"`   // 颁发机构代码
	ZZBFRQ     string `json:"ZZBFRQ"`     // 颁发日期
	CZZT       string `json:"CZZT"`       // 持证主体
	CZZTDM     string `json:"CZZTDM"`     // 持证主体代码
	CZZTDMLX   string `json:"CZZTDMLX"`   // 持证主体代码类型 (name)
	CZZTDMLXDM string `json:"CZZTDMLXDM"` // 持证主体代码类型代码
	ZZYXQQSRQ  string `json:"ZZYXQQSRQ"`  // 有效期起始日期
	ZZYXQJZRQ  string `json:"ZZYXQJZRQ"`  // 有效期截止日期
}

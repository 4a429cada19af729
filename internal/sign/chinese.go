package sign

import "fmt"

// Chinese is the error in Chinese, for clerks who read ezz in Chinese.
func (e *ValidityError) Chinese() string {
	f := "2006-01-02 15:04:05Z"
	if e.At.Before(e.NotBefore) {
		return fmt.Sprintf("证书 %q 自 %s 起才生效（检查时间 %s）",
			e.Subject, e.NotBefore.UTC().Format(f), e.At.UTC().Format(f))
	}
	return fmt.Sprintf("证书 %q 已于 %s 过期（检查时间 %s）",
		e.Subject, e.NotAfter.UTC().Format(f), e.At.UTC().Format(f))
}

package text

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

// osChinese is the Chinese of the commonest file-system errors, read from
// the *fs.PathError's fields (never from its text); ok is false for others.
func osChinese(err error) (string, bool) {
	pe, ok := err.(*fs.PathError)
	if !ok {
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

package conversion

import (
	"errors"
	"os"

	"ezz/internal/issuance"
	"ezz/internal/text"
)

// lockBatch takes the batch directory's lock (issuance.LockDir), or says
// that another conversion (or a repair) holds it.
func lockBatch(dir, batch string) (*os.File, error) {
	f, err := issuance.LockDir(dir)
	if errors.Is(err, issuance.ErrDirBusy) {
		return nil, text.Errorf("另一个 ezz convert 正在转换批次 %s（同一份登记表），或 ezz check --repair 正在修复它", "another ezz convert is converting batch %s (the same register) right now, or ezz check --repair is repairing it", batch).
			WithHint("请等它结束后再运行同一命令：已签发的不会重复签发，余下的会补完", "wait for it to end, then run the same command again: what it issued is kept and the rest is finished")
	}
	return f, err
}

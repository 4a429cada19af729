package conversion

import (
	"context"
	"errors"
	"os"
	"time"

	"ezz/internal/issuance"
	"ezz/internal/text"
)

// lockBatch takes the batch directory's lock, waiting up to wait while
// another process holds it (issuance.WaitLockDir): an issue or a new version
// writing a PDF there holds it for milliseconds. Past that it says that
// another conversion (or a repair) holds it.
func lockBatch(ctx context.Context, dir, batch string, wait time.Duration) (*os.File, error) {
	f, err := issuance.WaitLockDir(ctx, dir, wait)
	if errors.Is(err, issuance.ErrDirBusy) {
		return nil, text.Errorf("另一个 ezz convert 正在转换批次 %s（同一份登记表），或 ezz check --repair、ezz issue 正在写入它，等待 %v 后仍未结束", "another ezz convert is converting batch %s (the same register), or ezz check --repair or ezz issue is writing into it, and it did not end within %v", batch, wait).
			WithHint("请等它结束后再运行同一命令：已签发的不会重复签发，余下的会补完", "wait for it to end, then run the same command again: what it issued is kept and the rest is finished")
	}
	return f, err
}

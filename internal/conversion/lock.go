package conversion

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"

	"ezz/internal/text"
)

// One batch, one process: a conversion holds an exclusive lock on its
// batch's directory from before it reads what the batch has issued until it
// ends. Without it, a second `ezz convert` of the same register would take
// the first one's staged PDFs for leftovers of a stopped run and remove them
// (recoverStaged) while the first was about to record them: certificates in
// the ledger with no PDF on disk. The kernel drops the lock when the process
// dies, so a killed run never blocks its rerun. Conversions of other
// registers (other batches) still run side by side.

// lockName is the lock file in a batch's directory.
const lockName = ".convert.lock"

// lockBatch takes the batch directory's lock, or says that another
// conversion holds it.
func lockBatch(dir, batch string) (*os.File, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		return nil, text.Errorf("另一个 ezz convert 正在转换批次 %s（同一份登记表）", "another ezz convert is converting batch %s (the same register) right now", batch).
			WithHint("请等它结束后再运行同一命令：已签发的不会重复签发，余下的会补完", "wait for it to end, then run the same command again: what it issued is kept and the rest is finished")
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

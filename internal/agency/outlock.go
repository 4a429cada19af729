package agency

import (
	"context"
	"errors"
	"os"
	"time"

	"ezz/internal/issuance"
	"ezz/internal/text"
)

// lockWait bounds how long issue and a new version wait for the lock of the
// directory their PDF goes into; lockPoll is how often they try it.
var (
	lockWait = 10 * time.Second
	lockPoll = 20 * time.Millisecond
)

// lockPDFDir takes the lock of the directory is writes PDFs into
// (issuance.LockDir: the lock a conversion holds on its batch's directory
// and ezz check --repair on each directory it puts files back in), held from
// before the PDF is staged until it has its final name; nothing to lock
// without PDFs. Without it, a repair could adopt or re-sign the staged PDF
// of a certificate the ledger has just committed, under the issuing
// process's feet. Another issue holds the lock for milliseconds, so this
// waits for it, up to lockWait; a conversion or a repair holding it longer
// is "busy" (exit 2), and nothing has been issued.
func lockPDFDir(ctx context.Context, is *issuing) (release func(), err error) {
	if is.tmpl.Renderer == nil {
		return func() {}, nil
	}
	l, err := waitLockDir(ctx, is.out)
	if errors.Is(err, issuance.ErrDirBusy) {
		return nil, busyDir(is.out)
	}
	if err != nil {
		return nil, err
	}
	return func() { l.Close() }, nil
}

// waitLockDir takes dir's lock (issuance.LockDir), waiting up to lockWait
// while another process holds it; then it returns issuance.ErrDirBusy.
func waitLockDir(ctx context.Context, dir string) (*os.File, error) {
	give := time.Now().Add(lockWait)
	for {
		l, err := issuance.LockDir(dir)
		switch {
		case err == nil:
			return l, nil
		case !errors.Is(err, issuance.ErrDirBusy):
			return nil, text.Wrap(err, "无法锁定 %s", "lock %s", dir)
		case time.Now().After(give):
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}

// busyDir says that another process kept dir's lock past lockWait.
func busyDir(dir string) error {
	return text.Errorf("另一个 ezz 进程（转换、ezz check --repair 或签发）正在写入 %s，等待 %v 后仍未结束，台账未作任何记录",
		"another ezz process (a conversion, ezz check --repair or an issue) is writing into %s and did not end within %v: nothing was recorded",
		dir, lockWait).WithHint("请等它结束后再运行同一命令", "run the same command again once it has ended")
}

package agency

import (
	"io"
	"os"
	"syscall"
)

// openInput opens a file named on the command line for reading. O_NONBLOCK:
// a FIFO with no writer then reads as empty instead of hanging the command
// (a folder of uploads can hold one); a regular file reads as usual.
func openInput(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// readInput is os.ReadFile through openInput.
func readInput(name string) ([]byte, error) {
	f, err := openInput(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

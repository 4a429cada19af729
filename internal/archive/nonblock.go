package archive

import "syscall"

// syscallNonblock opens a FIFO without waiting for a writer, so that the
// regular-file check refuses it instead of hanging.
const syscallNonblock = syscall.O_NONBLOCK

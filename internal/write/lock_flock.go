//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package write

import (
	"errors"
	"os"
	"syscall"
)

// openNonblock keeps an open of a FIFO or device from blocking.
const openNonblock = syscall.O_NONBLOCK

// dirSyncWorks: folders can be fsynced, and a failure means something.
const dirSyncWorks = true

// tryLock takes an exclusive flock without waiting; false when another
// process holds it.
func tryLock(f *os.File) (bool, error) {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		case errors.Is(err, syscall.EINTR):
			continue
		}
		return false, err
	}
}

func unlockFile(f *os.File) { syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

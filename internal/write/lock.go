package write

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultLockWait is how long a run waits for another run's lock.
const DefaultLockWait = 30 * time.Second

// Lock takes the output folder's lock (LockFile inside dir, created when
// missing), waiting at most wait while another process holds it, and
// records this process in it. The lock is advisory (flock where the system
// has it; see lockSupported) and the kernel releases it when the process
// dies, so a killed run never leaves the folder locked. unlock releases it;
// the file stays.
func Lock(ctx context.Context, dir string, wait time.Duration) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	if fi, err := root.Lstat(LockFile); err == nil && !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %s; remove it", filepath.Join(dir, LockFile), describe(fi.Mode()))
	}
	f, err := root.OpenFile(LockFile, os.O_RDWR|os.O_CREATE|openNonblock, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking %s: %v", dir, unwrapPath(err))
	}
	deadline := time.Now().Add(wait)
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %v", dir, err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			holder := readHolder(f)
			f.Close()
			return nil, fmt.Errorf("%s is locked by %s for more than %s; wait for it to finish or stop it", dir, holder, wait)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ErrInterrupted
		case <-time.After(20 * time.Millisecond):
		}
	}
	// Who holds the lock, for the message of a run that waits in vain.
	f.Truncate(0)
	f.WriteAt([]byte(fmt.Sprintf("pid %d: %s\n", os.Getpid(), strings.Join(os.Args, " "))), 0)
	return func() {
		f.Truncate(0)
		unlockFile(f)
		f.Close()
	}, nil
}

func readHolder(f *os.File) string {
	buf := make([]byte, 512)
	n, err := f.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return "another process"
	}
	line, _, _ := strings.Cut(string(buf[:n]), "\n")
	line = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return '?'
		}
		return r
	}, line)
	if line == "" {
		return "another process"
	}
	return line
}

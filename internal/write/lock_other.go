//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package write

import "os"

// Elsewhere (Windows among others) there are no FIFOs to block on.
const openNonblock = 0

// dirSyncWorks: Windows cannot fsync a folder; its renames are durable
// once they return (NTFS journals metadata).
const dirSyncWorks = false

// tryLock: no file lock on these systems; Lock always succeeds, and two
// runs into one folder are not kept apart. (LockFileEx would do on
// Windows; it needs golang.org/x/sys/windows.)
func tryLock(*os.File) (bool, error) { return true, nil }

func unlockFile(*os.File) {}

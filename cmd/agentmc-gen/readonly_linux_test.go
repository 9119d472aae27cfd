package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadOnlyNoop: a run with nothing to do writes nothing, so it succeeds
// on a read-only file system (a bind mount of the output folder, remounted
// read-only; skipped where mounting is not allowed), and a run with work
// fails there with one line.
func TestReadOnlyNoop(t *testing.T) {
	dir := hostileFolder(t)
	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o755)
	if err := syscall.Mount(filepath.Join(dir, "out"), ro, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(ro, 0) })
	if err := syscall.Mount("", ro, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
	if err := os.WriteFile(filepath.Join(ro, "probe"), nil, 0o644); err == nil {
		t.Fatal("the mount is writable")
	}
	code, out, errOut := runProc(t, dir, "generate", "-out", "ro")
	if code != 0 || !strings.Contains(out, "0 written, 11 unchanged, 0 removed") {
		t.Errorf("no-op on a read-only folder: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runProc(t, dir, "generate", "-out", "ro", "-preset", "agentmc-0.1")
	if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "read-only file system") {
		t.Errorf("a run with work on a read-only folder: exit %d %q", code, errOut)
	}
}

//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// hostileFolder returns a folder with api.yaml, agentmc-gen.yaml and out/
// generated from them.
func hostileFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), twoOps)
	writeFile(t, filepath.Join(dir, "agentmc-gen.yaml"), "spec: api.yaml\nout: out\n")
	if code, _, errOut := runProc(t, dir, "generate"); code != 0 {
		t.Fatal(errOut)
	}
	return dir
}

// TestCheckDoesNotLeak: a generated path replaced by a link to a secret
// (as a pull request can plant) is named by check, never read through, so
// a CI log never shows the secret; generate replaces the link, leaving its
// target alone.
func TestCheckDoesNotLeak(t *testing.T) {
	dir := hostileFolder(t)
	secret := filepath.Join(t.TempDir(), "secret")
	writeFile(t, secret, "AWS_SECRET=hunter2\n")
	page := filepath.Join(dir, "out/docs/operations/getA.md")
	os.Remove(page)
	os.Symlink(secret, page)
	for _, target := range []string{secret, "/proc/self/environ"} {
		os.Remove(page)
		os.Symlink(target, page)
		code, out, errOut := runProc(t, dir, "check")
		if code != 1 || strings.Contains(out+errOut, "hunter2") || strings.Contains(out, "PATH=") ||
			!strings.Contains(out, "changed: docs/operations/getA.md (is a symbolic link, not a generated file; not read)\n") {
			t.Errorf("check with a link to %s: exit %d\n%s%s", target, code, out, errOut)
		}
	}
	code, _, errOut := runProc(t, dir, "generate")
	if code != 0 || !strings.Contains(errOut, "getA.md: is a symbolic link, not a generated file; replaced by the generated file") {
		t.Errorf("generate: %d %q", code, errOut)
	}
	if data, _ := os.ReadFile(secret); string(data) != "AWS_SECRET=hunter2\n" {
		t.Errorf("the link's target was written: %q", data)
	}
	if code, out, _ := runProc(t, dir, "check"); code != 0 {
		t.Errorf("check after generate: %s", out)
	}
}

// TestFIFO: a named pipe at a generated path does not block check,
// generate or lint -dir (runProc fails a run that does not end).
func TestFIFO(t *testing.T) {
	dir := hostileFolder(t)
	page := filepath.Join(dir, "out/docs/operations/getA.md")
	os.Remove(page)
	if err := syscall.Mkfifo(page, 0o644); err != nil {
		t.Skip(err)
	}
	code, out, _ := runProc(t, dir, "check")
	if code != 1 || !strings.Contains(out, "changed: docs/operations/getA.md (is a named pipe (FIFO), not a generated file; not read)") {
		t.Errorf("check: %d\n%s", code, out)
	}
	code, out, _ = runProc(t, dir, "lint", "-dir")
	if code != 1 || !strings.Contains(out, "getA.md:1: is a named pipe (FIFO), not a generated file; not read (file)") {
		t.Errorf("lint -dir: %d\n%s", code, out)
	}
	if code, _, errOut := runProc(t, dir, "generate"); code != 0 {
		t.Errorf("generate: %s", errOut)
	}
	if code, out, _ := runProc(t, dir, "lint", "-dir"); code != 0 {
		t.Errorf("lint -dir after generate: %s", out)
	}
}

// TestLargeFile: a 200 MB sparse file at a generated path is not read
// whole, nor printed: check names it in one line.
func TestLargeFile(t *testing.T) {
	dir := hostileFolder(t)
	page := filepath.Join(dir, "out/docs/operations/getA.md")
	if err := os.Truncate(page, 200<<20); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runProc(t, dir, "check")
	if code != 1 || len(out) > 1000 || !strings.Contains(out, "changed: docs/operations/getA.md (larger than any generated file; not read)\n") {
		t.Errorf("check: exit %d, %d bytes:\n%.2000s", code, len(out), out)
	}
	code, out, _ = runProc(t, dir, "lint", "-dir")
	if code != 1 || len(out) > 1000 || !strings.Contains(out, "getA.md:1: is larger than any generated file; not read (file)") {
		t.Errorf("lint -dir: exit %d, %d bytes:\n%.2000s", code, len(out), out)
	}
}

// TestCRLFCheckout: a clone made with core.autocrlf=true converts every
// generated file to CRLF unless .gitattributes says -text. With this
// repository's .gitattributes check passes; without it check says the
// only difference is line endings, naming the files without diffs.
func TestCRLFCheckout(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	attributes, err := os.ReadFile("../../.gitattributes")
	if err != nil {
		t.Fatal(err)
	}
	for _, withAttributes := range []bool{true, false} {
		dir := hostileFolder(t)
		if withAttributes {
			writeFile(t, filepath.Join(dir, ".gitattributes"), string(attributes))
		}
		git := func(dir string, args ...string) {
			t.Helper()
			cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"}, args...)...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		git(dir, "init", "-q")
		git(dir, "add", "-A")
		git(dir, "commit", "-qm", "generated")
		clone := filepath.Join(t.TempDir(), "clone")
		git(dir, "-c", "core.autocrlf=true", "clone", "-q", dir, clone)
		code, out, _ := runProc(t, clone, "check")
		if withAttributes {
			if code != 0 {
				t.Errorf("with .gitattributes: exit %d\n%s", code, out)
			}
			continue
		}
		if code != 1 || strings.Contains(out, "--- a/") || !strings.Contains(out, "line endings: docs/operations/getA.md (CRLF on disk, LF generated") ||
			!strings.Contains(out, "agentmc-gen check: out differs only in line endings (") {
			t.Errorf("without .gitattributes: exit %d\n%s", code, out)
		}
	}
}

// TestLinkedFolderOutside: out/docs/operations planted as a link to a
// folder outside (a pull request can do that): check names the files
// without reading them, generate refuses in one line, and neither a write
// nor a stale-file removal reaches the files there.
func TestLinkedFolderOutside(t *testing.T) {
	dir := hostileFolder(t)
	elsewhere := t.TempDir()
	writeFile(t, filepath.Join(elsewhere, "getA.md"), "THEIRS\n")
	writeFile(t, filepath.Join(elsewhere, "getA.sh"), "THEIRS\n")
	out := filepath.Join(dir, "out")
	os.RemoveAll(filepath.Join(out, "docs/operations"))
	os.RemoveAll(filepath.Join(out, "examples/curl"))
	os.Symlink(elsewhere, filepath.Join(out, "docs/operations"))
	os.Symlink(elsewhere, filepath.Join(out, "examples/curl"))

	code, stdout, _ := runProc(t, dir, "check")
	if code != 1 || strings.Contains(stdout, "THEIRS") ||
		!strings.Contains(stdout, "changed: docs/operations/getA.md (lies under a link leading outside the output folder; refusing to follow it)\n") {
		t.Errorf("check: exit %d\n%s", code, stdout)
	}
	// Writing pages under the link, and removing the cURL scripts (stale
	// without the curl emitter) under the other.
	for _, emit := range []string{"docs,curl", "sdk"} {
		code, _, errOut := runProc(t, dir, "generate", "-emit", emit)
		if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "lies under a link leading outside the output folder") {
			t.Errorf("generate -emit %s: exit %d %q", emit, code, errOut)
		}
		entries, _ := os.ReadDir(elsewhere)
		a, _ := os.ReadFile(filepath.Join(elsewhere, "getA.md"))
		sh, _ := os.ReadFile(filepath.Join(elsewhere, "getA.sh"))
		if len(entries) != 2 || string(a) != "THEIRS\n" || string(sh) != "THEIRS\n" {
			t.Errorf("generate -emit %s changed the folder outside: %d entries, %q %q", emit, len(entries), a, sh)
		}
	}
}

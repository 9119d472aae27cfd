//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/agentmc/agentmc-gen/internal/write"
)

// The test binary doubles as agentmc-gen: with AGENTMC_GEN_TEST_MAIN=1 it
// runs the command line it is given. AGENTMC_GEN_TEST_STOP=step:path makes
// that process print "stopped at step:path" and wait there until SIGINT or
// SIGTERM has ended the run's context (or it is killed), so that the tests
// signal it at a named point of the write, not by timing luck.
func TestMain(m *testing.M) {
	if os.Getenv("AGENTMC_GEN_TEST_MAIN") == "1" {
		if at := os.Getenv("AGENTMC_GEN_TEST_STOP"); at != "" {
			write.Hook = func(ctx context.Context, step, path string) error {
				if step+":"+path == at {
					fmt.Fprintf(os.Stderr, "stopped at %s\n", at)
					// Until the run's own signal handling has ended its
					// context: the signal is then seen at this point.
					select {
					case <-ctx.Done():
					case <-time.After(30 * time.Second):
					}
				}
				return nil
			}
		}
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// Two generations of one spec: b updates every page, adds the SDK examples
// and removes the cURL scripts.
var (
	argsA = []string{"-spec", "api.yaml", "-out", "out", "-preset", "agentmc-0.1", "-emit", "docs,curl"}
	argsB = []string{"-spec", "api.yaml", "-out", "out", "-preset", "agentmc", "-emit", "docs,sdk"}
)

// agentmcGen runs the command in dir as a process of its own.
func agentmcGen(ctx context.Context, dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "AGENTMC_GEN_TEST_MAIN=1"), env...)
	return cmd
}

// runProc runs the command in a process and returns its exit code and
// output; it fails the test when the process does not end in time.
func runProc(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := agentmcGen(ctx, dir, nil, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("agentmc-gen %s did not finish in time (blocked?)", strings.Join(args, " "))
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// stopped starts a generate that stops at the named point, and returns
// once it is there, with a function that waits for the process to end and
// returns what it printed after stopping.
func stopped(t *testing.T, dir, at string, args ...string) (*exec.Cmd, func() string) {
	t.Helper()
	cmd := agentmcGen(context.Background(), dir, []string{"AGENTMC_GEN_TEST_STOP=" + at}, append([]string{"generate"}, args...)...)
	stderr, _ := cmd.StderrPipe()
	var rest, stdout bytes.Buffer // apart: two goroutines write them
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stderr)
	line, err := r.ReadString('\n')
	if line != "stopped at "+at+"\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the run did not stop at %s: %q %v", at, line, err)
	}
	copied := make(chan struct{})
	go func() {
		io.Copy(&rest, r)
		close(copied)
	}()
	return cmd, func() string {
		<-copied // Wait closes the pipe: read it all first
		cmd.Wait()
		return stdout.String() + rest.String()
	}
}

// setUp returns a folder with api.yaml, out/ generated with argsA, and a
// fresh generation of each of a and b for reference.
func setUp(t *testing.T) (dir string, refA, refB map[string]string) {
	t.Helper()
	dir = t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), twoOps)
	for _, args := range [][]string{argsB, argsA} {
		if code, _, errOut := runProc(t, dir, append([]string{"generate"}, args...)...); code != 0 {
			t.Fatal(errOut)
		}
		ref := generatedFiles(t, filepath.Join(dir, "out"))
		if refB == nil {
			refB = ref
			os.RemoveAll(filepath.Join(dir, "out"))
		} else {
			refA = ref
		}
	}
	return dir, refA, refB
}

// generatedFiles lists the files of out, without the tool's own.
func generatedFiles(t *testing.T, out string) map[string]string {
	files := tree(t, out)
	for p := range files {
		if strings.HasPrefix(filepath.Base(p), ".agentmc-gen") {
			delete(files, p)
		}
	}
	return files
}

// leftovers lists the tool's files in out besides the manifest and lock.
func leftovers(t *testing.T, out string) []string {
	var left []string
	for p := range tree(t, out) {
		if b := filepath.Base(p); strings.HasPrefix(b, ".agentmc-gen") && b != write.Manifest && b != write.LockFile {
			left = append(left, p)
		}
	}
	sort.Strings(left)
	return left
}

// differences says how out differs from a reference generation, in the
// words of check: changed, missing, stale and leftover paths.
func differences(t *testing.T, out string, ref map[string]string) []string {
	var d []string
	got := generatedFiles(t, out)
	for p, data := range ref {
		if have, ok := got[p]; !ok {
			d = append(d, "missing: "+p)
		} else if have != data {
			d = append(d, "changed: "+p)
		}
	}
	for p := range got {
		if _, ok := ref[p]; !ok {
			d = append(d, "stale: "+p)
		}
	}
	for _, p := range leftovers(t, out) {
		d = append(d, "leftover: "+p)
	}
	sort.Strings(d)
	return d
}

// checkSays lists what check reports, in the words of differences.
func checkSays(out string) []string {
	var d []string
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "--- a/"):
			d = append(d, "changed: "+strings.TrimPrefix(line, "--- a/"))
		case strings.HasPrefix(line, "missing: "), strings.HasPrefix(line, "stale: "):
			d = append(d, line)
		case strings.HasPrefix(line, "leftover: "):
			d = append(d, strings.Split(line, " (")[0])
		}
	}
	sort.Strings(d)
	return d
}

// TestInterrupted kills generate with SIGINT, SIGTERM and SIGKILL at each
// stage of the write. SIGINT and SIGTERM leave the old generation (before
// any file was replaced) or the new one (after: the run finishes), with no
// staged file. After SIGKILL, check names exactly the files that are not
// of the new generation, and its leftovers; the next generate restores a
// clean folder.
func TestInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	points := []struct{ at, after string }{
		{"journal:" + write.Journal, "a"},
		{"stage:docs/operations/getA.md", "a"},
		{"stage:src/generated/operations.ts", "a"}, // the last file staged
		{"rename:docs/operations/getB.md", "b"},    // after renames began
		{"remove:examples/curl/getA.sh", "b"},
		{"manifest:" + write.Manifest, "b"},
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		for _, pt := range points {
			t.Run(fmt.Sprintf("%v at %s", sig, pt.at), func(t *testing.T) {
				dir, refA, refB := setUp(t)
				out := filepath.Join(dir, "out")
				cmd, wait := stopped(t, dir, pt.at, argsB...)
				cmd.Process.Signal(sig)
				output := wait()
				code := cmd.ProcessState.ExitCode()
				if sig == syscall.SIGKILL {
					// check says exactly which files are not of b.
					code, checkOut, _ := runProc(t, dir, append([]string{"check"}, argsB...)...)
					want := differences(t, out, refB)
					if got := checkSays(checkOut); code != 1 || strings.Join(got, "\n") != strings.Join(want, "\n") {
						t.Errorf("check after SIGKILL: exit %d, says\n%s\nwant\n%s", code, strings.Join(got, "\n"), strings.Join(want, "\n"))
					}
					if len(leftovers(t, out)) == 0 && !strings.HasPrefix(pt.at, "journal:") {
						t.Error("SIGKILL left nothing to recover: the test stopped at the wrong place")
					}
					if code, _, errOut := runProc(t, dir, append([]string{"generate", "-lock-wait", "1s"}, argsB...)...); code != 0 {
						t.Fatalf("generate after SIGKILL: %s", errOut)
					}
				} else {
					ref, word := refA, "unchanged"
					if pt.after == "b" {
						ref, word = refB, "finished"
					}
					if code != 130 || !strings.Contains(output, word) || strings.Count(output, "\n") != 1 {
						t.Errorf("exit %d, output %q; want 130 and one line saying %s", code, output, word)
					}
					if d := differences(t, out, ref); d != nil {
						t.Errorf("the folder is not generation %s: %q", pt.after, d)
					}
				}
				if code, checkOut, _ := runProc(t, dir, append([]string{"check"}, argsB...)...); pt.after == "b" || sig == syscall.SIGKILL {
					if code != 0 {
						t.Errorf("check b after the run: %d\n%s", code, checkOut)
					}
				}
				if left := leftovers(t, out); sig != syscall.SIGKILL && left != nil {
					t.Errorf("left behind: %q", left)
				}
			})
		}
	}
}

// TestLockedFolder: a second run waits for the first's lock for the time
// given, then fails with one line naming the holder; after the holder is
// killed the lock is free.
func TestLockedFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir, _, refB := setUp(t)
	first, wait := stopped(t, dir, "stage:docs/operations/getA.md", argsB...)
	code, _, errOut := runProc(t, dir, append([]string{"generate", "-lock-wait", "300ms"}, argsA...)...)
	want := fmt.Sprintf("agentmc-gen generate: out is locked by pid %d: %s generate", first.Process.Pid, os.Args[0])
	if code != 1 || !strings.HasPrefix(errOut, want) || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "for more than 300ms") {
		t.Errorf("exit %d, stderr %q; want one line starting %q", code, errOut, want)
	}
	first.Process.Kill()
	wait()
	if code, _, errOut := runProc(t, dir, append([]string{"generate", "-lock-wait", "1s"}, argsB...)...); code != 0 {
		t.Fatalf("after the holder died: %s", errOut)
	}
	if d := differences(t, filepath.Join(dir, "out"), refB); d != nil {
		t.Errorf("%q", d)
	}
}

// TestConcurrentRuns races two runs with different settings into one
// folder, many times: the lock keeps them apart, so the folder always ends
// as one whole generation with its own manifest, and no orphaned files.
func TestConcurrentRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir, refA, refB := setUp(t)
	out := filepath.Join(dir, "out")
	for round := range 12 {
		cmds := []*exec.Cmd{}
		for _, args := range [][]string{argsA, argsB} {
			cmd := agentmcGen(context.Background(), dir, nil, append([]string{"generate"}, args...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds = append(cmds, cmd)
		}
		for _, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		dA, dB := differences(t, out, refA), differences(t, out, refB)
		if dA != nil && dB != nil {
			t.Fatalf("round %d: neither generation:\nvs a %q\nvs b %q", round, dA, dB)
		}
		args := argsA
		if dB == nil {
			args = argsB
		}
		// The manifest is that generation's: check agrees, and a run
		// of the other settings removes every file of this one.
		if code, checkOut, _ := runProc(t, dir, append([]string{"check"}, args...)...); code != 0 {
			t.Fatalf("round %d: check: %s", round, checkOut)
		}
	}
}

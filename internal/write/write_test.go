//go:build linux

package write

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/agentmc/agentmc-gen/internal/output"
)

// gen builds a set of files "path=content".
func gen(t testing.TB, files ...string) *output.Set {
	t.Helper()
	set := output.NewSet()
	for _, f := range files {
		p, data, _ := strings.Cut(f, "=")
		if _, err := set.Add(p, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	return set
}

// The old and the new generation of the tests: b updates a.md, creates
// c.md and d/e.md, removes b.md.
var (
	genA = []string{"docs/a.md=old a\n", "docs/b.md=old b\n", "x.json={}\n"}
	genB = []string{"d/e.md=new e\n", "docs/a.md=new a\n", "docs/c.md=new c\n", "x.json={}\n"}
)

func apply(t testing.TB, dir string, set *output.Set) *Plan {
	t.Helper()
	p, err := NewPlan(dir, set, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Apply(); err != nil {
		t.Fatal(err)
	}
	return p
}

// snapshot lists every entry under dir (including the tool's own files)
// with its content, kind and times, to compare a folder before and after.
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fi, _ := os.Lstat(p)
		st := fi.Sys().(*syscall.Stat_t)
		entry := fmt.Sprintf("%v mtime=%d ctime=%d", fi.Mode(), fi.ModTime().UnixNano(), st.Ctim.Nano())
		if fi.Mode().IsRegular() {
			data, _ := os.ReadFile(p)
			entry += " " + string(data)
		}
		out[filepath.ToSlash(rel)] = entry
		return nil
	})
	return out
}

// generated lists the generated files under dir, without the tool's own.
func generated(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".agentmc-gen") {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel)+"="+string(data))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// ownFiles lists the tool's files left under dir besides the manifest and
// the lock: staged files and the journal.
func ownFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".agentmc-gen") && d.Name() != Manifest && d.Name() != LockFile {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func equal(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

func TestApplyAndNoop(t *testing.T) {
	dir := t.TempDir()
	apply(t, dir, gen(t, genA...))
	p := apply(t, dir, gen(t, genB...))
	if got := generated(t, dir); !equal(got, genB) {
		t.Fatalf("after b: %q", got)
	}
	if strings.Join(p.Remove, " ") != "docs/b.md" || strings.Join(p.Update, " ") != "docs/a.md" {
		t.Errorf("plan: update %v remove %v", p.Update, p.Remove)
	}
	// A run with nothing to do writes nothing: every entry, its content
	// and its times (a folder's change with any create, rename or removal
	// in it) stay as they were, and no lock file is made.
	before := snapshot(t, dir)
	p, err := NewPlan(dir, gen(t, genB...), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Changed() {
		t.Fatalf("no-op plan changes: %+v", p)
	}
	time.Sleep(10 * time.Millisecond)
	if err := p.Apply(); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, dir); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a no-op run changed the folder:\nbefore %v\nafter  %v", before, after)
	}
}

// TestInjectedFailures: a failure at each step of an update leaves the old
// generation (before any rename is kept), or the new one with the manifest
// still naming every file the tool wrote; never staged files; and the next
// run finishes cleanly.
func TestInjectedFailures(t *testing.T) {
	for _, c := range []struct {
		step, path string
		want       []string // the generated files after the failure
		leftover   []string // the tool's files left besides manifest and lock
	}{
		{"journal", Journal, genA, nil},
		{"stage", "docs/c.md", genA, nil},
		{"rename", "d/e.md", genA, nil},    // the first rename
		{"rename", "docs/c.md", genA, nil}, // after two (a create, an update): rolled back
		{"remove", "docs/b.md", nil, nil},
		{"manifest", Manifest, genB, []string{Journal}},
	} {
		t.Run(c.step+" "+c.path, func(t *testing.T) {
			dir := t.TempDir()
			apply(t, dir, gen(t, genA...))
			manifestA, _ := os.ReadFile(filepath.Join(dir, Manifest))
			Hook = func(_ context.Context, step, path string) error {
				if step == c.step && path == c.path {
					return errors.New("injected failure")
				}
				return nil
			}
			defer func() { Hook = nil }()
			p, err := NewPlan(dir, gen(t, genB...), nil)
			if err != nil {
				t.Fatal(err)
			}
			err = p.Apply()
			if err == nil || !strings.Contains(err.Error(), "injected failure") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("want a one-line error with the failure, got %v", err)
			}
			got := generated(t, dir)
			manifest, _ := os.ReadFile(filepath.Join(dir, Manifest))
			switch c.step {
			case "remove":
				// New files in place, the stale one kept and still listed.
				want := append([]string{"docs/b.md=old b\n"}, genB...)
				sort.Strings(want)
				if !equal(got, want) {
					t.Errorf("files: %q, want %q", got, want)
				}
				if !strings.Contains(string(manifest), `"docs/b.md"`) || !strings.Contains(string(manifest), `"docs/c.md"`) {
					t.Errorf("the manifest does not list both the new and the kept stale file:\n%s", manifest)
				}
				if !strings.Contains(err.Error(), "stays in the manifest") {
					t.Errorf("error: %v", err)
				}
			default:
				if !equal(got, c.want) {
					t.Errorf("files: %q, want %q", got, c.want)
				}
				if c.step != "manifest" && string(manifest) != string(manifestA) {
					t.Errorf("the manifest changed:\n%s", manifest)
				}
			}
			var left []string
			for _, f := range ownFiles(t, dir) {
				rel, _ := filepath.Rel(dir, f)
				left = append(left, filepath.ToSlash(rel))
			}
			if !equal(left, c.leftover) {
				t.Errorf("left %q, want %q", left, c.leftover)
			}
			if _, err := os.Stat(filepath.Join(dir, "d")); c.step != "manifest" && c.step != "remove" && err == nil {
				t.Error("the folder made for a new file stayed after the roll-back")
			}
			// A plan now reports what is left; the next run cleans up.
			Hook = nil
			p, err = NewPlan(dir, gen(t, genB...), nil)
			if err != nil {
				t.Fatal(err)
			}
			if !equal(p.Leftovers, c.leftover) {
				t.Errorf("plan leftovers %q, want %q", p.Leftovers, c.leftover)
			}
			if err := p.Apply(); err != nil {
				t.Fatal(err)
			}
			if got := generated(t, dir); !equal(got, genB) {
				t.Errorf("after the next run: %q", got)
			}
			if left := ownFiles(t, dir); left != nil {
				t.Errorf("after the next run: left %q", left)
			}
		})
	}
}

// TestCrashLeftovers: a run killed (or the power lost) mid-update leaves
// staged files and its journal. The next plan names them as leftovers,
// counts the files that run created as generated (so they are removed when
// no longer generated, not orphaned), and the next run cleans up.
func TestCrashLeftovers(t *testing.T) {
	dir := t.TempDir()
	apply(t, dir, gen(t, genA...))
	// What a run towards genB leaves when killed after renaming c.md:
	os.WriteFile(filepath.Join(dir, "docs/c.md"), []byte("new c\n"), 0o644)
	os.WriteFile(filepath.Join(dir, filepath.FromSlash(tempName("docs/a.md"))), []byte("new a\n"), 0o644)
	os.WriteFile(filepath.Join(dir, Journal), listJSON([]string{"d/e.md", "docs/a.md", "docs/b.md", "docs/c.md"}, nil), 0o644)

	// And what earlier versions left when interrupted, with no journal.
	os.WriteFile(filepath.Join(dir, "docs/.agentmc-gen-1234567"), []byte("old a\n"), 0o644)

	// Regenerating genA: c.md is stale, the staged files and journal go.
	p, err := NewPlan(dir, gen(t, genA...), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{Journal, tempName("docs/a.md"), "docs/.agentmc-gen-1234567"}
	sort.Strings(want)
	if !equal(p.Leftovers, want) || strings.Join(p.Remove, " ") != "docs/c.md" {
		t.Errorf("leftovers %q (want %q), remove %q", p.Leftovers, want, p.Remove)
	}
	if err := p.Apply(); err != nil {
		t.Fatal(err)
	}
	if got := generated(t, dir); !equal(got, genA) {
		t.Errorf("files %q", got)
	}
	if left := ownFiles(t, dir); left != nil {
		t.Errorf("left %q", left)
	}
}

// TestLinksStayInside: a link inside the output folder never makes a read,
// write or removal reach outside it.
func TestLinksStayInside(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	os.WriteFile(secret, []byte("SECRET"), 0o600)

	t.Run("link at a generated path", func(t *testing.T) {
		dir := t.TempDir()
		apply(t, dir, gen(t, genA...))
		os.Remove(filepath.Join(dir, "docs/a.md"))
		os.Symlink(secret, filepath.Join(dir, "docs/a.md"))
		p, err := NewPlan(dir, gen(t, genA...), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Problems) != 1 || p.Problems[0].String() != "docs/a.md: is a symbolic link, not a generated file; not read" || p.Old("docs/a.md") != nil {
			t.Fatalf("problems %v", p.Problems)
		}
		if err := p.Apply(); err != nil {
			t.Fatal(err)
		}
		if data, _ := os.ReadFile(secret); string(data) != "SECRET" {
			t.Errorf("the link's target was written: %q", data)
		}
		if fi, _ := os.Lstat(filepath.Join(dir, "docs/a.md")); !fi.Mode().IsRegular() {
			t.Error("the link was not replaced by the generated file")
		}
	})

	// out/docs -> elsewhere: writing a generated file under it, and
	// removing a stale file the manifest names under it, are refused.
	for _, c := range []struct {
		name string
		next []string
	}{
		{"write under a linked folder", []string{"docs/a.md=new a\n", "docs/b.md=old b\n", "x.json={}\n"}},
		{"remove under a linked folder", []string{"x.json={}\n"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			apply(t, dir, gen(t, genA...))
			elsewhere := t.TempDir()
			os.WriteFile(filepath.Join(elsewhere, "a.md"), []byte("theirs a\n"), 0o644)
			os.WriteFile(filepath.Join(elsewhere, "b.md"), []byte("theirs b\n"), 0o644)
			os.RemoveAll(filepath.Join(dir, "docs"))
			if err := os.Symlink(elsewhere, filepath.Join(dir, "docs")); err != nil {
				t.Fatal(err)
			}
			p, err := NewPlan(dir, gen(t, c.next...), nil)
			if err != nil {
				t.Fatal(err)
			}
			err = p.Apply()
			if err == nil || !strings.Contains(err.Error(), "lies under a link leading outside the output folder") {
				t.Errorf("want a refusal, got %v", err)
			}
			a, _ := os.ReadFile(filepath.Join(elsewhere, "a.md"))
			b, _ := os.ReadFile(filepath.Join(elsewhere, "b.md"))
			entries, _ := os.ReadDir(elsewhere)
			if string(a) != "theirs a\n" || string(b) != "theirs b\n" || len(entries) != 2 {
				t.Errorf("files outside changed: a %q b %q, %d entries", a, b, len(entries))
			}
		})
	}

	// A manifest naming paths outside the folder removes nothing there.
	dir := t.TempDir()
	apply(t, dir, gen(t, genA...))
	os.WriteFile(filepath.Join(dir, Manifest), listJSON([]string{"../secret", secret, "docs/../../secret", "x.json"}, nil), 0o644)
	apply(t, filepath.Join(dir), gen(t, "x.json={}\n"))
	if _, err := os.Stat(secret); err != nil {
		t.Errorf("a manifest entry removed a file outside: %v", err)
	}
}

// TestSpecialFiles: a FIFO at a generated path is not opened (a blocking
// open would hang), and a large sparse file is not read.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	apply(t, dir, gen(t, genA...))
	os.Remove(filepath.Join(dir, "docs/a.md"))
	if err := syscall.Mkfifo(filepath.Join(dir, "docs/a.md"), 0o644); err != nil {
		t.Skip(err)
	}
	big, _ := os.OpenFile(filepath.Join(dir, "docs/b.md"), os.O_WRONLY|os.O_TRUNC, 0)
	big.Truncate(200 << 20)
	big.Close()
	done := make(chan *Plan)
	go func() {
		p, err := NewPlan(dir, gen(t, genA...), nil)
		if err != nil {
			t.Error(err)
		}
		done <- p
	}()
	var p *Plan
	select {
	case p = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("NewPlan blocks on a FIFO")
	}
	if p == nil {
		return
	}
	if fmt.Sprint(p.Problems) != "[docs/a.md: is a named pipe (FIFO), not a generated file; not read]" ||
		strings.Join(p.TooLarge, " ") != "docs/b.md" || p.Old("docs/b.md") != nil {
		t.Errorf("problems %v, too large %v", p.Problems, p.TooLarge)
	}
	if err := p.Apply(); err != nil {
		t.Fatal(err)
	}
	if got := generated(t, dir); !equal(got, genA) {
		t.Errorf("files %q", got)
	}
}

// TestLock: a second holder waits the time it is given, then fails naming
// the first; the lock is free again once released.
func TestLock(t *testing.T) {
	dir := t.TempDir()
	unlock, err := Lock(context.Background(), dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Lock(context.Background(), dir, 200*time.Millisecond)
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("gave up after %s", waited)
	}
	want := fmt.Sprintf("%s is locked by pid %d: %s", dir, os.Getpid(), os.Args[0])
	if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("want %q…, got %v", want, err)
	}
	// A cancelled wait stops at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Lock(ctx, dir, time.Minute); !errors.Is(err, ErrInterrupted) {
		t.Errorf("cancelled: %v", err)
	}
	unlock()
	unlock, err = Lock(context.Background(), dir, 0)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	unlock()
}

package write

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
)

// ErrInterrupted is returned by ApplyContext when its context ends before
// any file was replaced: the folder is as it was.
var ErrInterrupted = errors.New("interrupted before any file was replaced; the output folder is unchanged")

// Hook, when set (by tests only), runs before each step of Apply: "stage",
// "rename" and "remove" with the generated path, "manifest" and "journal"
// with the file's name. It gets the run's context, so that a test can
// wait there until a signal has ended it. An error it returns is taken as
// that step's failure.
var Hook func(ctx context.Context, step, path string) error

func hook(ctx context.Context, step, path string) error {
	if Hook == nil {
		return nil
	}
	return Hook(ctx, step, path)
}

// Apply writes the plan; see ApplyContext.
func (p *Plan) Apply() error { return p.ApplyContext(context.Background()) }

// ApplyContext writes the plan, crash-consistently:
//
//  1. Leftovers of an interrupted run are removed, and the journal lists
//     every path this run changes (written to a temporary file, synced and
//     renamed into place).
//  2. Every new and changed file is staged beside its target under a
//     TempPrefix name and synced. Until this step ends, a cancelled ctx or
//     a failure removes the staged files and the journal: the folder is as
//     before (ErrInterrupted, or the failure).
//  3. The staged files are renamed over their targets, and the folders
//     synced. ctx is no longer heeded: the renames are finished. A failed
//     rename rolls back the ones done (restoring the old content, which
//     the plan holds) before returning the error.
//  4. Stale files are removed; one that cannot be removed stays in the
//     manifest, so that the next run retries it, and is returned as an
//     error after the manifest is written.
//  5. The manifest is replaced through a temporary file, only when it
//     changes, and the journal removed.
//
// A plan that changes nothing writes nothing. After a crash (SIGKILL,
// power loss) the folder holds whole files only, some old and some new;
// the next NewPlan finds the journal and the staged files as Leftovers,
// and the next Apply removes them and finishes the update.
func (p *Plan) ApplyContext(ctx context.Context) error {
	if !p.Changed() {
		return nil
	}
	if err := p.Fatal(); err != nil {
		return err
	}
	if err := os.MkdirAll(p.Dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(p.Dir)
	if err != nil {
		return err
	}
	defer root.Close()
	w := &writer{ctx: ctx, root: root, synced: map[string]bool{}}

	// 1. Leftovers, then the journal.
	for _, l := range p.Leftovers {
		if l != Journal {
			if err := w.remove(l); err != nil {
				return err
			}
		}
	}
	changing := append(append([]string(nil), p.Create...), p.Update...)
	sort.Strings(changing)
	journaled := len(changing)+len(p.Remove) > 0
	if journaled {
		list := append(append([]string(nil), changing...), p.Remove...)
		sort.Strings(list)
		if err := w.replace("journal", Journal, listJSON(list, nil), 0o644); err != nil {
			w.remove(tempName(Journal))
			return fmt.Errorf("writing the journal: %v", err)
		}
	} else if slices.Contains(p.Leftovers, Journal) {
		if err := w.remove(Journal); err != nil {
			return err
		}
	}

	// 2. Stage.
	abort := func(cause error) error {
		for _, path := range changing {
			w.remove(tempName(path))
		}
		w.removeCreatedDirs()
		if journaled {
			w.remove(Journal)
		}
		return cause
	}
	for _, path := range changing {
		if ctx.Err() != nil {
			return abort(ErrInterrupted)
		}
		f := p.Set.Get(path)
		mode := fs.FileMode(0o644)
		if f.Executable {
			mode = 0o755
		}
		err := hook(ctx, "stage", path)
		if err == nil {
			err = w.mkdirAll(pathDir(path))
		}
		if err == nil {
			err = w.stage(path, f.Data, mode)
		}
		if err != nil {
			return abort(fmt.Errorf("staging %s: %v", path, err))
		}
	}
	if ctx.Err() != nil {
		return abort(ErrInterrupted)
	}

	// 3. Rename: finished whatever signal arrives, rolled back on failure.
	for i, path := range changing {
		err := hook(ctx, "rename", path)
		if err == nil {
			err = root.Rename(tempName(path), path)
		}
		if err != nil {
			return p.rollback(w, changing[:i], changing[i:], fmt.Errorf("replacing %s: %v", path, err))
		}
		w.dirty(pathDir(path))
	}
	if err := w.syncDirs(); err != nil {
		return err
	}

	// 4. Remove stale files.
	var kept []string
	var removeErr error
	for _, path := range p.Remove {
		err := hook(ctx, "remove", path)
		if err == nil {
			err = root.Remove(path)
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			kept = append(kept, path)
			if removeErr == nil {
				removeErr = fmt.Errorf("removing the stale file %s: %v (it stays in the manifest; the next run retries)", path, unwrapPath(err))
			}
			continue
		}
		w.dirty(pathDir(path))
	}
	if err := w.syncDirs(); err != nil {
		return err
	}

	// 5. The manifest, then the journal is done.
	manifest := p.manifest
	if kept != nil {
		manifest = manifestFor(p.Set.Files(), kept, p.spec)
	}
	if !bytes.Equal(manifest, p.oldManifest) {
		if err := w.replace("manifest", Manifest, manifest, 0o644); err != nil {
			w.remove(tempName(Manifest))
			return fmt.Errorf("writing the manifest: %v (the journal %s stays for the next run)", err, Journal)
		}
	}
	if journaled {
		if err := w.remove(Journal); err != nil {
			return err
		}
		w.dirty(".")
		if err := w.syncDirs(); err != nil {
			return err
		}
	}
	return removeErr
}

// rollback undoes the renames of done after a failed rename, and removes
// the staged files of pending.
func (p *Plan) rollback(w *writer, done, pending []string, cause error) error {
	for _, path := range pending {
		w.remove(tempName(path))
	}
	var lost []string
	for _, path := range done {
		old, ok := p.old[path]
		var err error
		switch {
		case slices.Contains(p.Create, path):
			err = w.root.Remove(path)
		case !ok:
			err = errors.New("its old content was not read")
		default:
			err = w.stage(path, old.data, old.mode)
			if err == nil {
				err = w.root.Rename(tempName(path), path)
			}
		}
		if err != nil {
			w.remove(tempName(path))
			lost = append(lost, path)
		}
	}
	w.syncDirs()
	if lost != nil {
		return fmt.Errorf("%v; could not roll back %s, which hold the new content: run generate again (check names them)", cause, strings.Join(lost, ", "))
	}
	w.removeCreatedDirs()
	w.remove(Journal)
	return fmt.Errorf("%v; rolled back: the output folder is as before", cause)
}

// writer does Apply's file operations inside root and remembers the
// folders to sync and the ones it created.
type writer struct {
	ctx     context.Context // for Hook
	root    *os.Root
	synced  map[string]bool // folders changed since the last sync: false
	created []string
}

func (w *writer) dirty(dir string) { w.synced[dir] = false }

// syncDirs makes renames and removals durable. Folders cannot be synced on
// every system (Windows): there the error is ignored.
func (w *writer) syncDirs() error {
	for dir, done := range w.synced {
		if done {
			continue
		}
		if f, err := w.root.Open(dir); err == nil {
			err = f.Sync()
			f.Close()
			if err != nil && dirSyncWorks {
				return fmt.Errorf("syncing %s: %v", dir, err)
			}
		}
		w.synced[dir] = true
	}
	return nil
}

// stage writes data to path's staged name, synced.
func (w *writer) stage(path string, data []byte, mode fs.FileMode) error {
	tmp := tempName(path)
	if err := w.remove(tmp); err != nil {
		return err
	}
	f, err := w.root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return unwrapPath(err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(mode) // whatever the umask
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// replace writes one of the tool's own files through a staged file.
func (w *writer) replace(step, name string, data []byte, mode fs.FileMode) error {
	err := hook(w.ctx, step, name)
	if err == nil {
		err = w.stage(name, data, mode)
	}
	if err == nil {
		err = w.root.Rename(tempName(name), name)
	}
	if err != nil {
		return err
	}
	w.dirty(".")
	return w.syncDirs()
}

// remove removes a file; a missing one is no error.
func (w *writer) remove(path string) error {
	if err := w.root.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// mkdirAll creates dir and its missing parents inside root, remembering
// the ones it created.
func (w *writer) mkdirAll(dir string) error {
	if dir == "." {
		return nil
	}
	if fi, err := w.root.Stat(dir); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("%s is not a folder", dir)
		}
		return nil
	}
	if err := w.mkdirAll(pathDir(dir)); err != nil {
		return err
	}
	if err := w.root.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return unwrapPath(err)
	}
	w.created = append(w.created, dir)
	w.dirty(pathDir(dir))
	return nil
}

// removeCreatedDirs removes the folders mkdirAll created, deepest first,
// when they are empty.
func (w *writer) removeCreatedDirs() {
	for i := len(w.created) - 1; i >= 0; i-- {
		w.root.Remove(w.created[i])
	}
	w.created = nil
}

func pathDir(p string) string { return path.Dir(p) }

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

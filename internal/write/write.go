// Package write puts an output set on disk: every file complete or none,
// never outside the output folder, and removing only files this tool wrote.
//
// The tool knows what it wrote from a manifest, Manifest in the output
// folder, listing every generated path. A path listed by the previous run
// and not generated now is stale and removed; anything else in the folder
// is the user's and is left alone. For a folder generated before the
// manifest existed (such as a published package), files in the regenerated
// folders are also taken as generated when their content shows the
// generated layout.
//
// Every access goes through an os.Root of the output folder, so no link
// leads a read, write, rename or removal outside it; a link or special file
// at a generated path is reported and never read through, and no file is
// read past the size of the largest generated file.
//
// An update is crash-consistent: see Apply.
package write

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/output"
)

// The files agentmc-gen keeps in the output folder besides the generated
// ones. Every name starts with ".agentmc-gen" and none is ever a
// generated path or removed as a stale one.
const (
	// Manifest lists the generated paths.
	Manifest = ".agentmc-gen-manifest.json"
	// Journal exists only while a run replaces files: it lists the paths
	// that run was changing, so that the next run after a crash knows them.
	Journal = ".agentmc-gen-journal.json"
	// LockFile is locked while a run writes (see Lock).
	LockFile = ".agentmc-gen.lock"
	// TempPrefix starts the name of every staged file.
	TempPrefix = ".agentmc-gen-tmp-"
)

// maxManifest bounds the manifest and journal read (a million paths).
const maxManifest = 64 << 20

// Problem is a generated or stale path that holds something agentmc-gen
// does not read through: a link, a special file, a folder, or a path under
// a link leading outside the output folder.
type Problem struct {
	Path, What string
	// Fatal problems stop generate: it cannot put a file there without
	// writing outside the output folder or removing a folder.
	Fatal bool
}

func (p Problem) String() string { return p.Path + ": " + p.What }

// Plan is what writing a set would change.
type Plan struct {
	Dir string
	Set *output.Set
	// Create, Update and Unchanged are paths of the set; Remove are stale
	// generated files on disk.
	Create, Update, Unchanged, Remove []string
	// LineEndings are the paths of Update whose only difference is CRLF
	// on disk where the generated file has LF.
	LineEndings []string
	// TooLarge are the paths of Update whose file on disk is larger than
	// any generated file, and so was not read.
	TooLarge []string
	// Problems are paths of Update and Remove that are not regular files.
	Problems []Problem
	// Leftovers are staged files and the journal of an interrupted run.
	Leftovers []string

	old             map[string]oldFile // Update paths as they are on disk, for rollback
	spec            *SpecRecord        // the spec the manifest records
	manifest        []byte             // the manifest this run writes
	oldManifest     []byte             // the manifest on disk
	manifestChanged bool
}

// Changed reports whether applying the plan would change anything.
func (p *Plan) Changed() bool {
	return len(p.Create)+len(p.Update)+len(p.Remove)+len(p.Leftovers) > 0 || p.manifestChanged
}

// Old returns the content on disk of an Update path, as far as it was read
// (nil for links, special files and files over the size limit).
func (p *Plan) Old(path string) []byte { return p.old[path].data }

type oldFile struct {
	data []byte
	mode fs.FileMode
}

// Owned is a folder (relative to the output folder) that each run
// regenerates whole. When the output folder has no manifest (it was
// written before manifests), a file in it that Recognise accepts is taken
// as generated and removed when stale; the caller gives each emitter's
// recogniser, so that this package knows no emitter.
type Owned struct {
	Dir       string
	Recognise func(path string, data []byte) bool
}

// NewPlan compares set with what is in dir. It reads only regular files at
// generated paths, no link and no file larger than the largest generated
// file, and nothing outside dir.
func NewPlan(dir string, set *output.Set, owned []Owned) (*Plan, error) {
	p := &Plan{Dir: dir, Set: set, old: map[string]oldFile{}}
	files := set.Files()
	limit := int64(0)
	for _, f := range files {
		if err := output.CheckPath(f.Path); err != nil {
			return nil, err
		}
		if isOwnFile(f.Path) {
			return nil, fmt.Errorf("refusing to generate %s: the name is agentmc-gen's own", f.Path)
		}
		limit = max(limit, int64(len(f.Data)))
	}
	// Read up to twice the largest file, so that a CRLF checkout of it is
	// still read and named as a line-ending difference; a file of limit
	// bytes differs from every generated file.
	limit = 2*limit + 1
	p.manifest = manifestFor(files, nil, nil)

	root, err := os.OpenRoot(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		for _, f := range files {
			p.Create = append(p.Create, f.Path)
		}
		p.manifestChanged = true
		return p, nil
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return nil, fmt.Errorf("output %s is a file, not a folder", dir)
		}
		return nil, err
	}
	defer root.Close()
	tree := &folder{root: root, subs: map[string]subFolder{}}
	defer tree.close()

	for _, f := range files {
		old, problem, err := readGenerated(tree, f.Path, limit)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			p.Create = append(p.Create, f.Path)
		case err != nil:
			return nil, fmt.Errorf("%s: %v", filepath.Join(dir, filepath.FromSlash(f.Path)), err)
		case problem != nil && problem.What == tooLarge:
			p.Update = append(p.Update, f.Path)
			p.TooLarge = append(p.TooLarge, f.Path)
		case problem != nil:
			p.Update = append(p.Update, f.Path)
			p.Problems = append(p.Problems, *problem)
		case bytes.Equal(old.data, f.Data):
			p.Unchanged = append(p.Unchanged, f.Path)
		default:
			p.Update = append(p.Update, f.Path)
			p.old[f.Path] = old
			if bytes.Equal(bytes.ReplaceAll(old.data, []byte("\r\n"), []byte("\n")), f.Data) {
				p.LineEndings = append(p.LineEndings, f.Path)
			}
		}
	}
	manifest, err := readOwn(root, Manifest)
	if err != nil {
		return nil, err
	}
	previous, err := parseList(dir, Manifest, manifest)
	if err != nil {
		return nil, err
	}
	journal, err := readOwn(root, Journal)
	if err != nil {
		return nil, err
	}
	interrupted, err := parseList(dir, Journal, journal)
	if err != nil {
		return nil, err
	}
	if journal != nil {
		p.Leftovers = append(p.Leftovers, Journal)
	}
	p.oldManifest = manifest

	stale := map[string]bool{}
	for _, path := range append(previous, interrupted...) {
		if set.Get(path) == nil && output.CheckPath(path) == nil && !isOwnFile(path) {
			stale[path] = true
		}
	}
	if previous == nil && journal == nil {
		for _, o := range owned {
			if o.Recognise == nil {
				continue
			}
			for _, e := range readDir(tree, o.Dir) {
				path := o.Dir + "/" + e.Name()
				if e.Type().IsRegular() && set.Get(path) == nil && !isOwnFile(path) &&
					looksGenerated(tree, path, limit, o.Recognise) {
					stale[path] = true
				}
			}
		}
	}
	for path := range stale {
		fi, err := tree.lstat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			p.Problems = append(p.Problems, Problem{path, unreachable(err), true})
		case fi.IsDir():
			p.Problems = append(p.Problems, Problem{path, "is a folder where agentmc-gen wrote a file; remove it", true})
		case !fi.Mode().IsRegular():
			p.Problems = append(p.Problems, Problem{path, describe(fi.Mode()) + ", not the file agentmc-gen wrote", false})
		}
		p.Remove = append(p.Remove, path)
	}
	sort.Strings(p.Remove)
	sort.Slice(p.Problems, func(i, j int) bool { return p.Problems[i].Path < p.Problems[j].Path })

	// Staged files of an interrupted run lie beside the files it changed
	// (earlier versions named them ".agentmc-gen-<digits>" and left them
	// behind when interrupted).
	dirs := map[string]bool{".": true}
	for _, list := range [][]string{p.Create, p.Update, p.Unchanged, p.Remove, interrupted} {
		for _, f := range list {
			dirs[path.Dir(f)] = true
		}
	}
	for d := range dirs {
		for _, e := range readDir(tree, d) {
			if name := e.Name(); strings.HasPrefix(name, ".agentmc-gen-") && name != Manifest && name != Journal && !e.IsDir() {
				p.Leftovers = append(p.Leftovers, path.Join(d, e.Name()))
			}
		}
	}
	sort.Strings(p.Leftovers)
	p.manifestChanged = !bytes.Equal(manifest, p.manifest)
	return p, nil
}

// SpecRecord is the spec of a generation, as the manifest records it when
// a changelog is kept: the next generation tells from it whether the spec
// emitter's file in the folder is still the spec that generation wrote.
type SpecRecord struct {
	SHA256  string `json:"sha256"`
	Version string `json:"version"`
}

// RecordSpec makes the manifest this plan writes record spec.
func (p *Plan) RecordSpec(spec *SpecRecord) {
	p.spec = spec
	p.manifest = manifestFor(p.Set.Files(), nil, spec)
	p.manifestChanged = !bytes.Equal(p.oldManifest, p.manifest)
}

// Previous is what an output folder holds of the last generation.
type Previous struct {
	// Files are the regular files read, by path; a path that is missing is
	// not listed.
	Files map[string][]byte
	// Spec is the manifest's spec record; nil when the manifest has none
	// (a manifest of a run without changelog, or of an older version).
	Spec *SpecRecord
	// Interrupted reports a journal: a run stopped while replacing files.
	Interrupted bool
}

// ReadPrevious reads generated paths and the manifest's spec record from
// dir, as NewPlan reads them: through an os.Root of the folder, never
// following a link, never blocking on a special file. Something other than
// a regular file at a path is an error naming it. A missing folder holds
// nothing.
func ReadPrevious(dir string, paths ...string) (*Previous, error) {
	prev := &Previous{Files: map[string][]byte{}}
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return prev, nil
	}
	if err != nil {
		return nil, err
	}
	defer root.Close()
	for _, p := range paths {
		data, _, what, err := ReadRegular(root, p, maxManifest)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err == nil && what != "":
			err = errors.New(what)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", filepath.Join(dir, filepath.FromSlash(p)), err)
		}
		prev.Files[p] = data
	}
	manifest, err := readOwn(root, Manifest)
	if err != nil {
		return nil, err
	}
	if manifest != nil {
		var m struct{ Spec *SpecRecord }
		if err := json.Unmarshal(manifest, &m); err != nil {
			return nil, fmt.Errorf("%s: not a manifest of agentmc-gen (%v); remove it to start afresh", filepath.Join(dir, Manifest), err)
		}
		prev.Spec = m.Spec
	}
	journal, err := readOwn(root, Journal)
	prev.Interrupted = journal != nil
	return prev, err
}

// Fatal returns the first problem that stops generate, or nil.
func (p *Plan) Fatal() error {
	for _, pr := range p.Problems {
		if pr.Fatal {
			return fmt.Errorf("%s: %s", filepath.Join(p.Dir, filepath.FromSlash(pr.Path)), pr.What)
		}
	}
	return nil
}

// isOwnFile reports whether path names one of agentmc-gen's own files.
func isOwnFile(p string) bool {
	return strings.HasPrefix(path.Base(p), ".agentmc-gen")
}

const tooLarge = "is larger than any generated file"

// readGenerated reads the regular file at path, or reports what else is
// there. It never follows a link at path, never blocks on a FIFO or a
// device, and never reads more than limit bytes.
func readGenerated(tree *folder, p string, limit int64) (oldFile, *Problem, error) {
	dir, err := tree.dir(path.Dir(p))
	if errors.Is(err, fs.ErrNotExist) {
		return oldFile{}, nil, err
	}
	if err != nil {
		return oldFile{}, &Problem{p, unreachable(err), true}, nil
	}
	data, mode, what, err := ReadRegular(dir, path.Base(p), limit)
	switch {
	case err != nil:
		return oldFile{}, nil, err
	case what == "":
		return oldFile{data, mode}, nil, nil
	}
	// Only a folder or a link leading outside cannot be replaced.
	fatal := strings.HasPrefix(what, "is a folder") || strings.HasPrefix(what, "lies under")
	return oldFile{}, &Problem{p, what, fatal}, nil
}

// ReadRegular reads the regular file at path inside root, with its mode.
// When something else is there, or the file has limit bytes or more, it
// returns no data and says what is there ("is a symbolic link", …). It
// never follows a link at path, never blocks on a FIFO or a device, and
// never reads more than limit bytes. A missing file is fs.ErrNotExist.
func ReadRegular(root *os.Root, path string, limit int64) ([]byte, fs.FileMode, string, error) {
	fi, err := root.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, "", err
	}
	if err != nil {
		return nil, 0, unreachable(err), nil
	}
	if fi.IsDir() {
		return nil, 0, "is a folder where a generated file belongs; remove it", nil
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, describe(fi.Mode()) + ", not a generated file; not read", nil
	}
	if fi.Size() >= limit {
		return nil, 0, tooLarge, nil
	}
	f, err := root.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, 0, unreachable(err), nil
	}
	defer f.Close()
	// The file may have been swapped since Lstat: read it only if it is
	// still the same regular file.
	if ofi, err := f.Stat(); err != nil || !ofi.Mode().IsRegular() || !os.SameFile(fi, ofi) {
		return nil, 0, "changed while being read; not read", nil
	}
	// Sized as Lstat saw it, plus one byte to see growth.
	data := make([]byte, 0, min(fi.Size(), limit)+1)
	for int64(len(data)) < limit {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, "", err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
	if int64(len(data)) >= limit {
		return nil, 0, tooLarge, nil
	}
	return data, fi.Mode().Perm(), "", nil
}

func describe(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "is a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "is a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "is a socket"
	case m&fs.ModeDevice != 0:
		return "is a device"
	}
	return "is not a regular file"
}

func unreachable(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if strings.Contains(err.Error(), "escapes") {
		return "lies under a link leading outside the output folder; refusing to follow it"
	}
	return "cannot be reached inside the output folder: " + err.Error()
}

// readOwn reads one of agentmc-gen's own files, or returns nil when it
// does not exist. A link or special file there is an error.
func readOwn(root *os.Root, name string) ([]byte, error) {
	data, _, what, err := ReadRegular(root, name, maxManifest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err == nil && what != "" {
		err = errors.New(strings.TrimSuffix(strings.TrimSuffix(what, "; not read"), ", not a generated file") + "; remove it")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(root.Name(), name), err)
	}
	return data, nil
}

// parseList reads the file list of a manifest or journal.
func parseList(dir, name string, data []byte) ([]string, error) {
	if data == nil {
		return nil, nil
	}
	var m struct{ Files []string }
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: not a %s of agentmc-gen (%v); remove it to start afresh",
			filepath.Join(dir, name), strings.TrimSuffix(strings.TrimPrefix(name, ".agentmc-gen-"), ".json"), err)
	}
	if m.Files == nil {
		m.Files = []string{}
	}
	return m.Files, nil
}

// manifestFor is the manifest listing files and extra paths, with the
// spec record when there is one (the key is left out otherwise, so that a
// folder without changelog keeps the manifest of earlier versions).
func manifestFor(files []*output.File, extra []string, spec *SpecRecord) []byte {
	paths := make([]string, 0, len(files)+len(extra))
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	paths = append(paths, extra...)
	sort.Strings(paths)
	return listJSON(paths, spec)
}

func listJSON(paths []string, spec *SpecRecord) []byte {
	data, _ := json.MarshalIndent(struct {
		Generator string      `json:"generator"`
		Spec      *SpecRecord `json:"spec,omitempty"`
		Files     []string    `json:"files"`
	}{"agentmc-gen", spec, paths}, "", "  ")
	return append(data, '\n')
}

// readDir lists a folder inside root; a missing folder, or one behind a
// link leading outside, lists nothing.
func readDir(tree *folder, dir string) []fs.DirEntry {
	sub, err := tree.dir(dir)
	if err != nil {
		return nil
	}
	f, err := sub.Open(".")
	if err != nil {
		return nil
	}
	defer f.Close()
	entries, _ := f.ReadDir(-1)
	return entries
}

// looksGenerated reports whether a file without a manifest entry is a
// regular file that the owning emitter recognises as one of its own.
func looksGenerated(tree *folder, p string, limit int64, recognise func(string, []byte) bool) bool {
	f, problem, err := readGenerated(tree, p, limit)
	if err != nil || problem != nil {
		return false
	}
	return recognise(p, f.data)
}

// tempName is the staged name of path: beside it, recognisable by
// TempPrefix, and short whatever path's length.
func tempName(p string) string {
	sum := sha256.Sum256([]byte(p))
	return path.Join(path.Dir(p), TempPrefix+hex.EncodeToString(sum[:8]))
}

// folder is the output folder's root with its subfolders opened once each:
// reading a file is then one Lstat and one open of a single name.
type folder struct {
	root *os.Root
	subs map[string]subFolder
}

type subFolder struct {
	root *os.Root
	err  error
}

// dir opens a subfolder (slash path) inside the root; a link leading
// outside is an error.
func (t *folder) dir(d string) (*os.Root, error) {
	if d == "." {
		return t.root, nil
	}
	s, ok := t.subs[d]
	if !ok {
		s.root, s.err = t.root.OpenRoot(d)
		t.subs[d] = s
	}
	return s.root, s.err
}

func (t *folder) lstat(p string) (fs.FileInfo, error) {
	dir, err := t.dir(path.Dir(p))
	if err != nil {
		return nil, err
	}
	return dir.Lstat(path.Base(p))
}

func (t *folder) close() {
	for _, s := range t.subs {
		if s.root != nil {
			s.root.Close()
		}
	}
}

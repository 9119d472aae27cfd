// Package output collects the files of one generator run in memory, so that
// nothing reaches the disk unless the whole run succeeded.
package output

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// File is one generated file.
type File struct {
	// Path is relative to the output folder, with forward slashes.
	Path string
	Data []byte
	// Executable marks scripts (written with mode 0755).
	Executable bool
}

// Set is the files of one run, by path.
type Set struct {
	files map[string]*File
}

// NewSet returns an empty set.
func NewSet() *Set { return &Set{files: make(map[string]*File)} }

// Add adds a file. The path must be relative and stay inside the output
// folder; adding the same path twice is an error.
func (s *Set) Add(p string, data []byte) (*File, error) {
	if err := CheckPath(p); err != nil {
		return nil, err
	}
	if _, dup := s.files[p]; dup {
		return nil, fmt.Errorf("two generated files share the path %s", p)
	}
	f := &File{Path: p, Data: data}
	s.files[p] = f
	return f, nil
}

// CheckPath reports whether p is a clean relative path inside the output folder.
func CheckPath(p string) error {
	if p == "" || path.IsAbs(p) || strings.Contains(p, "\\") || path.Clean(p) != p || p == "." ||
		p == ".." || strings.HasPrefix(p, "../") {
		return fmt.Errorf("refusing to write %q: generated paths must stay inside the output folder", p)
	}
	return nil
}

// Get returns the file at p, or nil.
func (s *Set) Get(p string) *File { return s.files[p] }

// Len returns the number of files.
func (s *Set) Len() int { return len(s.files) }

// Files returns the files sorted by path.
func (s *Set) Files() []*File {
	out := make([]*File, 0, len(s.files))
	for _, f := range s.files {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

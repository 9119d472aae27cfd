// Package changelog keeps a changelog of the API in the output folder: a
// section per spec version (info.version), newest first, listing the API
// changes since the previous generation in specdiff's markdown format.
//
// The previous spec is the spec emitter's file in the output folder (the
// normalised spec the last generation wrote), so the changelog needs that
// emitter. The manifest records the hash and version of the spec each
// generation wrote; a file whose hash differs from the record was changed
// by something else, and is refused rather than compared.
//
// The changelog is a function of the new spec and of what the folder
// holds: a run with an unchanged spec keeps it byte for byte, so that a
// run with nothing to change writes nothing.
package changelog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/emit/spec"
	"github.com/agentmc/agentmc-gen/internal/output"
	"github.com/agentmc/agentmc-gen/internal/render"
	"github.com/agentmc/agentmc-gen/internal/specdiff"
	"github.com/agentmc/agentmc-gen/internal/write"
)

// Header starts a new changelog.
const Header = "# Changelog\n\nThe API changes of each spec version (`info.version`), newest first. Written by `agentmc-gen generate`.\n"

// firstSection is the body of the section of a version with no earlier
// spec to compare with.
const firstSection = "\nNo earlier version to compare with.\n"

const noChanges = "\nNo API changes.\n"

// Add puts the changelog of cfg.Changelog into set, computed from the
// spec set holds and what cfg.Out holds of the last generation, and
// returns the spec record for the manifest; nil, nil when the changelog is
// off. again replaces the changelog an earlier Add put into set (generate
// computes it a second time under the folder's lock).
func Add(cfg *config.Config, set *output.Set, again bool) (*write.SpecRecord, error) {
	if cfg.Changelog == "" {
		return nil, nil
	}
	if err := output.CheckPath(cfg.Changelog); err != nil {
		return nil, fmt.Errorf("config: changelog: %v", err)
	}
	if !again && set.Get(cfg.Changelog) != nil {
		return nil, fmt.Errorf("config: changelog: %s is a generated file; choose another path", cfg.Changelog)
	}
	newSpec := set.Get(spec.Path)
	if newSpec == nil {
		return nil, fmt.Errorf("config: changelog: needs the spec emitter (add spec to emit): the changelog compares the spec with %s, the copy the last generation wrote", spec.Path)
	}
	prev, err := write.ReadPrevious(cfg.Out, spec.Path, cfg.Changelog)
	if err != nil {
		return nil, err
	}
	oldSpec, hadSpec := prev.Files[spec.Path]
	if hadSpec && prev.Spec != nil && !prev.Interrupted && hash(oldSpec) != prev.Spec.SHA256 {
		return nil, fmt.Errorf("%s: not the spec the last generation wrote (the manifest records another sha256); "+
			"restore it (git checkout) so that the changelog compares with it", filepath.Join(cfg.Out, filepath.FromSlash(spec.Path)))
	}
	if !hadSpec {
		oldSpec = nil
	}
	data, err := Update(prev.Files[cfg.Changelog], oldSpec, newSpec.Data, filepath.Join(cfg.Out, filepath.FromSlash(spec.Path)))
	if err != nil {
		return nil, err
	}
	if f := set.Get(cfg.Changelog); f != nil {
		f.Data = data
	} else if _, err := set.Add(cfg.Changelog, data); err != nil {
		return nil, fmt.Errorf("config: changelog: %v", err)
	}
	return &write.SpecRecord{SHA256: hash(newSpec.Data), Version: version(newSpec.Data)}, nil
}

// Update returns the changelog after a generation of newSpec, given the
// changelog and the spec of the previous one (nil when there is none).
// oldName names the old spec in errors.
//
//   - The spec unchanged: the changelog as it is.
//   - A new version: a section for it at the top, listing the changes.
//   - The version of the top section, changed again: the new changes go
//     at the top of that section.
func Update(log, oldSpec, newSpec []byte, oldName string) ([]byte, error) {
	if bytes.Equal(oldSpec, newSpec) && log != nil {
		return log, nil
	}
	if log == nil {
		log = []byte(Header)
	}
	doc := string(log)
	newVersion := version(newSpec)
	heading, body := "## "+render.Code(newVersion)+"\n", firstSection
	if oldSpec != nil && !bytes.Equal(oldSpec, newSpec) {
		r, err := specdiff.Compare(specdiff.Spec{Name: oldName, Data: oldSpec}, specdiff.Spec{Name: "the spec", Data: newSpec}, specdiff.Options{})
		if err != nil {
			return nil, err
		}
		heading, body = r.MarkdownHeading(), r.MarkdownChanges()
	}

	// The top section, when it is the new version's, gets the changes.
	top := strings.Index(doc, "\n## ")
	if top >= 0 {
		name := "## " + render.Code(newVersion)
		rest := doc[top+1:]
		if strings.HasPrefix(rest, name+" ") || strings.HasPrefix(rest, name+"\n") {
			if body == noChanges || body == firstSection {
				return log, nil
			}
			end := top + 1 + strings.Index(rest, "\n") + 1
			next := strings.Index(doc[end:], "\n## ")
			if next < 0 {
				next = len(doc) - end
			}
			if old := doc[end : end+next]; old == noChanges || old == firstSection {
				doc = doc[:end] + doc[end+next:] // nothing worth keeping
			}
			return []byte(doc[:end] + body + doc[end:]), nil
		}
		return []byte(doc[:top] + "\n" + heading + body + doc[top:]), nil
	}
	return []byte(strings.TrimRight(doc, "\n") + "\n\n" + heading + body), nil
}

func hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// version is the spec's info.version ("" when it has none).
func version(specJSON []byte) string {
	var doc struct {
		Info struct {
			Version json.RawMessage `json:"version"`
		} `json:"info"`
	}
	if json.Unmarshal(specJSON, &doc) != nil || doc.Info.Version == nil {
		return ""
	}
	var s string
	if json.Unmarshal(doc.Info.Version, &s) == nil {
		return s
	}
	return string(doc.Info.Version)
}

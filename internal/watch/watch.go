// Package watch polls, by content, the files one generation reads: the
// spec, the templates folder and extra files such as the configuration
// file. The servers that follow the spec while it is edited (serve, mock)
// share it.
package watch

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/load"
)

// DefaultInterval is how often the watched files are read.
const DefaultInterval = 100 * time.Millisecond

// Inputs are the watched inputs. Poll is not safe for concurrent use.
type Inputs struct {
	// Config names the spec and the templates folder.
	Config *config.Config
	// Resolve, when set, is called at every poll to read the configuration
	// again (such as agentmc-gen.yaml and the flags): its result replaces
	// Config, so that editing the configuration file counts as a change.
	Resolve func() (*config.Config, error)
	// Watch lists more files read as part of the fingerprint only.
	Watch []string

	// specFiles are the other files of a split spec, as the last Generate
	// read them (a missing file a reference names included).
	specFiles []string
	print     [sha256.Size]byte
	polled    bool
}

// State is what one Poll read.
type State struct {
	// Config is the configuration in force: Resolve's result, or Config
	// when Resolve is unset or failed.
	Config *config.Config
	// ConfigErr is Resolve's error.
	ConfigErr error
}

// Poll reads the inputs and reports whether they changed since the last
// Poll (the first Poll always reports a change).
func (in *Inputs) Poll() (State, bool) {
	st := State{Config: in.Config}
	if in.Resolve != nil {
		if c, err := in.Resolve(); err != nil {
			st.ConfigErr = err
		} else {
			st.Config = c
		}
	}
	print := in.fingerprint(st.Config, st.ConfigErr)
	if in.polled && print == in.print {
		return st, false
	}
	in.polled, in.print = true, print
	return st, true
}

// fingerprint hashes the spec with every watched file. A file
// that cannot be read hashes as its error, so that fixing it counts as a
// change.
func (in *Inputs) fingerprint(cfg *config.Config, cfgErr error) [sha256.Size]byte {
	h := sha256.New()
	// The settings themselves: maps print sorted, so equal settings hash
	// alike.
	fmt.Fprintf(h, "config %+v %v\n", *cfg, cfgErr)
	spec, err := os.ReadFile(cfg.Spec)
	if err != nil {
		fmt.Fprintf(h, "spec error %v\n", err)
	}
	fmt.Fprintf(h, "spec %d\n", len(spec))
	h.Write(spec)
	var watched []string
	if dir := cfg.TemplatesDir; dir != "" {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				watched = append(watched, p)
			}
			return nil
		})
		sort.Strings(watched)
	}
	watched = append(watched, in.specFiles...)
	watched = append(watched, in.Watch...)
	for _, p := range watched {
		data, err := os.ReadFile(p)
		fmt.Fprintf(h, "file %s %d %v\n", p, len(data), err)
		h.Write(data)
	}
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// Generate reads the spec, with every file a split spec refers to, and
// generates from it; the next Poll watches each of those files.
func (in *Inputs) Generate(cfg *config.Config) (*generator.Result, error) {
	res, err := generator.GenerateFile(cfg)
	var files []string
	var lerr *load.Error
	switch {
	case err == nil:
		files = res.SpecFiles
	case errors.As(err, &lerr):
		files = lerr.Files
	}
	if len(files) > 0 {
		in.specFiles = files[1:] // the first is cfg.Spec, always read
	}
	return res, err
}

// Every calls poll every interval (DefaultInterval when not positive)
// until ctx is done.
func Every(ctx context.Context, interval time.Duration, poll func()) {
	if interval <= 0 {
		interval = DefaultInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			poll()
		}
	}
}

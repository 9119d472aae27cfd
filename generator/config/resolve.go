package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Flags are the command-line settings of generate, check, lint and serve.
// An empty field is a flag not given.
type Flags struct {
	// Config is the configuration file; "" reads FileName from the
	// current folder when there is one.
	Config                             string
	Spec, Out, Preset, Templates, Emit string
	GoOut, GoPackage                   string
}

// Define registers the flags on fs. emitters are the known emitter names,
// for the help text.
func (f *Flags) Define(fs *flag.FlagSet, emitters []string) {
	fs.StringVar(&f.Config, "config", "", "configuration `file` (default: "+FileName+" in the current folder, if present)")
	fs.StringVar(&f.Spec, "spec", "", "the OpenAPI spec `file` (JSON or YAML)")
	fs.StringVar(&f.Out, "out", "", "the output `folder`")
	fs.StringVar(&f.Preset, "preset", "", "the layout: "+strings.Join(PresetNames(), ", ")+" (default: "+DefaultPreset+", every setting from the spec)")
	fs.StringVar(&f.Templates, "templates", "", "`folder` of templates overriding the embedded ones")
	fs.StringVar(&f.Emit, "emit", "", "comma-separated `emitters` to run: "+strings.Join(emitters, ", "))
	fs.StringVar(&f.GoOut, "go-out", "", "`folder` of the Go client package, relative to the output folder (default go/<package>)")
	fs.StringVar(&f.GoPackage, "go-package", "", "`name` of the Go client package (default: from the spec's title)")
}

// Resolve builds the settings of a run: the preset, then the configuration
// file (its paths relative to its folder), then the flags. emitters are the
// known emitter names. The settings left empty come from the spec later
// (FillFromSpec), and so does the Go client's import path, which depends
// on the package name.
func Resolve(fl Flags, emitters []string) (*Config, error) {
	var file *File
	path := fl.Config
	if path == "" {
		if _, err := os.Stat(FileName); err == nil {
			path = FileName
		}
	}
	if path != "" {
		f, err := ReadFile(path)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("%s: no such configuration file", path)
			}
			return nil, err
		}
		if err := checkEmitters(f.Emit, emitters); err != nil {
			return nil, fmt.Errorf("%s: emit: %v", path, err)
		}
		file = f
	}
	preset := DefaultPreset
	if file != nil && file.Preset != nil {
		preset = *file.Preset
	}
	if fl.Preset != "" {
		preset = fl.Preset
	}
	cfg, err := Preset(preset)
	if err != nil {
		return nil, fmt.Errorf("-preset: %v", err)
	}
	if file != nil {
		file.Apply(cfg)
		base := filepath.Dir(file.Path)
		for _, p := range []*string{&cfg.Spec, &cfg.Out, &cfg.TemplatesDir} {
			if *p != "" && !filepath.IsAbs(*p) {
				*p = filepath.Join(base, *p)
			}
		}
	}
	for _, f := range []struct {
		value string
		field *string
	}{{fl.Spec, &cfg.Spec}, {fl.Out, &cfg.Out}, {fl.Templates, &cfg.TemplatesDir}, {fl.GoOut, &cfg.GoOut}, {fl.GoPackage, &cfg.GoPackage}} {
		if f.value != "" {
			*f.field = f.value
		}
	}
	if fl.Emit != "" {
		cfg.Emit = strings.Split(fl.Emit, ",")
		if err := checkEmitters(cfg.Emit, emitters); err != nil {
			return nil, fmt.Errorf("-emit: %v", err)
		}
	}
	if cfg.Spec == "" {
		return nil, errors.New("no spec: pass -spec FILE or set spec in " + FileName)
	}
	if cfg.Out == "" {
		return nil, errors.New("no output folder: pass -out DIR or set out in " + FileName)
	}
	if fi, err := os.Stat(cfg.Out); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("-out %s: is a file, not a folder", cfg.Out)
	}
	return cfg, nil
}

func checkEmitters(names, known []string) error {
	for _, n := range names {
		if !slices.Contains(known, n) {
			return fmt.Errorf("unknown emitter %q (known: %s)", n, strings.Join(known, ", "))
		}
	}
	return nil
}

// GoClient returns the Go client's package name, its folder relative to
// the output folder and its import path, with their defaults.
func (c *Config) GoClient() (pkg, dir, importPath string) {
	pkg = c.GoPackage
	if pkg == "" {
		pkg = "api" // FillFromSpec names it from the spec's title
	}
	dir = c.GoOut
	if dir == "" {
		dir = "go/" + pkg
	}
	importPath = c.GoImport
	if importPath == "" {
		importPath = pkg
	}
	return pkg, dir, importPath
}

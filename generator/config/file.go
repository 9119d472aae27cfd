package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/ecma"
	"github.com/agentmc/agentmc-gen/internal/load"
	"github.com/agentmc/agentmc-gen/internal/normalize"
)

// FileName is the configuration file read from the current folder.
const FileName = "agentmc-gen.yaml"

// File mirrors the configuration file, one field per key (see README.md).
// A nil field is a key the file does not set; Apply copies the others.
// A new key is a field with a yaml tag here and a line in Apply.
type File struct {
	// Path is where the file was read from; relative paths in it are
	// relative to its folder.
	Path string `yaml:"-"`

	Spec                 *string               `yaml:"spec"`
	Out                  *string               `yaml:"out"`
	Preset               *string               `yaml:"preset"`
	Emit                 []string              `yaml:"emit"`
	Templates            *string               `yaml:"templates"`
	Exclude              []string              `yaml:"exclude"`
	Replacements         []Replacement         `yaml:"replacements"`
	DefaultErrorResponse *string               `yaml:"defaultErrorResponse"`
	FileNameClashes      *string               `yaml:"fileNameClashes"`
	OperationIDs         map[string]string     `yaml:"operationIds"`
	Security             map[string][][]string `yaml:"security"`
	BaseURL              *string               `yaml:"baseURL"`
	Host                 *string               `yaml:"host"`
	EnvPrefix            *string               `yaml:"envPrefix"`
	Strict               *bool                 `yaml:"strict"`
	Changelog            *string               `yaml:"changelog"`
	Docs                 *DocsFile             `yaml:"docs"`
	SDK                  *SDKFile              `yaml:"sdk"`
	Curl                 *CurlFile             `yaml:"curl"`
	Go                   *GoFile               `yaml:"go"`
}

// Replacement is one item of replacements:.
type Replacement struct {
	Pattern string `yaml:"pattern"`
	Replace string `yaml:"replace"`
}

// DocsFile is the docs: section.
type DocsFile struct {
	Title    *string `yaml:"title"`
	SpecPath *string `yaml:"specPath"`
}

// SDKFile is the sdk: section.
type SDKFile struct {
	Package *string   `yaml:"package"`
	Client  *string   `yaml:"client"`
	Auth    []SDKAuth `yaml:"auth"`
}

// CurlFile is the curl: section.
type CurlFile struct {
	OnPages    *bool             `yaml:"onPages"`
	BaseURLEnv *string           `yaml:"baseURLEnv"`
	APIKeyEnv  *string           `yaml:"apiKeyEnv"`
	BearerEnv  *string           `yaml:"bearerEnv"`
	SchemeEnv  map[string]string `yaml:"schemeEnv"`
}

// GoFile is the go: section; emit: turns the Go client on.
type GoFile struct {
	Package *string `yaml:"package"`
	Out     *string `yaml:"out"`
	Import  *string `yaml:"import"`
	// Examples false leaves out the example programs.
	Examples *bool `yaml:"examples"`
}

// ReadFile reads and checks a configuration file.
func ReadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseFile(path, data)
}

// ParseFile checks a configuration file's content. Unknown keys and values
// of the wrong type are one-line errors naming the key.
func ParseFile(path string, data []byte) (*File, error) {
	v, err := load.ParseYAML(data)
	if err != nil {
		return nil, yamlError(path, err)
	}
	f := &File{Path: path}
	if v == nil {
		return f, nil
	}
	if _, ok := v.(*ecma.Object); !ok {
		return nil, fmt.Errorf("%s: the configuration must be a mapping of settings", path)
	}
	if err := decode("", v, reflect.ValueOf(f).Elem()); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return f, nil
}

// yamlError says what is wrong with a configuration file that is not YAML,
// in one line starting file:line:column.
func yamlError(path string, err error) error {
	var ye *load.YAMLError
	if errors.As(err, &ye) && ye.Line > 0 {
		return fmt.Errorf("%s:%d:%d: not valid YAML: %s", path, ye.Line, ye.Column, ye.Msg)
	}
	return fmt.Errorf("%s: %v", path, err)
}

// check validates the values whose type alone does not make them right.
// Emitter names are checked by Resolve, which is given the registry's.
func (f *File) check() error {
	if f.Preset != nil {
		if _, ok := Presets[*f.Preset]; !ok {
			return fmt.Errorf("preset: unknown preset %q (known: %s)", *f.Preset, strings.Join(PresetNames(), ", "))
		}
	}
	if f.FileNameClashes != nil && *f.FileNameClashes != "error" && *f.FileNameClashes != "suffix" {
		return fmt.Errorf("fileNameClashes: want error or suffix, found %q", *f.FileNameClashes)
	}
	for i, r := range f.Replacements {
		if _, err := ecma.CompileRegExp(r.Pattern); err != nil {
			return fmt.Errorf("replacements[%d].pattern: %v", i, err)
		}
	}
	return nil
}

// Apply sets every setting the file names on cfg.
func (f *File) Apply(cfg *Config) {
	set(&cfg.Spec, f.Spec)
	set(&cfg.Out, f.Out)
	if f.Emit != nil {
		cfg.Emit = f.Emit
	}
	set(&cfg.TemplatesDir, f.Templates)
	if f.Exclude != nil {
		cfg.Exclude = f.Exclude
	}
	if f.Replacements != nil {
		cfg.Replacements = make([]normalize.Replacement, len(f.Replacements))
		for i, r := range f.Replacements {
			cfg.Replacements[i] = normalize.Replacement{Pattern: r.Pattern, Replace: r.Replace}
		}
	}
	set(&cfg.DefaultErrorResponse, f.DefaultErrorResponse)
	if f.FileNameClashes != nil {
		cfg.SuffixFileNameClashes = *f.FileNameClashes == "suffix"
	}
	if f.OperationIDs != nil {
		cfg.OperationIDs = f.OperationIDs
	}
	if f.Security != nil {
		cfg.Security = f.Security
	}
	set(&cfg.BaseURL, f.BaseURL)
	set(&cfg.Host, f.Host)
	set(&cfg.EnvPrefix, f.EnvPrefix)
	set(&cfg.Strict, f.Strict)
	set(&cfg.Changelog, f.Changelog)
	if d := f.Docs; d != nil {
		set(&cfg.DocsTitle, d.Title)
		set(&cfg.SpecPath, d.SpecPath)
	}
	if s := f.SDK; s != nil {
		set(&cfg.SDKPackage, s.Package)
		set(&cfg.SDKClient, s.Client)
		if s.Auth != nil {
			cfg.SDKAuth = s.Auth
		}
	}
	if c := f.Curl; c != nil {
		set(&cfg.CurlOnPages, c.OnPages)
		set(&cfg.BaseURLEnv, c.BaseURLEnv)
		set(&cfg.APIKeyEnv, c.APIKeyEnv)
		set(&cfg.BearerEnv, c.BearerEnv)
		if c.SchemeEnv != nil {
			cfg.SchemeEnv = c.SchemeEnv
		}
	}
	if g := f.Go; g != nil {
		set(&cfg.GoPackage, g.Package)
		set(&cfg.GoOut, g.Out)
		set(&cfg.GoImport, g.Import)
		if g.Examples != nil {
			cfg.NoGoExamples = !*g.Examples
		}
	}
}

func set[T any](field *T, v *T) {
	if v != nil {
		*field = *v
	}
}

// decode stores the YAML value v, found at key, into dst, following the
// yaml tags of structs. Pointers, slices and maps it creates are non-nil,
// so that an empty list in the file still overrides the preset.
func decode(key string, v ecma.Value, dst reflect.Value) error {
	switch dst.Kind() {
	case reflect.Pointer:
		p := reflect.New(dst.Type().Elem())
		if err := decode(key, v, p.Elem()); err != nil {
			return err
		}
		dst.Set(p)
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: want a string, found %s", key, ecma.MarshalString(v, false))
		}
		dst.SetString(s)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("%s: want true or false, found %s", key, ecma.MarshalString(v, false))
		}
		dst.SetBool(b)
	case reflect.Slice:
		list, ok := v.([]ecma.Value)
		if !ok {
			return fmt.Errorf("%s: want a list of %s, found %s", key, describe(dst.Type().Elem()), ecma.MarshalString(v, false))
		}
		s := reflect.MakeSlice(dst.Type(), len(list), len(list))
		for i, item := range list {
			if err := decode(fmt.Sprintf("%s[%d]", key, i), item, s.Index(i)); err != nil {
				return err
			}
		}
		dst.Set(s)
	case reflect.Map:
		o, ok := v.(*ecma.Object)
		if !ok {
			return fmt.Errorf("%s: want a mapping of %s, found %s", key, describe(dst.Type().Elem()), ecma.MarshalString(v, false))
		}
		m := reflect.MakeMapWithSize(dst.Type(), o.Len())
		for i := range o.Len() {
			k, item := o.At(i)
			elem := reflect.New(dst.Type().Elem()).Elem()
			if err := decode(key+"."+k, item, elem); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k), elem)
		}
		dst.Set(m)
	case reflect.Struct:
		o, ok := v.(*ecma.Object)
		if !ok {
			return fmt.Errorf("%s: want a mapping {%s}, found %s", key, strings.Join(keys(dst.Type()), ", "), ecma.MarshalString(v, false))
		}
		for i := range o.Len() {
			k, item := o.At(i)
			name := k
			if key != "" {
				name = key + "." + k
			}
			field, ok := fieldByKey(dst, k)
			if !ok {
				return fmt.Errorf("unknown key %q (known: %s)", name, strings.Join(slices.Sorted(slices.Values(keys(dst.Type()))), ", "))
			}
			if err := decode(name, item, field); err != nil {
				return err
			}
		}
	default:
		panic("config: no decoding for " + dst.Type().String())
	}
	return nil
}

// keys lists the yaml keys of a struct type, in field order.
func keys(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if k := t.Field(i).Tag.Get("yaml"); k != "" && k != "-" {
			names = append(names, k)
		}
	}
	return names
}

func fieldByKey(v reflect.Value, key string) (reflect.Value, bool) {
	for i := range v.NumField() {
		if k := v.Type().Field(i).Tag.Get("yaml"); k == key && k != "-" {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// describe names a type as the error messages do: "strings",
// "lists of strings", "{scheme, option, env}".
func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return describe(t.Elem())
	case reflect.String:
		return "strings"
	case reflect.Bool:
		return "booleans"
	case reflect.Slice:
		return "lists of " + describe(t.Elem())
	case reflect.Struct:
		return "{" + strings.Join(keys(t), ", ") + "}"
	}
	return t.String()
}

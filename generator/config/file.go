package config

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/agentmc/agentmc-gen/generator/jsontext"
	"github.com/agentmc/agentmc-gen/generator/load"
	"github.com/agentmc/agentmc-gen/generator/normalize"
)

// FileName is the configuration file read from the current folder.
const FileName = "agentmc-gen.yaml"

// File is a parsed configuration file: each setting it names, applied over
// a preset by Apply. See README.md for the keys.
type File struct {
	Path   string
	Preset string
	set    []func(*Config)
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
// of the wrong type are errors naming the key.
func ParseFile(path string, data []byte) (*File, error) {
	v, err := load.ParseYAML(data)
	if err != nil {
		return nil, yamlError(path, err)
	}
	f := &File{Path: path}
	if v == nil {
		return f, nil
	}
	root, ok := v.(*jsontext.Object)
	if !ok {
		return nil, fmt.Errorf("%s: the configuration must be a mapping of settings", path)
	}
	d := decoder{file: f}
	d.object(root, "", fileKeys)
	if d.err != nil {
		return nil, fmt.Errorf("%s: %v", path, d.err)
	}
	return f, nil
}

// yamlPosition matches the YAML library's error text: "go-yaml load error
// in parser (while parsing a flow sequence) at L2.C6-L3.C1: did not find …".
var yamlPosition = regexp.MustCompile(`^(?:go-)?yaml[^:]*?(?: \(([^)]*)\))? at L(\d+)\.C(\d+)(?:-L\d+\.C\d+)?: (.*)$`)

// yamlError says what is wrong with a configuration file that is not YAML,
// in one line starting file:line:column.
func yamlError(path string, err error) error {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	if m := yamlPosition.FindStringSubmatch(msg); m != nil {
		text := m[4]
		if m[1] != "" {
			text += " (" + m[1] + ")"
		}
		return fmt.Errorf("%s:%s:%s: not valid YAML: %s", path, m[2], m[3], text)
	}
	if m := regexp.MustCompile(`^yaml: line (\d+): (.*)$`).FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s: not valid YAML: %s", path, m[1], m[2])
	}
	return fmt.Errorf("%s: not valid YAML: %s", path, strings.TrimPrefix(msg, "yaml: "))
}

// Apply sets every setting the file names on cfg.
func (f *File) Apply(cfg *Config) {
	for _, set := range f.set {
		set(cfg)
	}
}

type decoder struct {
	file *File
	err  error
}

type keyFunc func(d *decoder, key string, v jsontext.Value)

var fileKeys map[string]keyFunc

func init() {
	str := func(field func(*Config) *string) keyFunc {
		return func(d *decoder, key string, v jsontext.Value) {
			if s, ok := d.str(key, v); ok {
				d.file.set = append(d.file.set, func(c *Config) { *field(c) = s })
			}
		}
	}
	strs := func(field func(*Config) *[]string) keyFunc {
		return func(d *decoder, key string, v jsontext.Value) {
			if s, ok := d.strs(key, v); ok {
				d.file.set = append(d.file.set, func(c *Config) { *field(c) = s })
			}
		}
	}
	fileKeys = map[string]keyFunc{
		"spec": str(func(c *Config) *string { return &c.Spec }),
		"out":  str(func(c *Config) *string { return &c.Out }),
		"preset": func(d *decoder, key string, v jsontext.Value) {
			if s, ok := d.str(key, v); ok {
				if _, known := Presets[s]; !known {
					d.fail("%s: unknown preset %q (known: %s)", key, s, strings.Join(PresetNames(), ", "))
					return
				}
				d.file.Preset = s
			}
		},
		"emit": func(d *decoder, key string, v jsontext.Value) {
			names, ok := d.strs(key, v)
			if !ok {
				return
			}
			for _, n := range names {
				if !contains(Emitters, n) {
					d.fail("%s: unknown emitter %q (known: %s)", key, n, strings.Join(Emitters, ", "))
					return
				}
			}
			d.file.set = append(d.file.set, func(c *Config) { c.Emit = names })
		},
		"changelog":            str(func(c *Config) *string { return &c.Changelog }),
		"exclude":              strs(func(c *Config) *[]string { return &c.Exclude }),
		"templates":            str(func(c *Config) *string { return &c.TemplatesDir }),
		"baseURL":              str(func(c *Config) *string { return &c.BaseURL }),
		"host":                 str(func(c *Config) *string { return &c.Host }),
		"envPrefix":            str(func(c *Config) *string { return &c.EnvPrefix }),
		"defaultErrorResponse": str(func(c *Config) *string { return &c.DefaultErrorResponse }),
		"fileNameClashes": func(d *decoder, key string, v jsontext.Value) {
			s, ok := d.str(key, v)
			if !ok {
				return
			}
			if s != "error" && s != "suffix" {
				d.fail("%s: want error or suffix, found %q", key, s)
				return
			}
			d.file.set = append(d.file.set, func(c *Config) { c.SuffixFileNameClashes = s == "suffix" })
		},
		"strict": func(d *decoder, key string, v jsontext.Value) {
			b, ok := v.(bool)
			if !ok {
				d.fail("%s: want true or false", key)
				return
			}
			d.file.set = append(d.file.set, func(c *Config) { c.Strict = b })
		},
		"replacements": func(d *decoder, key string, v jsontext.Value) {
			list, ok := v.([]jsontext.Value)
			if !ok {
				d.fail("%s: want a list of {pattern, replace}", key)
				return
			}
			var rs []normalize.Replacement
			for i, item := range list {
				o, ok := item.(*jsontext.Object)
				at := fmt.Sprintf("%s[%d]", key, i)
				if !ok {
					d.fail("%s: want {pattern, replace}", at)
					return
				}
				var r normalize.Replacement
				d.object(o, at, map[string]keyFunc{
					"pattern": func(d *decoder, k string, v jsontext.Value) { r.Pattern, _ = d.str(k, v) },
					"replace": func(d *decoder, k string, v jsontext.Value) { r.Replace, _ = d.str(k, v) },
				})
				if _, err := normalize.CompileJS(r.Pattern); d.err == nil && err != nil {
					d.fail("%s.pattern: %v", at, err)
				}
				rs = append(rs, r)
			}
			d.file.set = append(d.file.set, func(c *Config) { c.Replacements = rs })
		},
		"operationIds": func(d *decoder, key string, v jsontext.Value) {
			m := map[string]string{}
			d.each(key, v, func(k string, v jsontext.Value) {
				if s, ok := d.str(key+"."+k, v); ok {
					m[k] = s
				}
			})
			d.file.set = append(d.file.set, func(c *Config) { c.OperationIDs = m })
		},
		"security": func(d *decoder, key string, v jsontext.Value) {
			m := map[string][][]string{}
			d.each(key, v, func(k string, v jsontext.Value) {
				list, ok := v.([]jsontext.Value)
				if !ok {
					d.fail("%s.%s: want a list of requirements, each a list of scheme names", key, k)
					return
				}
				reqs := [][]string{}
				for _, r := range list {
					names, ok := d.strs(key+"."+k, r)
					if !ok {
						return
					}
					reqs = append(reqs, names)
				}
				m[k] = reqs
			})
			d.file.set = append(d.file.set, func(c *Config) { c.Security = m })
		},
		"docs": func(d *decoder, key string, v jsontext.Value) {
			d.nested(key, v, map[string]keyFunc{
				"title":    str(func(c *Config) *string { return &c.DocsTitle }),
				"specPath": str(func(c *Config) *string { return &c.SpecPath }),
			})
		},
		"sdk": func(d *decoder, key string, v jsontext.Value) {
			d.nested(key, v, map[string]keyFunc{
				"package": str(func(c *Config) *string { return &c.SDKPackage }),
				"client":  str(func(c *Config) *string { return &c.SDKClient }),
				"auth": func(d *decoder, key string, v jsontext.Value) {
					list, ok := v.([]jsontext.Value)
					if !ok {
						d.fail("%s: want a list of {scheme, option, env}", key)
						return
					}
					auth := []SDKAuth{}
					for i, item := range list {
						var a SDKAuth
						d.nested(fmt.Sprintf("%s[%d]", key, i), item, map[string]keyFunc{
							"scheme": func(d *decoder, k string, v jsontext.Value) { a.Scheme, _ = d.str(k, v) },
							"option": func(d *decoder, k string, v jsontext.Value) { a.Option, _ = d.str(k, v) },
							"env":    func(d *decoder, k string, v jsontext.Value) { a.Env, _ = d.str(k, v) },
						})
						auth = append(auth, a)
					}
					d.file.set = append(d.file.set, func(c *Config) { c.SDKAuth = auth })
				},
			})
		},
		// A go: section configures the Go client; emit: turns it on.
		"go": func(d *decoder, key string, v jsontext.Value) {
			d.nested(key, v, map[string]keyFunc{
				"package": str(func(c *Config) *string { return &c.GoPackage }),
				"out":     str(func(c *Config) *string { return &c.GoOut }),
				"import":  str(func(c *Config) *string { return &c.GoImport }),
				"examples": func(d *decoder, k string, v jsontext.Value) {
					b, ok := v.(bool)
					if !ok {
						d.fail("%s: want true or false", k)
						return
					}
					d.file.set = append(d.file.set, func(c *Config) { c.NoGoExamples = !b })
				},
			})
		},
		"curl": func(d *decoder, key string, v jsontext.Value) {
			d.nested(key, v, map[string]keyFunc{
				"onPages": func(d *decoder, k string, v jsontext.Value) {
					b, ok := v.(bool)
					if !ok {
						d.fail("%s: want true or false", k)
						return
					}
					d.file.set = append(d.file.set, func(c *Config) { c.CurlOnPages = b })
				},
				"baseURLEnv": str(func(c *Config) *string { return &c.BaseURLEnv }),
				"apiKeyEnv":  str(func(c *Config) *string { return &c.APIKeyEnv }),
				"bearerEnv":  str(func(c *Config) *string { return &c.BearerEnv }),
				"schemeEnv": func(d *decoder, key string, v jsontext.Value) {
					m := map[string]string{}
					d.each(key, v, func(k string, v jsontext.Value) {
						if s, ok := d.str(key+"."+k, v); ok {
							m[k] = s
						}
					})
					d.file.set = append(d.file.set, func(c *Config) { c.SchemeEnv = m })
				},
			})
		},
	}
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

func (d *decoder) object(o *jsontext.Object, prefix string, keys map[string]keyFunc) {
	for i := range o.Len() {
		k, v := o.At(i)
		name := k
		if prefix != "" {
			name = prefix + "." + k
		}
		f, ok := keys[k]
		if !ok {
			known := make([]string, 0, len(keys))
			for k := range keys {
				known = append(known, k)
			}
			sort.Strings(known)
			d.fail("unknown key %q (known: %s)", name, strings.Join(known, ", "))
			return
		}
		f(d, name, v)
	}
}

func (d *decoder) nested(key string, v jsontext.Value, keys map[string]keyFunc) {
	o, ok := v.(*jsontext.Object)
	if !ok {
		d.fail("%s: want a mapping", key)
		return
	}
	d.object(o, key, keys)
}

func (d *decoder) each(key string, v jsontext.Value, f func(string, jsontext.Value)) {
	o, ok := v.(*jsontext.Object)
	if !ok {
		d.fail("%s: want a mapping", key)
		return
	}
	for i := range o.Len() {
		f(o.At(i))
	}
}

func (d *decoder) str(key string, v jsontext.Value) (string, bool) {
	s, ok := v.(string)
	if !ok {
		d.fail("%s: want a string, found %s", key, jsontext.MarshalString(v, false))
	}
	return s, ok
}

func (d *decoder) strs(key string, v jsontext.Value) ([]string, bool) {
	list, ok := v.([]jsontext.Value)
	if !ok {
		d.fail("%s: want a list of strings, found %s", key, jsontext.MarshalString(v, false))
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			d.fail("%s: want a list of strings, found %s", key, jsontext.MarshalString(x, false))
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

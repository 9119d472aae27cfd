// Package config holds every setting of a generator run and the presets
// that reproduce the published layouts.
package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/normalize"
)

// Config is the complete set of settings of one run.
type Config struct {
	// Spec is the input document; Out the output folder.
	Spec, Out string
	// Preset names the layout these settings started from.
	Preset string
	// Emit lists the emitters that run, by name (generator.Registry
	// lists them and the order they run in).
	Emit []string

	// Exclude and Replacements drive normalisation (FORMAT.md §1).
	Exclude      []string
	Replacements []normalize.Replacement
	// DefaultErrorResponse describes the "default" response added to
	// operations without an error response; "" adds none.
	DefaultErrorResponse string
	// OperationIDs and Security override the spec, keyed by
	// "<method> <path>" with a lower-case method.
	OperationIDs map[string]string
	Security     map[string][][]string

	// Strict makes the published format's validation rules (FORMAT.md §2:
	// unique operationIds, portable file names, a request example entry
	// for a required body, a success and an error response) errors, as
	// the agentmc presets do; otherwise they are warnings, and the ranges
	// 2XX/3XX count as success and 4XX/5XX as errors.
	Strict bool

	// SuffixFileNameClashes renames operations whose file names clash
	// (with "_2", "_3", …) instead of failing, as the published rule does.
	SuffixFileNameClashes bool

	// DocsTitle heads docs/operations/README.md; SpecPath is the spec file it names.
	DocsTitle, SpecPath string

	// SDKPackage and SDKClient name the TypeScript SDK in examples.
	SDKPackage, SDKClient string
	// SDKAuth lists, in priority order, the SDK client option set for an
	// operation that uses the scheme. Nil, the examples pass the credential
	// the cURL script sends, from the same variable: option apiKey for an
	// API key in a header, token for an HTTP bearer token.
	SDKAuth []SDKAuth

	// BaseURL is where the API lives, for cURL examples and clients.
	// Empty, FillFromSpec takes the spec's first server URL.
	BaseURL string
	// Host is the scheme and host a relative server URL is resolved
	// against (default http://localhost).
	Host string
	// EnvPrefix starts the environment variable names FillFromSpec
	// derives: <prefix>_BASE_URL, <prefix>_API_KEY, <prefix>_TOKEN.
	// Empty, it is derived from the spec's title.
	EnvPrefix string
	// BaseURLEnv names the variable that overrides BaseURL in cURL scripts.
	BaseURLEnv string
	// CurlOnPages adds the cURL section to every operation page.
	CurlOnPages bool
	// SchemeEnv names the environment variable holding each scheme's
	// credential; BearerEnv is used for HTTP bearer schemes not listed.
	SchemeEnv map[string]string
	BearerEnv string
	APIKeyEnv string

	// TemplatesDir, when set, holds templates overriding the embedded ones.
	TemplatesDir string

	// Changelog, when set, is the path (relative to Out) of a changelog
	// generate keeps: a section per spec version listing its API changes.
	// It needs the spec emitter, whose file is the previous spec.
	Changelog string

	// NoGoExamples leaves out the Go example programs (go: {examples: false}).
	NoGoExamples bool

	// GoPackage names the Go client package (default: from the spec's
	// title, see FillFromSpec); GoOut is its folder relative to Out
	// (default go/<package>; "." is Out itself); GoImport is its import
	// path, used by the Go examples (default: from the go.mod above Out,
	// else the package name).
	GoPackage, GoOut, GoImport string
}

// SDKAuth is one authentication option of the SDK client.
type SDKAuth struct {
	Scheme string `yaml:"scheme"` // security scheme name
	Option string `yaml:"option"` // client constructor option
	Env    string `yaml:"env"`    // environment variable the example reads
}

// Presets are the named layouts, by name.
var Presets = map[string]func() *Config{
	"default":     neutral,
	"agentmc":     agentmc,
	"agentmc-0.1": agentmc01,
}

// PresetNames lists the preset names, sorted.
func PresetNames() []string {
	var names []string
	for n := range Presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Preset returns a fresh copy of the named preset.
func Preset(name string) (*Config, error) {
	p, ok := Presets[name]
	if !ok {
		return nil, fmt.Errorf("unknown preset %q (known: %s)", name, strings.Join(PresetNames(), ", "))
	}
	return p(), nil
}

// DefaultPreset is the preset of a run that names none: every setting
// not given comes from the spec (FillFromSpec).
const DefaultPreset = "default"

// neutral is the default preset: the published layout's files, with the
// names, URLs and titles taken from the spec, and its rules as warnings.
func neutral() *Config {
	return &Config{
		Preset:    DefaultPreset,
		Emit:      []string{"docs", "sdk", "spec", "types", "curl"},
		SpecPath:  "spec/openapi.filtered.json",
		SchemeEnv: map[string]string{},
	}
}

// agentmc is the layout of the current published releases of @agentmc/api.
func agentmc() *Config {
	return &Config{
		Preset: "agentmc",
		Emit:   []string{"docs", "sdk", "spec", "types", "curl"},
		Strict: true,

		DefaultErrorResponse: "Error response.",
		Replacements: []normalize.Replacement{{
			Pattern: "Optional\\s+.+runtime agent type identifier\\. Prefer sending this as `meta\\.type`\\.",
			Replace: "Optional runtime agent type identifier. Prefer sending this as `meta.type`.",
		}},
		OperationIDs: map[string]string{
			"get /agents/recurring-task-runs/due":             "listDueRecurringTaskRuns",
			"post /agents/recurring-task-runs/{run}/complete": "completeRecurringTaskRun",
		},
		Security: map[string][][]string{
			"get /agents/recurring-task-runs/due":             {{"ApiKeyAuth"}},
			"post /agents/recurring-task-runs/{run}/complete": {{"ApiKeyAuth"}},
		},
		DocsTitle:  "AgentMC API Operation Docs",
		SpecPath:   "spec/openapi.filtered.json",
		SDKPackage: "@agentmc/api",
		SDKClient:  "AgentMCApi",
		SDKAuth:    []SDKAuth{{Scheme: "ApiKeyAuth", Option: "apiKey", Env: "AGENTMC_API_KEY"}},
		BaseURL:    "https://agentmc.ai/api/v1",
		BaseURLEnv: "AGENTMC_BASE_URL",
		SchemeEnv:  map[string]string{},
		BearerEnv:  "AGENTMC_AGENT_TOKEN",
		APIKeyEnv:  "AGENTMC_API_KEY",
		EnvPrefix:  "AGENTMC",
		GoPackage:  "agentmc",
	}
}

// agentmc01 is the layout of the seed release, @agentmc/api 0.1.1: a cURL
// section on every page, and the agentToken option for AgentBearerAuth.
func agentmc01() *Config {
	c := agentmc()
	c.Preset = "agentmc-0.1"
	c.CurlOnPages = true
	c.SDKAuth = []SDKAuth{
		{Scheme: "AgentBearerAuth", Option: "agentToken", Env: "AGENTMC_AGENT_TOKEN"},
		{Scheme: "ApiKeyAuth", Option: "apiKey", Env: "AGENTMC_API_KEY"},
	}
	return c
}

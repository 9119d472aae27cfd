package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// CheckEmbedded checks the settings that generated scripts and TypeScript
// examples embed as code: environment variable names are shell variable
// names, the SDK's client and option names are JavaScript identifiers,
// and the base URL stays one shell word whatever the shell expands.
func (c *Config) CheckEmbedded() error {
	envs := []struct{ key, name string }{
		{"envPrefix", c.EnvPrefix}, {"curl.baseURLEnv", c.BaseURLEnv}, {"curl.apiKeyEnv", c.APIKeyEnv}, {"curl.bearerEnv", c.BearerEnv},
	}
	for _, scheme := range slices.Sorted(maps.Keys(c.SchemeEnv)) {
		envs = append(envs, struct{ key, name string }{"curl.schemeEnv." + scheme, c.SchemeEnv[scheme]})
	}
	for i, a := range c.SDKAuth {
		envs = append(envs, struct{ key, name string }{fmt.Sprintf("sdk.auth[%d].env", i), a.Env})
	}
	for _, e := range envs {
		if e.name != "" && !isShellName(e.name) {
			return fmt.Errorf("config: %s: %q is not a shell variable name ([A-Za-z_][A-Za-z0-9_]*)", e.key, e.name)
		}
	}
	if i := strings.IndexFunc(c.BaseURL, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune("\"$\\`{}", r) }); i >= 0 {
		return fmt.Errorf("config: baseURL: %q has %q, which a URL does not need (percent-encode it)", c.BaseURL, c.BaseURL[i:i+1])
	}
	if c.SDKClient != "" && !isJSName(c.SDKClient) {
		return fmt.Errorf("config: sdk.client: %q is not a JavaScript identifier", c.SDKClient)
	}
	for i, a := range c.SDKAuth {
		if !isJSName(a.Option) {
			return fmt.Errorf("config: sdk.auth[%d].option: %q is not a JavaScript identifier", i, a.Option)
		}
	}
	return nil
}

// isShellName reports whether s is a POSIX shell variable name.
func isShellName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// isJSName reports whether s is an ASCII JavaScript identifier.
func isJSName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

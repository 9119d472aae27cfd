package config

import (
	"fmt"
	"go/token"
	"net/url"
	"strings"

	"github.com/agentmc/agentmc-gen/generator/model"
)

// DefaultHost is where a relative server URL, or a spec without servers,
// points unless the host setting says otherwise.
const DefaultHost = "http://localhost"

// FillFromSpec sets every setting left empty from the spec's facts, so
// that a spec without a preset names its own API everywhere:
//
//   - BaseURL: servers[0].url with the variables' defaults; a relative URL
//     is resolved against Host (default http://localhost), as is a spec
//     without servers.
//   - EnvPrefix: the title's words, upper-case, joined by "_", without a
//     last word "API" ("Stripe API" → STRIPE; default API); then
//     BaseURLEnv <prefix>_BASE_URL, APIKeyEnv <prefix>_API_KEY and
//     BearerEnv <prefix>_TOKEN.
//   - DocsTitle: "<title> Operation Docs".
//   - SDKPackage: the title's words, lower-case, joined by "-"
//     ("stripe-api"; default api-client); SDKClient: the words
//     capitalised and joined ("StripeApi"; default ApiClient).
//   - GoPackage: the words, lower-case, joined, without a last word "api"
//     ("stripe"; default api when that is not a Go identifier).
//
// The generator calls it after building the model, before any emitter.
func (c *Config) FillFromSpec(title string, servers []model.Server) error {
	words := titleWords(title)
	short := words
	if n := len(short); n > 1 && strings.EqualFold(short[n-1], "api") {
		short = short[:n-1]
	}
	if c.BaseURL == "" {
		base, err := baseURL(servers, c.Host)
		if err != nil {
			return err
		}
		c.BaseURL = base
	}
	if c.EnvPrefix == "" {
		c.EnvPrefix = strings.ToUpper(strings.Join(short, "_"))
		if c.EnvPrefix == "" || !isShellName(c.EnvPrefix) {
			c.EnvPrefix = "API"
		}
	}
	for _, env := range []struct {
		field  *string
		suffix string
	}{{&c.BaseURLEnv, "_BASE_URL"}, {&c.APIKeyEnv, "_API_KEY"}, {&c.BearerEnv, "_TOKEN"}} {
		if *env.field == "" {
			*env.field = c.EnvPrefix + env.suffix
		}
	}
	if c.DocsTitle == "" {
		c.DocsTitle = strings.TrimSpace(strings.Join(strings.Fields(title), " ") + " Operation Docs")
	}
	if c.SDKPackage == "" {
		c.SDKPackage = strings.ToLower(strings.Join(words, "-"))
		if c.SDKPackage == "" {
			c.SDKPackage = "api-client"
		}
	}
	if c.SDKClient == "" {
		var b strings.Builder
		for _, w := range words {
			b.WriteString(strings.ToUpper(w[:1]) + strings.ToLower(w[1:]))
		}
		c.SDKClient = b.String()
		if !isJSName(c.SDKClient) {
			c.SDKClient = "ApiClient"
		}
	}
	if c.GoPackage == "" {
		c.GoPackage = strings.ToLower(strings.Join(short, ""))
		if !token.IsIdentifier(c.GoPackage) || c.GoPackage == "_" {
			c.GoPackage = "api"
		}
	}
	return nil
}

// titleWords splits a title into its runs of ASCII letters and digits.
func titleWords(title string) []string {
	return strings.FieldsFunc(title, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
}

// baseURL is the first server's URL with its variables' defaults, resolved
// against host.
func baseURL(servers []model.Server, host string) (string, error) {
	if host == "" {
		host = DefaultHost
	}
	hostURL, err := url.Parse(host)
	if err != nil || hostURL.Scheme == "" || hostURL.Host == "" {
		return "", fmt.Errorf("config: host: %q is not an absolute URL (such as https://api.example.com)", host)
	}
	if len(servers) == 0 {
		return strings.TrimSuffix(host, "/"), nil
	}
	raw := servers[0].DefaultURL()
	u, err := url.Parse(raw)
	if err != nil || strings.ContainsFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune("\"$\\`{}", r) }) {
		return "", fmt.Errorf("/servers/0/url: %q is not a URL once its variables take their defaults; set baseURL in the configuration", raw)
	}
	if !u.IsAbs() {
		u = hostURL.ResolveReference(u)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

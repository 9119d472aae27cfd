package config

import (
	"strings"
	"testing"
)

// TestBadYAML: a configuration that is not YAML is one line in the
// project's words, starting file:line:column.
func TestBadYAML(t *testing.T) {
	for _, tt := range []struct{ data, want string }{
		{"spec: a\nout: [b\n", "agentmc-gen.yaml:2:6: not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"},
		{"spec: a\n  out: b\n", "agentmc-gen.yaml:2:6: not valid YAML: mapping values are not allowed in this context"},
		{"\tspec: a\n", "agentmc-gen.yaml:1:1: not valid YAML: found character that cannot start any token"},
	} {
		_, err := ParseFile("agentmc-gen.yaml", []byte(tt.data))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "go-yaml") {
			t.Errorf("%q: %v\nwant %s", tt.data, err, tt.want)
		}
	}
}

// TestSpecKeys: host, envPrefix and go.examples are read.
func TestSpecKeys(t *testing.T) {
	f, err := ParseFile("agentmc-gen.yaml", []byte("host: https://h.test\nenvPrefix: ACME\ngo: {examples: false, out: .}\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := neutral()
	f.Apply(c)
	if c.Host != "https://h.test" || c.EnvPrefix != "ACME" || !c.NoGoExamples || c.GoOut != "." {
		t.Errorf("got host %q, envPrefix %q, no examples %v, go out %q", c.Host, c.EnvPrefix, c.NoGoExamples, c.GoOut)
	}
	c.EnvPrefix = "my-api"
	if err := c.CheckEmbedded(); err == nil || !strings.Contains(err.Error(), "envPrefix") {
		t.Errorf("bad envPrefix: %v", err)
	}
}

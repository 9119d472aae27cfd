package hostile_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/internal/hostile"
)

// The base spec generates, and every case changes it into another valid JSON document.
func TestCasesAreSpecs(t *testing.T) {
	cfg, _ := config.Preset("agentmc")
	cfg.Spec = "clean.json"
	if _, err := generator.Generate(cfg, hostile.Clean()); err != nil {
		t.Fatalf("clean spec: %v", err)
	}
	clean := hostile.Clean()
	for _, c := range hostile.Cases() {
		spec := c.Spec()
		if !json.Valid(spec) {
			t.Errorf("%s: not JSON", c.Name)
		}
		if bytes.Equal(spec, clean) {
			t.Errorf("%s: the payload changed nothing", c.Name)
		}
	}
}

// Everywhere puts every payload into every field that accepts it.
func TestEverywhere(t *testing.T) {
	clean := hostile.Clean()
	for _, p := range hostile.Payloads {
		spec := hostile.Everywhere(p.Text)
		if !json.Valid(spec) || bytes.Equal(spec, clean) {
			t.Errorf("%s: not JSON, or the payload changed nothing", p.Name)
		}
	}
}

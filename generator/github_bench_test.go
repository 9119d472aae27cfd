package generator_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/agentmc/agentmc-gen/generator"
	"github.com/agentmc/agentmc-gen/generator/config"
)

// githubSpec returns the path of GitHub's REST API description
// (api.github.com.json of the npm package @octokit/openapi): $AGENTMC_GITHUB_SPEC,
// else where `go run ./scripts/realworld` caches it. It skips the benchmark
// when there is none: the test run never fetches it.
func githubSpec(b *testing.B) string {
	if p := os.Getenv("AGENTMC_GITHUB_SPEC"); p != "" {
		return p
	}
	home, err := os.UserHomeDir()
	if err == nil {
		p := filepath.Join(home, ".cache", "agentmc-gen", "realworld", "octokit-openapi", "generated", "api.github.com.json")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	b.Skip("GitHub's spec is not here: set AGENTMC_GITHUB_SPEC to api.github.com.json of @octokit/openapi, or run go run ./scripts/realworld -only github to fetch it")
	return ""
}

// BenchmarkGitHub runs the whole pipeline, every emitter, on GitHub's REST
// API description (13 MB, 1,223 operations), from bytes to every file's
// content in memory. Aim: under 3 s and 1 GB per run. The sub-benchmarks
// "emit=NAME" run the pipeline with one emitter each, to show where the
// time goes.
func BenchmarkGitHub(b *testing.B) {
	path := githubSpec(b)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	run := func(emit []string) func(b *testing.B) {
		return func(b *testing.B) {
			cfg, _ := config.Preset("agentmc")
			cfg.Spec = path
			cfg.Emit = emit
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				res, err := generator.Generate(cfg, data)
				if err != nil {
					b.Fatal(err)
				}
				if res.Files.Len() == 0 {
					b.Fatal("no files")
				}
			}
		}
	}
	b.Run("all", run(generator.EmitterNames()))
	for _, e := range generator.EmitterNames() {
		b.Run("emit="+e, run([]string{e}))
	}
}

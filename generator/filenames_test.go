package generator_test

import (
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/generator/config"
)

// TestPortableFileNames: file names are judged as Windows and case-
// insensitive file systems see them, and their length is checked before
// anything is written. With the published rule each is a one-line error;
// with fileNameClashes: suffix each gets a portable name.
func TestPortableFileNames(t *testing.T) {
	long := strings.Repeat("x", 251)
	for _, c := range []struct{ id, err, suffixed string }{
		{"readme", `api.json: error: operation readme (GET /a): the file name "readme" clashes with the index README.md on case-insensitive file systems`, "readme_2"},
		{"README", `clashes with the index README.md`, "README_2"},
		{"CON", `the file name "CON" is a reserved device name on Windows`, "CON_"},
		{"aux", `the file name "aux" is a reserved device name on Windows`, "aux_"},
		{"lpt9.json", `the file name "lpt9.json" is a reserved device name on Windows`, "lpt9_.json"},
		{"Com1", `is a reserved device name`, "Com1_"},
		{"list.", `the file name "list." ends in a dot, which is dropped on Windows`, "list_"},
		{long, `would be 256 bytes, over the 255 bytes file systems allow`, ""},
	} {
		doc := spec(`"/a":{"get":{"operationId":"` + c.id + `",` + okResponses + `}}`)
		_, err := generate(t, doc, nil)
		if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: want a one-line error containing %q, got %v", c.id, c.err, err)
		}
		res, err := generate(t, doc, func(c *config.Config) { c.SuffixFileNameClashes = true })
		if c.suffixed == "" {
			if err == nil {
				t.Errorf("%s: a name over 255 bytes is refused with suffix too", c.id)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s with suffix: %v", c.id, err)
			continue
		}
		if got := res.API.Operations[0].FileName; got != c.suffixed {
			t.Errorf("%s with suffix: file name %q, want %q", c.id, got, c.suffixed)
		}
		if res.Files.Get("docs/operations/"+c.suffixed+".md") == nil || res.Files.Get("docs/operations/README.md") == nil {
			t.Errorf("%s with suffix: page or index missing", c.id)
		}
	}
	// Names that only look close are accepted as they are.
	for _, id := range []string{"console", "auxiliary", "com10", "readme2", "a.b", long[:250]} {
		if _, err := generate(t, spec(`"/a":{"get":{"operationId":"`+id+`",`+okResponses+`}}`), nil); err != nil {
			t.Errorf("%s: %v", id[:min(len(id), 20)], err)
		}
	}
}

// TestFileNameClashesKey: the key documented in the README is accepted in
// the configuration file, and its values checked.
func TestFileNameClashesKey(t *testing.T) {
	f, err := config.ParseFile("agentmc-gen.yaml", []byte("fileNameClashes: suffix\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := config.Preset("agentmc")
	f.Apply(cfg)
	if !cfg.SuffixFileNameClashes {
		t.Error("fileNameClashes: suffix not applied")
	}
	f, _ = config.ParseFile("agentmc-gen.yaml", []byte("fileNameClashes: error\n"))
	f.Apply(cfg)
	if cfg.SuffixFileNameClashes {
		t.Error("fileNameClashes: error not applied")
	}
	if _, err := config.ParseFile("agentmc-gen.yaml", []byte("fileNameClashes: rename\n")); err == nil ||
		err.Error() != `agentmc-gen.yaml: fileNameClashes: want error or suffix, found "rename"` {
		t.Errorf("bad value: %v", err)
	}
}

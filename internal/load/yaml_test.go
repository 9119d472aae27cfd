package load

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A spec that is not YAML is one line in the project's words, as a JSON
// error is: the position of the problem, what is wrong there, and the
// construct being read with where it starts; never the parser's own
// wording. Split files and configuration files (ParseYAML) say the same.
func TestYAMLErrors(t *testing.T) {
	for _, tt := range []struct{ data, want string }{
		{"openapi: 3.0.0\ninfo: {title: \"a\n", `spec.yaml: not valid YAML: line 3, column 1: found unexpected end of stream while scanning a quoted scalar that starts at line 2, column 15`},
		{"openapi: 3.0.0\n  bad: indent\n", `spec.yaml: not valid YAML: line 2, column 6: mapping values are not allowed in this context`},
		{"openapi: [3\ninfo: {", `spec.yaml: not valid YAML: line 2, column 5: did not find expected ',' or ']' while parsing a flow sequence that starts at line 1, column 10`},
		{"a: \"\\q\"\n", `spec.yaml: not valid YAML: line 1, column 5: found unknown escape character while scanning a quoted scalar that starts at line 1, column 4`},
	} {
		_, err := Bytes("spec.yaml", []byte(tt.data))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Bytes(%q) = %v\nwant %s", tt.data, err, tt.want)
		}
		var ye *YAMLError
		if !errors.As(err, &ye) || ye.Line == 0 {
			t.Errorf("Bytes(%q): %v is not a *YAMLError with a position", tt.data, err)
		}
		if _, err := ParseYAML([]byte(tt.data)); err == nil || "spec.yaml: "+err.Error() != tt.want {
			t.Errorf("ParseYAML(%q) = %v, want the same words", tt.data, err)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), []byte("openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths:\n  /a: {$ref: a.yaml}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte("get: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := File(filepath.Join(dir, "spec.yaml"))
	if want := "a.yaml: not valid YAML: line 2, column 1: did not find expected node content while parsing a flow node"; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("a split file that is not YAML: %v\nwant it to end %s", err, want)
	}
}

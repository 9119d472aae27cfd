package changelog_test

import (
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/changelog"
)

func spec(version, paths string) []byte {
	return []byte(`{"openapi": "3.0.3", "info": {"title": "T", "version": ` + version + `}, "paths": {` + paths + `}}`)
}

const opA = `"/a": {"get": {"operationId": "getA", "summary": "A.", "responses": {"200": {"description": "ok"}}}}`
const opB = `"/b": {"get": {"operationId": "getB", "responses": {"200": {"description": "ok"}}}}`

func update(t *testing.T, log string, old, new []byte) string {
	t.Helper()
	var logData []byte
	if log != "" {
		logData = []byte(log)
	}
	out, err := changelog.Update(logData, old, new, "old.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestUpdate(t *testing.T) {
	v1 := spec(`"1"`, opA)
	log := update(t, "", nil, v1)
	if want := changelog.Header + "\n## `1`\n\nNo earlier version to compare with.\n"; log != want {
		t.Errorf("first:\n%s", log)
	}
	if again := update(t, log, v1, v1); again != log {
		t.Errorf("unchanged spec changed the changelog:\n%s", again)
	}

	// A new version without API changes (a summary edited) says so …
	v2 := spec(`"2"`, strings.Replace(opA, "A.", "An a.", 1))
	log = update(t, log, v1, v2)
	if !strings.Contains(log, "\n\n## `2` (changes since `1`)\n\nNo API changes.\n\n## `1`\n") {
		t.Errorf("2 without API changes:\n%s", log)
	}
	// … until a change of the same version brings some: they replace it.
	v2b := spec(`"2"`, strings.Replace(opA, "A.", "An a.", 1)+", "+opB)
	log = update(t, log, v2, v2b)
	if !strings.Contains(log, "\n\n## `2` (changes since `1`)\n\n### `GET /b` (getB)\n\n- Info: endpoint added\n\n## `1`\n") ||
		strings.Contains(log, "No API changes") {
		t.Errorf("2 changed again:\n%s", log)
	}
	// A change of the same version without API changes leaves it alone.
	if again := update(t, log, v2b, spec(`"2"`, opA+", "+opB)); again != log {
		t.Errorf("a change without API changes altered the section:\n%s", again)
	}
}

// TestUpdateHostileVersion: spec text (the version, operation names)
// reaches the markdown through render's escaping: no line it adds starts
// a block or holds raw HTML.
func TestUpdateHostileVersion(t *testing.T) {
	v1 := spec(`"1\n## <img src=x onerror=alert(1)>"`, opA)
	log := update(t, "", nil, v1)
	for _, line := range strings.Split(log, "\n") {
		if strings.HasPrefix(line, "## ") && !strings.HasPrefix(line, "## `") || strings.HasPrefix(line, "<") {
			t.Errorf("a line of spec text became markup: %q", line)
		}
	}
	if !strings.Contains(log, "## `1 ## <img src=x onerror=alert(1)>`\n") {
		t.Errorf("version heading:\n%s", log)
	}
}

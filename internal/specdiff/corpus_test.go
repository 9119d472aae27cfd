package specdiff_test

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/specdiff"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// referencePair is one line of testdata/oasdiff-breaking.txt: what
// `oasdiff breaking` v1.37.0 found between two consecutive releases.
type referencePair struct {
	Old, New string   // release names
	Exit     int      // its exit code with --fail-on ERR
	Breaking []string // "METHOD PATH" with a level-3 change, sorted
}

func readReference(t testing.TB) []referencePair {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "oasdiff-breaking.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var pairs []referencePair
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "pair "):
			var p referencePair
			var exit string
			f := strings.Fields(line)
			p.Old, p.New, exit = f[1], f[2], strings.TrimPrefix(f[3], "exit=")
			p.Exit, _ = strconv.Atoi(exit)
			pairs = append(pairs, p)
		default:
			pairs[len(pairs)-1].Breaking = append(pairs[len(pairs)-1].Breaking, line)
		}
	}
	return pairs
}

// sortedReleases returns the corpus releases in version order, by name.
func sortedReleases(t testing.TB) (names []string, spec map[string]string) {
	spec = map[string]string{}
	for _, s := range testenv.Releases(t) {
		name := filepath.Base(filepath.Dir(s))
		names = append(names, name)
		spec[name] = s
	}
	version := func(name string) []int {
		var v []int
		for _, p := range strings.Split(strings.TrimPrefix(name, "v"), ".") {
			n, _ := strconv.Atoi(p)
			v = append(v, n)
		}
		return v
	}
	slices.SortFunc(names, func(a, b string) int { return slices.Compare(version(a), version(b)) })
	return names, spec
}

func readSpec(t testing.TB, path string) specdiff.Spec {
	t.Helper()
	s, err := specdiff.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestMatchesOasdiff compares every consecutive pair of the shared
// releases: the operations with a breaking change are those the reference
// CLI reported at level 3, and the report reaches the breaking level
// exactly on the pairs where the CLI exited 1.
func TestMatchesOasdiff(t *testing.T) {
	names, spec := sortedReleases(t)
	ref := readReference(t)
	if len(ref) != len(names)-1 {
		t.Fatalf("the reference has %d pairs, the corpus %d releases", len(ref), len(names))
	}
	agree, withBreaking := 0, 0
	for i, p := range ref {
		if p.Old != names[i] || p.New != names[i+1] {
			t.Fatalf("reference pair %d is %s → %s, the corpus has %s → %s", i, p.Old, p.New, names[i], names[i+1])
		}
		r, err := specdiff.Compare(readSpec(t, spec[p.Old]), readSpec(t, spec[p.New]), specdiff.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range r.Changes {
			if c.Level == specdiff.Breaking {
				if c.Source != "openapi" {
					t.Errorf("%s → %s: a %s change at the breaking level: %+v", p.Old, p.New, c.Source, c)
				}
				got = append(got, c.Method+" "+c.Path)
			}
			if c.Location.File == "" || (c.Method != "" && c.Location.Line == 0) {
				t.Errorf("%s → %s: change without a location: %+v", p.Old, p.New, c)
			}
		}
		slices.Sort(got)
		got = slices.Compact(got)
		ok := slices.Equal(got, p.Breaking) && r.Reaches(specdiff.Breaking) == (p.Exit == 1)
		if !ok {
			t.Errorf("%s → %s: breaking operations\n got %q\nwant %q (oasdiff exit %d)", p.Old, p.New, got, p.Breaking, p.Exit)
		} else {
			agree++
		}
		if len(got) > 0 {
			withBreaking++
		}
	}
	t.Logf("%d/%d pairs agree with oasdiff v1.37.0; %d have breaking changes", agree, len(ref), withBreaking)
}

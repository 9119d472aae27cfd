package generator_test

import (
	"errors"
	"strings"

	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/internal/normalize"
)

func normalizeReplacement(pattern, replace string) normalize.Replacement {
	return normalize.Replacement{Pattern: pattern, Replace: replace}
}

// badLines returns the lines of err that are not one whole problem: a run
// reports every problem of the spec at once, one a line, each naming the
// spec file and saying whether it is an error or a warning; any other
// error is one line.
func badLines(err error) []string {
	var ps model.Problems
	if !errors.As(err, &ps) {
		if strings.ContainsAny(err.Error(), "\r\n") {
			return []string{err.Error()}
		}
		return nil
	}
	var bad []string
	for _, p := range ps {
		line := p.Error()
		if strings.ContainsAny(line, "\r\n") || p.File == "" || !strings.HasPrefix(line, p.File+": "+p.Severity.String()+": ") {
			bad = append(bad, line)
		}
	}
	if len(ps.Errors()) == 0 || strings.Count(err.Error(), "\n") != len(ps)-1 {
		bad = append(bad, err.Error())
	}
	return bad
}

package generator_test

import "github.com/agentmc/agentmc-gen/generator/normalize"

func normalizeReplacement(pattern, replace string) normalize.Replacement {
	return normalize.Replacement{Pattern: pattern, Replace: replace}
}

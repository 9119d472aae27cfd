package ecma

import (
	"slices"
	"testing"
)

// TestLocaleCompare checks orders Node.js's a.localeCompare(b) gives:
// punctuation before digits before letters, case and accents only
// breaking ties (lower case first), digits compared one by one.
func TestLocaleCompare(t *testing.T) {
	got := []string{"b", "B", "a", "A", "item2", "item10", "list_tasks", "listTasks", "default", "2XX", "é", "e", "f", "_x"}
	slices.SortStableFunc(got, LocaleCompare)
	want := []string{"_x", "2XX", "a", "A", "b", "B", "default", "e", "é", "f", "item10", "item2", "list_tasks", "listTasks"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted by LocaleCompare:\n got %q\nwant %q", got, want)
	}
	if LocaleCompare("x", "x") != 0 {
		t.Error(`"x".localeCompare("x") is not 0`)
	}
}

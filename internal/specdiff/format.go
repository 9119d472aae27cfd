package specdiff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/agentmc/agentmc-gen/internal/render"
)

// Formats are the report formats Write accepts.
var Formats = []string{"text", "markdown", "json", "github"}

// Write prints the report in format. Change texts carry spec text (names
// of paths, properties, enum values), so each format passes them through
// its one escaping function.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "text":
		return r.writeText(w)
	case "markdown":
		return r.writeMarkdown(w)
	case "json":
		changes := r.Changes
		if changes == nil {
			changes = []Change{}
		}
		data, err := json.MarshalIndent(changes, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", data)
		return err
	case "github":
		return r.writeGitHub(w)
	}
	return fmt.Errorf("unknown format %q (known: %s)", format, strings.Join(Formats, ", "))
}

// Summary is one line: the versions and the count per level.
func (r *Report) Summary() string {
	n := map[Level]int{}
	for _, c := range r.Changes {
		n[c.Level]++
	}
	return fmt.Sprintf("%s (%s) → %s (%s): %d breaking, %d warnings, %d info",
		r.Old, oneLine(r.OldVersion), r.New, oneLine(r.NewVersion), n[Breaking], n[Warning], n[Info])
}

// oneLine keeps spec text on one line of a terminal: control characters
// (newlines, escape sequences) become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}

func (r *Report) writeText(w io.Writer) error {
	for _, c := range r.Changes {
		op := "(whole API)"
		if c.Method != "" {
			op = c.Method + " " + c.Path
		}
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s: %s: %s [%s]\n", c.Location.File, c.Location.Line, c.Location.Column,
			c.Level, oneLine(op), oneLine(c.Text), c.ID); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w, r.Summary())
	return err
}

// writeMarkdown prints a changelog section: MarkdownHeading, then
// MarkdownChanges.
func (r *Report) writeMarkdown(w io.Writer) error {
	_, err := io.WriteString(w, r.MarkdownHeading()+r.MarkdownChanges())
	return err
}

// MarkdownHeading is the changelog section's heading line: the new
// version, and the old one.
func (r *Report) MarkdownHeading() string {
	return fmt.Sprintf("## %s (changes since %s)\n", render.Code(r.NewVersion), render.Code(r.OldVersion))
}

// MarkdownChanges is the body of a changelog section: one heading per
// operation, its changes listed most severe first; "No API changes."
// when there are none. Spec text goes through render's markdown escaping.
func (r *Report) MarkdownChanges() string {
	var b strings.Builder
	if len(r.Changes) == 0 {
		b.WriteString("\nNo API changes.\n")
	}
	var groups []string
	byOp := map[string][]Change{}
	for _, c := range r.Changes {
		key := ""
		if c.Method != "" {
			key = c.Method + " " + c.Path
		}
		if _, ok := byOp[key]; !ok {
			groups = append(groups, key)
		}
		byOp[key] = append(byOp[key], c)
	}
	for _, key := range groups {
		cs := byOp[key]
		switch {
		case key == "":
			b.WriteString("\n### Whole API\n\n")
		case cs[0].OperationID != "":
			fmt.Fprintf(&b, "\n### %s (%s)\n\n", render.Code(key), render.Inline(cs[0].OperationID))
		default:
			fmt.Fprintf(&b, "\n### %s\n\n", render.Code(key))
		}
		for _, lv := range []Level{Breaking, Warning, Info} {
			for _, c := range cs {
				if c.Level == lv {
					fmt.Fprintf(&b, "- %s: %s\n", markdownLevel[lv], render.Inline(c.Text))
				}
			}
		}
	}
	return b.String()
}

var markdownLevel = map[Level]string{Breaking: "**Breaking**", Warning: "Warning", Info: "Info"}

var githubCommand = map[Level]string{Breaking: "error", Warning: "warning", Info: "notice"}

// writeGitHub prints one workflow command per change, annotating its line.
func (r *Report) writeGitHub(w io.Writer) error {
	for _, c := range r.Changes {
		op := ""
		if c.Method != "" {
			op = c.Method + " " + c.Path + ": "
		}
		cmd := GitHubCommand(githubCommand[c.Level], c.Location, c.Level.String()+" API change ("+c.ID+")", op+c.Text)
		if _, err := io.WriteString(w, cmd); err != nil {
			return err
		}
	}
	return nil
}

// GitHubCommand is one GitHub Actions workflow command line, such as
// "::error file=F,line=L,col=C,title=T::message\n", annotating loc (its
// line and column when not 0). Every workflow command agentmc-gen prints
// is made here: the property values and the message are escaped so that
// no text (spec text, file names) can end the command or start another.
func GitHubCommand(command string, loc Location, title, message string) string {
	props := "file=" + githubProperty(loc.File)
	if loc.Line > 0 {
		props += fmt.Sprintf(",line=%d", loc.Line)
		if loc.Column > 0 {
			props += fmt.Sprintf(",col=%d", loc.Column)
		}
	}
	if title != "" {
		props += ",title=" + githubProperty(title)
	}
	return fmt.Sprintf("::%s %s::%s\n", command, props, githubData(message))
}

// githubData escapes a workflow command's message.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes a workflow command's property value.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// WriteOverview prints the report for a reader who will see file diffs
// next: the operations added, removed and changed, then the breaking
// changes, one a line.
func (r *Report) WriteOverview(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "API changes from %s (%s) to %s (%s): %d operations added, %d removed, %d changed\n",
		r.Old, oneLine(r.OldVersion), r.New, oneLine(r.NewVersion), len(r.Added), len(r.Removed), len(r.Changed))
	for _, list := range []struct {
		what string
		ops  []string
	}{{"added", r.Added}, {"removed", r.Removed}, {"changed", r.Changed}} {
		for _, op := range list.ops {
			fmt.Fprintf(&b, "  %s: %s\n", list.what, oneLine(op))
		}
	}
	for _, c := range r.Changes {
		if c.Level == Breaking {
			fmt.Fprintf(&b, "  breaking: %s %s: %s\n", c.Method, oneLine(c.Path), oneLine(c.Text))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

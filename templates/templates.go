// Package templates embeds the text templates of the generated files.
// Each may be overridden by a file of the same name in a templates folder
// (the -templates flag); see README.md for the data each one receives.
package templates

import "embed"

// FS holds the embedded templates.
//
//go:embed *.tmpl
var FS embed.FS

// Package templates embeds the text templates of the generated files.
// Each may be overridden by a file of the same name in a templates folder
// (the -templates flag); see README.md for the data each one receives.
package templates

import "embed"

// FS holds the embedded templates.
//
//go:embed *.tmpl
var FS embed.FS

// Site holds the docs site's HTML layout, stylesheet and scripts (site/*),
// read by the site emitter and by serve. A file of the same name in the
// templates folder's site/ subfolder overrides each one.
//
//go:embed site
var Site embed.FS

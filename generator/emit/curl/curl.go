// Package curl emits one runnable cURL script per operation,
// examples/curl/<id>.sh, the same command as the page's cURL section with
// the base URL taken from the environment when set.
package curl

import (
	"strings"

	"github.com/agentmc/agentmc-gen/generator/calls"
	"github.com/agentmc/agentmc-gen/generator/emit"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/generator/output"
)

// Dir is the folder of the scripts, relative to the output folder.
const Dir = "examples/curl"

// ScriptData is what curl.sh.tmpl receives.
type ScriptData struct {
	Operation *model.Operation
	// Command is the cURL command, its lines joined.
	Command string
	// BaseURLEnv names the variable that overrides the base URL.
	BaseURLEnv string
}

// Emit writes the scripts, executable.
func Emit(ctx *emit.Context, out *output.Set) error {
	cfg := ctx.Config
	for _, op := range ctx.API.Operations {
		data := ScriptData{Operation: op, Command: strings.Join(calls.CurlLines(op.Curl, cfg.BaseURL, cfg.BaseURLEnv), "\n"), BaseURLEnv: cfg.BaseURLEnv}
		script, err := ctx.Templates.Execute("curl.sh.tmpl", data)
		if err != nil {
			return err
		}
		f, err := out.Add(Dir+"/"+op.FileName+".sh", script)
		if err != nil {
			return err
		}
		f.Executable = true
	}
	return nil
}

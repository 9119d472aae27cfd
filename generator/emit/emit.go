// Package emit defines what every emitter is: a function from the model to
// files in an output set.
package emit

import (
	"github.com/agentmc/agentmc-gen/generator/config"
	"github.com/agentmc/agentmc-gen/generator/model"
	"github.com/agentmc/agentmc-gen/generator/output"
	"github.com/agentmc/agentmc-gen/generator/render"
)

// Context is what an emitter reads.
type Context struct {
	API       *model.API
	Config    *config.Config
	Templates *render.Templates
}

// Emitter writes one kind of artifact into out.
type Emitter func(ctx *Context, out *output.Set) error

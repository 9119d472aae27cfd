package clientruntime

// The declarations below are those the generator writes into client_gen.go
// for each spec (the golang package tests check that it declares each of them).
// Their values here serve this package's tests; this file is never copied.

// DefaultBaseURL is the URL the operation paths are appended to, unless
// WithBaseURL says otherwise.
const DefaultBaseURL = "http://localhost"

// DefaultUserAgent is the User-Agent header the client sends.
const DefaultUserAgent = "clientruntime-go/0.0.0"

// errorPrefix starts the client's error messages: the package name.
const errorPrefix = "clientruntime: "

// securitySchemes are the spec's security schemes, by name: one of each
// kind the runtime handles.
var securitySchemes = map[string]securityScheme{
	"ApiKeyAuth": {kind: "apiKey", in: "header", name: "X-Api-Key"},
	"QueryKey":   {kind: "apiKey", in: "query", name: "api_key"},
	"CookieKey":  {kind: "apiKey", in: "cookie", name: "session"},
	"BearerAuth": {kind: "http", scheme: "bearer"},
	"BasicAuth":  {kind: "http", scheme: "basic"},
	"DigestAuth": {kind: "http", scheme: "Digest"},
	"OAuth":      {kind: "oauth2"},
}

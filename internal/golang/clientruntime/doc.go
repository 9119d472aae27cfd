// Package clientruntime is the fixed part of every generated Go client: the
// Client, its options, errors, retries, credentials, request building and
// pagination. The generator copies client.go into the generated package as
// it is, but for the package clause; everything that depends on the spec or
// the configuration is generated into client_gen.go. settings.go stands in
// for client_gen.go here, so that the runtime compiles, is vetted and is
// unit-tested as Go in this repository.
package clientruntime

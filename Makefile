# agentmc-gen: `make run` turns spec/ into out/ (the main job); `make test` runs every test.
GO ?= go

.PHONY: run test lint bench golden check build

run:
	$(GO) run ./cmd/agentmc-gen generate

test:
	$(GO) test ./...

# Zero findings: the module is tidy, vet-clean and staticcheck-clean; out/ (a module of its
# own) is vet-clean.
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint:
	$(GO) mod tidy -diff
	$(GO) vet ./...
	$(STATICCHECK) ./...
	cd out && GOWORK=off $(GO) vet ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Rewrite the golden expectations under golden/ from the current generator.
golden:
	$(GO) test ./golden/... -update

check:
	$(GO) run ./cmd/agentmc-gen check

build:
	$(GO) build -o agentmc-gen ./cmd/agentmc-gen

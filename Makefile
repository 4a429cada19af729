# ezz — run `make help` for the targets.
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS  := -s -w -X ezz/internal/cli.version=$(VERSION)
BIN      := bin/ezz
DEMO     := demo-out

.PHONY: help build deps demo test vet bench bench-cli fuzz clean

help: ## show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

build: ## build bin/ezz
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/ezz

deps: ## install the Debian packages ezz and its tests use (fonts, qpdf, poppler-utils)
	./scripts/install-deps.sh

demo: deps build ## run the main job on the bundled samples into demo-out/
	./scripts/demo.sh $(BIN) $(DEMO)

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

vet: ## go vet, staticcheck (pinned) and gofmt; the Windows, macOS and 32-bit builds and vet too; the measuring builds
	$(GO) vet ./...
	$(GO) vet -tags ezzmemprobe ./cmd/ezz && $(GO) vet -tags ezztrace ./cmd/ezz
	for t in windows/amd64 darwin/amd64 linux/386; do GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) build ./... && GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet ./... || exit 1; done
	$(GO) run $(STATICCHECK) ./...
	@test -z "$$(gofmt -l cmd internal)" || { gofmt -l cmd internal; echo 'gofmt: run gofmt -w'; exit 1; }

test: deps vet ## run every test (what CI runs)
	$(GO) test -count=1 -timeout 15m ./...

bench: deps ## run the benchmarks (see docs/BENCHMARKS.md); conversion on 10,000 rows
	EZZ_BENCH_ROWS=10000 $(GO) test -run '^$$' -bench . -benchmem -count 1 -timeout 30m ./...

bench-cli: build ## whole ezz runs: convert 3,000 rows with PDFs, 20,000 --no-pdf, verify 1,000 files
	./scripts/bench-cli.sh $(BIN) 2

fuzz: ## run each fuzz target for 20s
	./scripts/fuzz.sh 20s

clean: ## remove build and demo output
	rm -rf bin $(DEMO)

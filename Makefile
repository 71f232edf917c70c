# Inflow: `make run` to start the app, `make test` to run every test.
# Both install whatever is missing first (see build/scripts/setup.sh).

SHELL   := /bin/bash
GOBIN   := $(shell go env GOPATH)/bin
WAILS   := $(GOBIN)/wails
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := build/bin/inflow
ARGS    ?=

.PHONY: run test build cli setup setup-test test-go test-frontend test-smoke test-e2e lint fuzz bench clean

## run: set up, build the desktop app and open it (ARGS="--data-dir DIR" to pick a profile)
run: setup build
	./$(BIN) $(ARGS)

## test: set up, then run every test: Go, fuzz seeds, frontend, desktop smoke under Xvfb, e2e in Chromium
test: setup-test lint test-go test-frontend build test-smoke test-e2e
	@echo "make test: all suites passed"

setup:
	@build/scripts/setup.sh run

setup-test:
	@build/scripts/setup.sh test

## build: the desktop binary (build/bin/inflow) with the frontend embedded
build:
	cd frontend && npm run build
	$(WAILS) build -s -trimpath -ldflags "$(LDFLAGS)" -o inflow

## cli: the headless binary only (no cgo, no display needed)
cli:
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o inflow .

test-go:
	go test -count=1 ./...

test-frontend:
	cd frontend && npm test

test-smoke:
	INFLOW_DESKTOP_BIN=$(CURDIR)/$(BIN) xvfb-run -a -s "-screen 0 1280x900x24" \
	  dbus-run-session -- go test -count=1 -run TestDesktop -v ./internal/desktoptest/

test-e2e:
	build/scripts/e2e.sh

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...
	GOOS=windows go vet ./...
	GOOS=darwin go vet ./...
	cd frontend && npm run check

## fuzz: run each fuzz target for FUZZTIME (default 30s)
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$(go list ./internal/...); do \
	  for f in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; done

## bench: search index vs SQLite FTS5 on tldr (all languages) and 100k docs, then reviews over
## 100k cards vs SQLite, then sync (push/pull 100k events, incremental syncs, 200 clients on
## badger and PostgreSQL) vs a full-copy upload; JSON lines on stdout (BENCH_ARGS=-quick: search
## on tldr only; REVIEW_BENCH_ARGS="-cards 20000 -answers 200000" for a short review run;
## SYNC_BENCH_ARGS=-quick for a short sync run, or e.g. "-events 20000 -runs 50 -clients 50";
## INFLOW_BENCH_POSTGRES is the database for the sync load test, a fresh schema is made and dropped)
BENCH_ARGS ?=
REVIEW_BENCH_ARGS ?=
SYNC_BENCH_ARGS ?=
INFLOW_BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
bench:
	@go run ./cmd/inflow-bench -runs 3 $(BENCH_ARGS)
	@go run ./cmd/inflow-bench-reviews -runs 3 $(REVIEW_BENCH_ARGS)
	@go run ./cmd/inflow-bench-sync -postgres '$(INFLOW_BENCH_POSTGRES)' $(SYNC_BENCH_ARGS)

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html inflow

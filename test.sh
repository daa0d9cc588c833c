#!/usr/bin/env bash
# Runs every test of Hypersphere: format and vet checks, the native Go tests
# (engine, data, server, the real page in headless Chromium), and the engine
# and data tests again under WebAssembly (Node). It installs what the tests
# need when it is missing and it can (Go modules; Debian's chromium as root).
#
# Usage: ./test.sh            (CIFAR10_DIR defaults to ../shared/cifar10)
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n== %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "Go is not installed: install Go 1.26 (https://go.dev/dl/) and run ./test.sh again"

if [ -z "${CIFAR10_DIR:-}" ] && [ -d ../shared/cifar10 ]; then
  export CIFAR10_DIR="$(cd ../shared/cifar10 && pwd)"
fi

step "Go modules"
go mod download
go mod verify >/dev/null

step "Chromium for the browser tests"
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
      || die "could not install chromium with apt-get; install it yourself (Debian/Ubuntu: sudo apt-get install chromium)"
  else
    die "the browser tests need Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) and run ./test.sh again"
  fi
fi
command -v chromium || command -v chromium-browser

step "Node for the WebAssembly tests"
command -v node >/dev/null || die "the WebAssembly tests run under Node.js: install it (Debian/Ubuntu: sudo apt-get install nodejs)"
node --version

step "Build the page (./build.sh)"
./build.sh

step "gofmt and go vet"
unformatted=$(git ls-files -co --exclude-standard '*.go' | grep -v '_gen\.go$' | xargs -r gofmt -l)
[ -z "$unformatted" ] || die "gofmt would change: $unformatted"
go vet ./...
GOOS=js GOARCH=wasm go vet ./wasm/... ./ui/... ./engine/... ./dataset-subset/

step "Native tests (engine, data, command-line tools, server, components)"
go test -count=1 -timeout 45m $(go list ./... | grep -v '/e2e$')

step "Browser tests (the real page in headless Chromium; screenshots in test-output/)"
# Run alone, after the others, so their CPU load does not skew the page's timing checks.
HYPERSPHERE_E2E_NOBUILD=1 go test -count=1 -timeout 30m ./e2e/

step "Engine and data tests under WebAssembly (Node)"
PATH="$PATH:$(go env GOROOT)/lib/wasm" GOOS=js GOARCH=wasm \
  go test -count=1 -timeout 30m ./engine/... ./dataset-subset/

step "All tests passed"

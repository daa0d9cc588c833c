#!/usr/bin/env bash
# Builds the Hypersphere page into web/ (git-ignored) and optionally serves it.
#
#   ./build.sh          build: Vugu code, page and worker wasm, wasm_exec.js,
#                       the data (cmd/mkdata), static files, .gz siblings
#   ./build.sh serve    build, then serve on http://127.0.0.1:${PORT:-8080}/
#
# Environment: PORT (serve port, default 8080), OUT (output dir, default web),
# CIFAR10_DIR (CIFAR-10 binary files; default ../shared/cifar10 when present),
# SKIP_DATA=1 (keep existing data files), DOWNLOAD=1 (no local CIFAR-10: fetch
# the official archive into data/, check its MD5, and build from it).
set -euo pipefail
cd "$(dirname "$0")"

OUT=${OUT:-web}
PORT=${PORT:-8080}
if [[ -z "${CIFAR10_DIR:-}" && -d ../shared/cifar10 ]]; then
	export CIFAR10_DIR=../shared/cifar10
fi

step() { printf '==> %s\n' "$*"; }

step "generating Vugu code (go generate ./ui/...)"
go generate ./ui/...

mkdir -p "$OUT"
step "building the page wasm ($OUT/main.wasm)"
GOOS=js GOARCH=wasm go build -trimpath -o "$OUT/main.wasm" ./wasm/page
step "building the worker wasm ($OUT/worker.wasm)"
GOOS=js GOARCH=wasm go build -trimpath -o "$OUT/worker.wasm" ./wasm/worker

step "copying static files"
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$OUT/wasm_exec.js"
# Vugu's DOM helper script, loaded as a file because the page's CSP forbids
# the eval() Vugu would otherwise use to install it.
VUGU_DIR=$(go list -m -f '{{.Dir}}' github.com/vugu/vugu)
# Like Vugu's own script maker, leave out the /*DEBUG*/ lines.
rm -f "$OUT/vugu-render.js"
grep -v -E '^[[:space:]]*/\*DEBUG' "$VUGU_DIR/domrender/renderer-js-script.js" > "$OUT/vugu-render.js"
cp index.html "$OUT/index.html"
cp assets/boot.js assets/worker.js assets/favicon.svg "$OUT/"
# One stylesheet: the page's, then the components' own.
cat assets/style.css $(ls ui/charts/*.css ui/explain/*.css 2>/dev/null || true) > "$OUT/style.css"

ARCHIVE=data/cifar-10-binary.tar.gz
if [[ "${SKIP_DATA:-}" == 1 && -f "$OUT/data/manifest.json" ]]; then
	step "keeping the existing data ($OUT/data)"
elif [[ -n "${CIFAR10_DIR:-}" ]]; then
	step "building the data ($OUT/data, from $CIFAR10_DIR)"
	go run ./cmd/mkdata -cifar "$CIFAR10_DIR" -out "$OUT/data" -gz
elif [[ "${DOWNLOAD:-}" == 1 || -f "$ARCHIVE" ]]; then
	# The official archive, downloaded once (MD5-checked) and reused after.
	step "building the data ($OUT/data, from the official archive $ARCHIVE)"
	go run ./cmd/mkdata -download -archive "$ARCHIVE" -out "$OUT/data" -gz
elif [[ -f "$OUT/data/manifest.json" ]]; then
	step "keeping the existing data ($OUT/data): no CIFAR10_DIR, ../shared/cifar10 or $ARCHIVE to rebuild it from"
else
	echo "build.sh: no CIFAR-10 data: set CIFAR10_DIR to a folder with the binary files, or run DOWNLOAD=1 ./build.sh to fetch the official archive" >&2
	exit 1
fi

step "compressing (gzip -9 siblings, served when the browser accepts gzip)"
for f in "$OUT"/*.wasm "$OUT"/*.js "$OUT"/*.css "$OUT"/index.html; do
	gzip -9 -n -k -f "$f"
done

step "built $OUT/ ($(du -sh "$OUT" | cut -f1))"

if [[ "${1:-}" == serve ]]; then
	exec go run ./cmd/serve -dir "$OUT" -addr "127.0.0.1:$PORT"
elif [[ -n "${1:-}" ]]; then
	echo "build.sh: unknown argument \"$1\" (use: ./build.sh [serve])" >&2
	exit 2
fi

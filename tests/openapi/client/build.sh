#!/bin/sh
# Generates the client's types from an OpenAPI document and compiles the
# flow under strict TypeScript: tests/openapi/client/build.sh DOC OUT_DIR
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/../node_modules/.bin"
doc="$1" out="$2"
mkdir -p "$out"
cp "$here/flow.ts" "$here/tsconfig.json" "$out/"
"$bin/openapi-typescript" "$doc" -o "$out/api.d.ts" >/dev/null
# Resolve openapi-fetch from tests/openapi/node_modules.
ln -sfn "$here/../node_modules" "$out/node_modules"
printf '{"type":"module"}\n' >"$out/package.json"
"$bin/tsc" -p "$out/tsconfig.json"
echo "client built in $out/dist"

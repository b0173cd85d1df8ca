#!/usr/bin/env bash
# The whole test suite: type-check, then every jest test (unit, golden, fuzz, integration).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci
npx tsc -p tsconfig.check.json
npx jest --ci "$@"

#!/usr/bin/env bash
# The whole test suite: build (integration tests run the built CLI as a real process),
# type-check the tests too, then every jest test (unit, golden, fuzz, integration).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.json
npx tsc -p tsconfig.check.json
npx jest --ci "$@"

#!/usr/bin/env bash
# The newcomer's first command: install, build, and scan the bundled demo capture in-process
# (in-memory store: no Redis, no services).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.json
node dist/src/cli/main.js scan fixtures/captures/demo.pcap --owners config/owners.example.csv "$@"

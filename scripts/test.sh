#!/usr/bin/env bash
# The whole test suite: install what the integration tests drive (Debian's tshark, softflowd,
# nfcapd/nfdump, redis-server, prometheus's promtool, dnsmasq, mosquitto, sshd, nginx) when missing and we may, build
# (integration tests run the built CLI as a real process), type-check the tests too, then every
# jest test.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in tshark softflowd nfcapd nfdump redis-server promtool zstd bzip2 xz dnsmasq mosquitto /usr/sbin/sshd nginx openssl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    bash scripts/install-test-tools.sh
  else
    echo "rigsweep tests need ${missing[*]}: sudo bash scripts/install-test-tools.sh" >&2
    exit 1
  fi
fi
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.json
npx tsc -p tsconfig.check.json
npx jest --ci "$@"

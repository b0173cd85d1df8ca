#!/usr/bin/env bash
# Debian's tools the integration tests drive: tshark (cross-checks the decoders), redis-server
# (the Redis store's tests start their own on loopback), softflowd and
# nfcapd/nfdump (real NetFlow, IPFIX and CSV exporters), prometheus (its promtool unit-tests the
# example alert rules), zstd, bzip2 and xz (compressed inputs and nfcapd ZSTD blocks). Needs root and apt-get.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends tshark softflowd nfdump redis-server prometheus zstd bzip2 xz-utils >/dev/null

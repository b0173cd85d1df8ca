#!/usr/bin/env bash
# Debian's tools the integration tests drive: tshark (cross-checks the decoders), softflowd and
# nfcapd/nfdump (real NetFlow, IPFIX and CSV exporters). Needs root and apt-get.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends tshark softflowd nfdump >/dev/null

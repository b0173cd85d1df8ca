#!/usr/bin/env bash
# Debian's tools the integration tests drive: tshark (cross-checks the decoders), redis-server
# (the Redis store's tests start their own on loopback), softflowd and
# nfcapd/nfdump (real NetFlow, IPFIX and CSV exporters), prometheus (its promtool unit-tests the
# example alert rules), zstd, bzip2 and xz (compressed inputs and nfcapd ZSTD blocks);
# for the intel and probe tests: dnsmasq (a real DNS server for `intel refresh`) and the real
# servers the probe must call `not-pool` — mosquitto (MQTT), openssh-server (sshd on a high port),
# nginx — plus openssl for their TLS certificates. Needs root and apt-get.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# The tests start every service themselves on 127.0.0.1: keep the packages' own init scripts
# from starting system-wide daemons (sshd on :22, nginx on :80, dnsmasq on :53) during install.
policy=/usr/sbin/policy-rc.d
had_policy=0
[ -e "$policy" ] && had_policy=1
if [ "$had_policy" = 0 ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends tshark softflowd nfdump redis-server prometheus zstd bzip2 xz-utils \
  dnsmasq-base mosquitto openssh-server nginx-light openssl >/dev/null

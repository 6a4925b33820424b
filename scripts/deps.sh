#!/usr/bin/env bash
# Install the Debian packages safeguard needs to build, test and benchmark.
# Idempotent and quiet when everything is already there.
set -euo pipefail

pkgs=(
  build-essential pkg-config
  libsqlite3-dev sqlite3          # embedded store; sqlite3 for tamper tests
  libpq-dev postgresql            # the store for groups and local authorities
  libmicrohttpd-dev libjansson-dev libsodium-dev libinih-dev libcsv-dev zlib1g-dev
  libqrencode-dev                 # the QR code a device is enrolled with
  libcmocka-dev                   # unit tests
  nodejs                          # black-box API and browser tests (node:test)
  chromium                        # browser tests, driven by playwright-core (no browser download)
  curl faketime
  wrk nginx-light                 # make bench
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm comes with some node builds and as Debian's own package with others.
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

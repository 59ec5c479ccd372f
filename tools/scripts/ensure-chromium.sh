#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the browser tests (never downloads a browser build).
set -euo pipefail
chromium_path=${CHROMIUM_PATH:-/usr/bin/chromium}
[[ -x $chromium_path ]] && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "The browser tests need Chromium at $chromium_path: run 'sudo apt-get install chromium' or set CHROMIUM_PATH." >&2
  exit 1
fi

#!/usr/bin/env bash
# Makes sure Debian's redis-server is there for the tests of @taskgate/redis and the benchmarks
# (they start their own, on a free 127.0.0.1 port, without persistence).
set -euo pipefail
redis_path=${REDIS_SERVER:-/usr/bin/redis-server}
[[ -x $redis_path ]] && exit 0
command -v redis-server >/dev/null && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian's redis-server for the Redis tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  # Debian's package starts a system service on 6379: the tests do not use it.
  (command -v systemctl >/dev/null && systemctl disable --now redis-server >/dev/null 2>&1) || service redis-server stop >/dev/null 2>&1 || true
else
  echo "The Redis tests need redis-server at $redis_path: run 'sudo apt-get install redis-server' or set REDIS_SERVER." >&2
  exit 1
fi

#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback, for the tests.
#
#   scripts/pg_test_server.sh start DIR   # prints postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/pg_test_server.sh stop DIR
#
# DIR must not exist yet or be empty. It is given to the server's user, so its
# parent folders must be traversable by that user. initdb and postgres refuse
# to run as root, so as root the server runs as the `postgres` system user
# (created if missing). Trust authentication, loopback only, fsync off: for
# tests, never for data.
# PG_BIN names the folder of initdb/pg_ctl; otherwise the newest
# /usr/lib/postgresql/*/bin, then PATH. Exit code 3: no PostgreSQL binaries.
set -euo pipefail

find_bin() {
  if [[ -n "${PG_BIN:-}" && -x "$PG_BIN/initdb" ]]; then echo "$PG_BIN"; return; fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return; fi
  done
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v initdb)"; return
  fi
  return 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

as_server_user() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

cmd="${1:-}"; dir="${2:-}"
if [[ -z "$cmd" || -z "$dir" ]]; then
  echo "usage: $0 start|stop DIR" >&2; exit 2
fi
bin="$(find_bin)" || { echo "PostgreSQL binaries (initdb, pg_ctl) not found" >&2; exit 3; }
PG_USER="${PG_USER:-postgres}"

case "$cmd" in
  start)
    if [[ "$(id -u)" == 0 ]] && ! id "$PG_USER" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
    fi
    mkdir -p "$dir"
    chmod 755 "$dir"
    [[ "$(id -u)" == 0 ]] && chown "$PG_USER" "$dir"
    as_server_user "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(free_port)"
    as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [[ -d "$dir/data" ]]; then
      as_server_user "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2; exit 2
    ;;
esac

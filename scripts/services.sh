#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis for tests and benchmarks, from the system's binaries.
#
#   scripts/services.sh run CMD...   start both, run CMD with DATABASE_URL/REDIS_URL set, stop both
#                                    (even when CMD fails); exits with CMD's status
#   scripts/services.sh up           start both and keep them; prints the variables to export
#   scripts/services.sh down         stop what `up` started
#
# Missing packages are installed with apt when running as root on Debian/Ubuntu; otherwise the
# script names the packages to install and stops.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE_FILE="$ROOT/var/services.env"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_packages() {
  local missing=()
  local bin
  bin="$(pg_bin)"
  { [ -n "$bin" ] && [ -x "$bin/initdb" ]; } || missing+=(postgresql postgresql-contrib)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ "${CIGEM_SKIP_BROWSER:-False}" != "True" ]; then
    [ -x /usr/bin/chromium ] || missing+=(chromium)
  fi
  command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ "${CIGEM_BENCH:-False}" = "True" ]; then
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    [ -x /usr/bin/time ] || missing+=(time)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "services: installing ${missing[*]} with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "services: missing ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}), or set DATABASE_URL and REDIS_URL to running servers." >&2
    exit 2
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

as_pg() {
  # PostgreSQL refuses to run as root: run its tools as the postgres user then.
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  ensure_packages
  WORK="$(mktemp -d /tmp/cigem-services.XXXXXX)"
  chmod 755 "$WORK"
  local bin; bin="$(pg_bin)"
  PG_PORT="$(free_port)"
  REDIS_PORT="$(free_port)"
  mkdir -p "$WORK/pg"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$WORK/pg"
  as_pg "$bin/initdb" -D "$WORK/pg/data" --auth=trust -U cigem -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$bin/pg_ctl" -D "$WORK/pg/data" -w -l "$WORK/pg/log" \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U cigem cigem
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$WORK" --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  export DATABASE_URL="postgres://cigem@127.0.0.1:$PG_PORT/cigem"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  export CIGEM_SERVICES_DIR="$WORK"
}

stop() {
  local work="${1:-${CIGEM_SERVICES_DIR:-}}"
  [ -n "$work" ] && [ -d "$work" ] || return 0
  local bin; bin="$(pg_bin)"
  [ -d "$work/pg/data" ] && as_pg "$bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  rm -rf "$work"
}

case "${1:-}" in
  run)
    shift
    if [ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ]; then
      exec "$@"
    fi
    start
    trap 'stop "$CIGEM_SERVICES_DIR"' EXIT INT TERM
    set +e
    "$@"
    status=$?
    set -e
    exit $status
    ;;
  up)
    start
    mkdir -p "$(dirname "$STATE_FILE")"
    printf 'export DATABASE_URL=%s\nexport REDIS_URL=%s\nexport CIGEM_SERVICES_DIR=%s\n' \
      "$DATABASE_URL" "$REDIS_URL" "$CIGEM_SERVICES_DIR" > "$STATE_FILE"
    cat "$STATE_FILE"
    ;;
  down)
    if [ -f "$STATE_FILE" ]; then
      # shellcheck disable=SC1090
      . "$STATE_FILE"
      stop "$CIGEM_SERVICES_DIR"
      rm -f "$STATE_FILE"
    fi
    ;;
  *)
    echo "usage: $0 run CMD... | up | down" >&2
    exit 64
    ;;
esac

#!/usr/bin/env bash
# Back up or restore the PostgreSQL database named by DATABASE_URL (pg_dump custom format).
#
#   scripts/backup.sh backup [FILE]    default FILE: var/backups/cigem-YYYYmmdd-HHMMSS.dump
#   scripts/backup.sh restore FILE     restores into DATABASE_URL (objects are replaced)
#
# Uploaded files (MEDIA_ROOT) are not in the database: back them up with the volume or directory.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

if [ -z "${DATABASE_URL:-}" ]; then
  echo "backup: DATABASE_URL is not set (the embedded SQLite file is var/cigem.sqlite3: copy it)." >&2
  exit 2
fi
pg_tool() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$bin" ] && [ -x "$bin/$1" ]; then echo "$bin/$1"; else command -v "$1"; fi
}

case "${1:-}" in
  backup)
    file="${2:-$ROOT/var/backups/cigem-$(date +%Y%m%d-%H%M%S).dump}"
    mkdir -p "$(dirname "$file")"
    "$(pg_tool pg_dump)" --format=custom --no-owner --no-privileges --file="$file" "$DATABASE_URL"
    echo "$file"
    ;;
  restore)
    file="${2:?usage: $0 restore FILE}"
    [ -f "$file" ] || { echo "backup: no file $file" >&2; exit 2; }
    "$(pg_tool pg_restore)" --clean --if-exists --no-owner --no-privileges --exit-on-error \
      --single-transaction --dbname="$DATABASE_URL" "$file"
    echo "restored $file"
    ;;
  *)
    echo "usage: $0 backup [FILE] | restore FILE" >&2
    exit 64
    ;;
esac

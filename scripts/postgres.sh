#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL cluster on 127.0.0.1 for the tests and benchmarks.
#   eval "$(bash scripts/postgres.sh start)"   # prints export lines: BRIEFINGBOT_TEST_POSTGRES (admin connection string)
#   bash scripts/postgres.sh stop DIR
# Installs PostgreSQL from Debian's packages where it is missing. initdb refuses to run as root, so as root the
# cluster belongs to the 'postgres' user (created by the package). Passwords are checked on TCP (scram-sha-256),
# as on a real server; fsync is off because the data is thrown away. BRIEFINGBOT_PG_SHARED_BUFFERS sizes the server's
# buffer cache (PostgreSQL's default, 128MB, for the tests; bench scale: 4GB, a server sized for its 4 GB of reports).
set -euo pipefail

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(find_bin || true)
    if [ -z "$bin" ]; then
      echo "Installing PostgreSQL for the tests..." >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
      bin=$(find_bin)
    fi
    dir=$(mktemp -d /tmp/briefingbot-pg.XXXXXX)
    password="test-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    echo "$password" > "$dir/pw"
    [ "$(id -u)" = 0 ] && chown -R postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pw" --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # A random free port; a port taken in the meantime makes the server fail to start, so try a few.
    started=""
    for attempt in 1 2 3 4 5; do
      port=${BRIEFINGBOT_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=${BRIEFINGBOT_PG_SHARED_BUFFERS:-128MB}" \
        start >&2; then
        started=1
        break
      fi
    done
    [ -n "$started" ] || { cat "$dir/server.log" >&2; exit 1; }
    echo "export BRIEFINGBOT_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres'"
    echo "export BRIEFINGBOT_TEST_POSTGRES_DIR='$dir'"
    echo "export BRIEFINGBOT_TEST_POSTGRES_BIN='$bin'"
    ;;
  stop)
    dir=${2:-${BRIEFINGBOT_TEST_POSTGRES_DIR:-}}
    bin=${BRIEFINGBOT_TEST_POSTGRES_BIN:-$(find_bin)}
    [ -n "$dir" ] && [ -d "$dir/data" ] || exit 0
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac

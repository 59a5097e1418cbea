#!/usr/bin/env bash
# Set up and run the whole test suite.
# The suite uses real parts: a local Spark job (needs a Java 17+ runtime) and a
# headless Chromium check of the HTML report. Where they are missing and this runs
# as root on Debian/Ubuntu, they are installed with apt; otherwise the script says
# what to install. Python packages go into .venv from the project's own files.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "+ apt-get install ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "please install: ${need[*]} (Java 17+ for the Spark test, Chromium for the browser test)" >&2
  fi
fi
# PostgreSQL for the team database tests (they run on SQLite and on PostgreSQL, and fail without
# it): the server at 127.0.0.1:$PG_PORT is used when it answers; otherwise one is started in a
# temporary folder (trust authentication on 127.0.0.1 only, database "test") and stopped at the end.
PG_PORT="${BEHIND_TEST_PG_PORT:-5432}"
export BEHIND_TEST_PG="${BEHIND_TEST_PG:-postgresql://postgres@127.0.0.1:$PG_PORT/test}"
pg_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; }
pg_bin() {
  local tool="$1" dir
  command -v "$tool" 2>/dev/null && return
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/$tool" ] && { echo "$dir/$tool"; return; }; done
  return 1
}
PG_DIR=""
stop_pg() { if [ -n "$PG_DIR" ]; then as_pg "$(pg_bin pg_ctl)" -D "$PG_DIR/data" -m fast stop >/dev/null || true; rm -rf "$PG_DIR"; fi; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if ! pg_answers; then
  if ! pg_bin initdb >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "+ apt-get install postgresql"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      echo "please install PostgreSQL (initdb, pg_ctl) or start a server on 127.0.0.1:$PG_PORT with trust authentication" >&2
      exit 1
    fi
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then useradd --system --no-create-home postgres; fi
  PG_DIR="$(mktemp -d)"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  echo "+ starting PostgreSQL on 127.0.0.1:$PG_PORT in $PG_DIR"
  as_pg "$(pg_bin initdb)" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
  as_pg "$(pg_bin pg_ctl)" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR" start >/dev/null
  trap stop_pg EXIT
  as_pg "$(pg_bin createdb)" -h 127.0.0.1 -p "$PG_PORT" -U postgres test
fi
python3 -m venv .venv
.venv/bin/pip install -q -e ".[test]"
echo "+ matcher: $(.venv/bin/python -c 'from behind.matching.compiled import describe; print(describe())')"
.venv/bin/pytest "$@"

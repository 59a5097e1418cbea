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
python3 -m venv .venv
.venv/bin/pip install -q -e ".[test]"
exec .venv/bin/pytest "$@"

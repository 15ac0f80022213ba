#!/usr/bin/env bash
# The one command that runs every test: installs what the tests need, runs them, prints a closing
# "N passed, N failed" line. Used by README's quick start and by .ci/run. Self-contained: the quality gates that
# read the external corpora (../shared/data) are left out here and run by scripts/quality.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK (dotnet) is not on PATH; install .NET 10 first" >&2
  exit 1
fi

# Test peers on 127.0.0.1, installed from the lockfiles in the repo.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Installing Node.js for the test peers..." >&2
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
for peer in telegram discord llm; do
  npm ci --prefix "tests/peers/$peer" --no-audit --no-fund --loglevel=error
done

# A throw-away PostgreSQL cluster: every storage test runs on SQLite and on PostgreSQL. Required (not skipped):
# without it the PostgreSQL half of the suite fails with a message saying so.
if ! pg_exports=$(bash scripts/postgres.sh start); then
  echo "error: the throw-away PostgreSQL cluster did not start (scripts/postgres.sh)" >&2
  echo "tests: 0 passed, 1 failed (PostgreSQL did not start)"
  exit 1
fi
eval "$pg_exports"

log=$(mktemp)
trap 'rm -f "$log"; bash scripts/postgres.sh stop "$BRIEFINGBOT_TEST_POSTGRES_DIR"' EXIT
status=0
dotnet test BriefingBot.sln -c Release --nologo --filter "Category!=Corpus" 2>&1 | tee "$log" || status=$?

summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1 || true)
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$summary")
if [ -z "$passed" ]; then
  echo "tests: 0 passed, 1 failed (no test summary: the build or the test host failed)"
  exit 1
fi
echo "tests: ${passed} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"

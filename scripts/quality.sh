#!/usr/bin/env bash
# Quality gates on the external evaluation corpora (story grouping, citations, extraction...): the tests marked
# [Trait("Category", "Corpus")]. They need ../shared/data beside the repository (or BRIEFINGBOT_SHARED set to the
# folder that holds data/); without it this script says so and exits 0 having run nothing, unless --require is
# given. .ci/run calls it after scripts/test.sh. See docs/benchmarks.md for the data and the bench figures.
set -euo pipefail
cd "$(dirname "$0")/.."

shared="${BRIEFINGBOT_SHARED:-../shared}"
if [ ! -d "$shared/data" ]; then
  if [ "${1:-}" = "--require" ]; then
    echo "error: $shared/data not found; set BRIEFINGBOT_SHARED to the folder that holds data/" >&2
    exit 1
  fi
  echo "quality: $shared/data not found; the corpus gates were not run"
  exit 0
fi
export BRIEFINGBOT_SHARED="$(cd "$shared" && pwd)"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test tests/BriefingBot.Tests -c Release --nologo --filter "Category=Corpus" 2>&1 | tee "$log" || status=$?
summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1 || true)
passed=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: +([0-9]+),.*/\1/p' <<<"$summary")
if [ -z "$passed" ]; then
  echo "quality: 0 passed, 1 failed (no test summary: the build or the test host failed)"
  exit 1
fi
echo "quality: ${passed} passed, ${failed:-0} failed"
exit "$status"

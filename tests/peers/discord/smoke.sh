#!/usr/bin/env bash
# Smoke test of the Discord test peer: installs it (npm ci), starts launcher.js on a free loopback
# port, runs smoke-checks.js (gateway over WebSocket + REST with node's fetch) against it, checks
# --port 0 and --exit-on-stdin-eof, stops it by PID and checks the port is free again.
# Exits non-zero if any check fails; the last line is `smoke: N passed, M failed`.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
WORK=$(mktemp -d)
PASS=0
FAIL=0
PIDS=()

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

pass() { PASS=$((PASS + 1)); echo "ok   - $1"; }
fail() {
  FAIL=$((FAIL + 1))
  echo "FAIL - $1"
  if [ -n "${2:-}" ]; then echo "       $2" | head -c 2000; echo; fi
}
finish() {
  echo "smoke: $PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
  exit $?
}

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => console.log(p)); });'
}

port_is_free() {
  node -e 'require("net").createServer().once("error", () => process.exit(1)).listen(Number(process.argv[1]), "127.0.0.1", function () { this.close(() => process.exit(0)); });' "$1"
}

# start_peer OUTFILE ARGS...: starts the launcher in the background; sets PEER_PID, waits for READY.
start_peer() {
  local out=$1; shift
  node launcher.js "$@" >"$out" 2>"$out.err" &
  PEER_PID=$!
  PIDS+=("$PEER_PID")
  local i
  for i in $(seq 1 150); do
    grep -q '^READY ' "$out" 2>/dev/null && return 0
    kill -0 "$PEER_PID" 2>/dev/null || break
    sleep 0.1
  done
  return 1
}

# stop_peer PID: SIGTERM and wait; sets STOP_RC (the exit code) and STOP_TIME (ms).
stop_peer() {
  local start end
  start=$(date +%s%N)
  kill -TERM "$1"
  wait "$1"
  STOP_RC=$?
  end=$(date +%s%N)
  STOP_TIME=$(( (end - start) / 1000000 ))
}

# --------------------------------------------------------------------------------------------
echo "# installing (npm ci)"
if npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1; then
  pass "npm ci installs ws, ajv and ajv-formats from the lockfile"
else
  fail "npm ci" "$(tail -20 "$WORK/npm.log")"
  finish
fi
VERSIONS=$(node -e 'console.log(["ws","ajv","ajv-formats"].map(p => p + "@" + require(p + "/package.json").version).join(" "))')
if [ "$VERSIONS" = "ws@8.23.0 ajv@8.20.0 ajv-formats@3.0.1" ]; then pass "installed versions are the pinned ones ($VERSIONS)"; else fail "installed versions are the pinned ones" "$VERSIONS"; fi
if cmp -s discord-openapi.json ../../../../shared/protocol/discord-openapi.json 2>/dev/null || [ ! -e ../../../../shared/protocol/discord-openapi.json ]; then
  pass "discord-openapi.json is the shared spec (or shared/ is absent)"
else
  fail "discord-openapi.json differs from shared/protocol/discord-openapi.json"
fi

PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
echo "# starting launcher on $BASE"
if start_peer "$WORK/peer.out" --port "$PORT"; then
  pass "launcher prints READY"
else
  fail "launcher prints READY" "$(cat "$WORK/peer.out" "$WORK/peer.out.err" 2>/dev/null)"
  finish
fi
MAIN_PID=$PEER_PID
if [ "$(cat "$WORK/peer.out")" = "READY $BASE" ] && [ "$(wc -l <"$WORK/peer.out")" -eq 1 ]; then
  pass "stdout is exactly one READY line with the URL"
else
  fail "stdout is exactly one READY line with the URL" "$(cat "$WORK/peer.out")"
fi

echo "# gateway and REST checks (smoke-checks.js)"
node smoke-checks.js "$BASE" >"$WORK/checks.out" 2>&1
CHECKS_RC=$?
cat "$WORK/checks.out" | grep -v '^checks: '
N_OK=$(grep -c '^ok   - ' "$WORK/checks.out")
N_FAIL=$(grep -c '^FAIL - ' "$WORK/checks.out")
PASS=$((PASS + N_OK))
FAIL=$((FAIL + N_FAIL))
if [ "$CHECKS_RC" -ne 0 ] && [ "$N_FAIL" -eq 0 ]; then fail "smoke-checks.js exited $CHECKS_RC"; fi

echo "# second instance: --port 0 and --exit-on-stdin-eof"
mkfifo "$WORK/stdin"
node launcher.js --port 0 --exit-on-stdin-eof <"$WORK/stdin" >"$WORK/peer2.out" 2>"$WORK/peer2.out.err" &
SECOND_PID=$!
PIDS+=("$SECOND_PID")
exec 9>"$WORK/stdin"
for i in $(seq 1 150); do grep -q '^READY ' "$WORK/peer2.out" 2>/dev/null && break; sleep 0.1; done
BASE2=$(sed -n 's/^READY //p' "$WORK/peer2.out")
if [[ "$BASE2" =~ ^http://127\.0\.0\.1:[0-9]+$ ]] && [ "$BASE2" != "http://127.0.0.1:0" ]; then
  pass "--port 0 reports the port it got ($BASE2)"
else
  fail "--port 0 reports the port it got" "$(cat "$WORK/peer2.out" "$WORK/peer2.out.err")"
fi
if [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$BASE2/test/state")" = "200" ]; then pass "second instance answers /test/state"; else fail "second instance answers /test/state"; fi
exec 9>&-
for i in $(seq 1 50); do kill -0 "$SECOND_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$SECOND_PID" 2>/dev/null; then
  fail "--exit-on-stdin-eof: the peer exits when stdin closes"
else
  wait "$SECOND_PID"; RC=$?
  if [ "$RC" -eq 0 ]; then pass "--exit-on-stdin-eof: the peer exits 0 when stdin closes"; else fail "--exit-on-stdin-eof exit code" "exit $RC"; fi
fi

echo "# stopping by PID"
if [ "$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$BASE/test/state")" = "200" ]; then pass "main launcher still answers before the stop"; else fail "main launcher still answers before the stop"; fi
stop_peer "$MAIN_PID"
if [ "$STOP_RC" -eq 0 ] && [ "$STOP_TIME" -lt 5000 ]; then
  pass "SIGTERM stops the launcher cleanly (exit 0 in ${STOP_TIME} ms)"
else
  fail "SIGTERM stops the launcher cleanly" "exit $STOP_RC after ${STOP_TIME} ms; stderr: $(cat "$WORK/peer.out.err")"
fi
if port_is_free "$PORT"; then pass "port $PORT is free again"; else fail "port $PORT is free again"; fi
if curl -s -m 3 -o /dev/null "$BASE/"; then fail "nothing answers on $BASE any more"; else pass "nothing answers on $BASE any more"; fi
if [ -s "$WORK/peer.out.err" ]; then echo "# launcher stderr:"; sed 's/^/#   /' "$WORK/peer.out.err"; fi

finish

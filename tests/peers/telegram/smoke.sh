#!/usr/bin/env bash
# Smoke test of the Telegram test peer: installs it (npm ci), starts launcher.js on a free loopback
# port, checks the Bot API and test-side routes with curl, stops it by PID and checks the port is
# free again. Exits non-zero if any check fails; the last line is `smoke: N passed, M failed`.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
WORK=$(mktemp -d)
PASS=0
FAIL=0
PIDS=()
TOKEN='123456:TEST-token_A'
BAD_TOKEN='654321:REJECTED'

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

# js EXPR: evaluates a JavaScript expression with r = the last JSON body, status = its HTTP status,
# time = its duration in seconds; prints the value (strings raw, the rest as JSON).
js() {
  node -e '
    const [expr, status, time] = process.argv.slice(1);
    let d = ""; process.stdin.on("data", (c) => d += c).on("end", () => {
      let r; try { r = JSON.parse(d); } catch (e) { r = d; }
      let v; try { v = new Function("r", "status", "time", "return (" + expr + ");")(r, Number(status), Number(time)); } catch (e) { v = undefined; }
      process.stdout.write(typeof v === "string" ? v : String(JSON.stringify(v)));
    });' "$1" "$STATUS" "$TIME" <<<"$BODY"
}

# call PATH [JSON]: POSTs JSON to the emulator; sets STATUS, BODY and TIME.
call() {
  local meta data=${2:-'{}'}
  meta=$(curl -sS -m 30 -o "$WORK/body" -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
    -X POST "$BASE$1" -d "$data" 2>"$WORK/curl.err") || true
  STATUS=${meta%% *}
  TIME=${meta##* }
  BODY=$(cat "$WORK/body" 2>/dev/null || true)
  [ -s "$WORK/curl.err" ] && BODY="$BODY $(cat "$WORK/curl.err")"
  : > "$WORK/body"
}

# expect NAME EXPR: the check passes when EXPR (see js) is true for the last response.
expect() {
  if [ "$(js "$2")" = "true" ]; then pass "$1"; else fail "$1" "HTTP $STATUS in ${TIME}s: $BODY"; fi
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
  for i in $(seq 1 100); do
    grep -q '^READY ' "$out" 2>/dev/null && return 0
    kill -0 "$PEER_PID" 2>/dev/null || break
    sleep 0.1
  done
  return 1
}

# stop_peer PID: SIGTERM and wait; sets STOP_RC (the exit code) and STOP_TIME (seconds).
stop_peer() {
  local start end
  start=$(date +%s%N)
  kill -TERM "$1"
  wait "$1"
  STOP_RC=$?
  end=$(date +%s%N)
  STOP_TIME=$(( (end - start) / 1000000 ))
}

user_message() { # user_message CHAT_ID USER_ID TEXT [TOKEN]
  printf '{"botToken":"%s","from":{"id":%s,"is_bot":false,"first_name":"Tester"},"chat":{"id":%s,"type":"private","first_name":"Tester"},"text":"%s"}' \
    "${4:-$TOKEN}" "$2" "$1" "$3"
}

# --------------------------------------------------------------------------------------------
echo "# installing (npm ci)"
if npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1; then
  pass "npm ci installs telegram-test-api from the lockfile"
else
  fail "npm ci" "$(tail -20 "$WORK/npm.log")"
  finish
fi
STATUS=0 TIME=0 BODY=$(node -e 'console.log(JSON.stringify(require("telegram-test-api/package.json")))')
expect "installed telegram-test-api is 4.2.1" 'r.version === "4.2.1"'

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
STATUS=0 TIME=0 BODY=$(node -e 'console.log(JSON.stringify(require("fs").readFileSync(process.argv[1], "utf8")))' "$WORK/peer.out")
expect "stdout is exactly one READY line with the URL" "r === 'READY $BASE\\n'"

BOT="/bot$TOKEN"

echo "# bot identity"
call "$BOT/getMe"
expect "getMe answers the bot (id 666, is_bot)" 'status === 200 && r.ok === true && r.result.id === 666 && r.result.is_bot === true'

echo "# updates with offset semantics"
call /sendMessage "$(user_message 1 1 /help)"
expect "user sends /help into chat 1 from user 1" 'status === 200 && r.ok === true && r.result.update_id > 0'
HELP_ID=$(js 'r.result.update_id')

call "$BOT/getUpdates"
expect "bot getUpdates returns the /help update" "status === 200 && r.ok && r.result.length === 1 && r.result[0].update_id === $HELP_ID && r.result[0].message.text === '/help' && r.result[0].message.chat.id === 1 && r.result[0].message.from.id === 1"
expect "the update is Bot API shaped (bot_command entity, date in seconds, no botToken)" '(m => m.entities[0].type === "bot_command" && m.entities[0].length === 5 && m.date < 1e11 && !("botToken" in m) && Number.isInteger(m.message_id))(r.result[0].message)'

call "$BOT/getUpdates"
expect "getUpdates without offset returns it again before confirmation" "r.ok && r.result.length === 1 && r.result[0].update_id === $HELP_ID"

call "$BOT/getUpdates" "{\"offset\":$((HELP_ID + 1))}"
expect "getUpdates with offset = last update_id + 1 returns nothing" 'status === 200 && r.ok && r.result.length === 0'

call "$BOT/getUpdates"
expect "a confirmed update is never returned again" 'r.ok && r.result.length === 0'

call "$BOT/getUpdates" '{"timeout":2}'
expect "long poll with nothing pending waits about timeout seconds, then []" 'r.ok && r.result.length === 0 && time >= 1.8 && time < 5'

( sleep 1; curl -sS -m 10 -o /dev/null -H 'Content-Type: application/json' -X POST "$BASE/sendMessage" -d "$(user_message 1 1 'hello there')" ) &
SENDER=$!
call "$BOT/getUpdates" '{"timeout":8}'
wait "$SENDER"
expect "long poll is answered as soon as a user message arrives" "r.ok && r.result.length === 1 && r.result[0].message.text === 'hello there' && time >= 0.8 && time < 4"
LAST_ID=$(js 'r.result[0].update_id')
call "$BOT/getUpdates" "{\"offset\":$((LAST_ID + 1)),\"timeout\":0}"
expect "confirming the long-polled update" 'r.ok && r.result.length === 0'

echo "# bot messages"
call "$BOT/sendMessage" '{"chat_id":1,"text":"<b>Daily briefing</b> for you &amp; me","parse_mode":"HTML","reply_markup":{"inline_keyboard":[[{"text":"More","callback_data":"more:1"}]]}}'
expect "bot sendMessage with parse_mode HTML succeeds" 'status === 200 && r.ok && r.result.chat.id === 1 && Number.isInteger(r.result.message_id)'
expect "sendMessage result: parsed text, bold entity, date in seconds, from the bot" '(m => m.text === "Daily briefing for you & me" && m.entities[0].type === "bold" && m.entities[0].length === 14 && Math.abs(m.date - Date.now() / 1000) < 300 && m.from.id === 666 && m.reply_markup.inline_keyboard[0][0].callback_data === "more:1")(r.result)'
BOT_MSG_ID=$(js 'r.result.message_id')

call /getUpdatesHistory "{\"token\":\"$TOKEN\"}"
expect "test side getUpdatesHistory shows the bot's HTML message" "r.ok && r.result.some(u => u.messageId === $BOT_MSG_ID && u.message.text === '<b>Daily briefing</b> for you &amp; me' && u.message.parse_mode === 'HTML' && String(u.message.chat_id) === '1')"

call /getUpdates "{\"token\":\"$TOKEN\",\"chatId\":1}"
expect "test side getUpdates returns the unread bot message" "r.ok && r.result.length === 1 && r.result[0].messageId === $BOT_MSG_ID"
call /getUpdates "{\"token\":\"$TOKEN\",\"chatId\":1}"
expect "test side getUpdates returns it only once" 'r.ok && r.result.length === 0'

call "$BOT/sendMessage" '{"chat_id":1,"text":"a < b","parse_mode":"HTML"}'
expect "unescaped < in HTML is rejected like Telegram (400 can't parse entities)" 'status === 400 && r.ok === false && r.error_code === 400 && r.description === "Bad Request: can'"'"'t parse entities: Unsupported start tag \"\" at byte offset 2"'

LONG=$(head -c 4097 /dev/zero | tr '\0' 'x')
call "$BOT/sendMessage" "{\"chat_id\":1,\"text\":\"$LONG\"}"
expect "a 4097-character message is rejected (message is too long)" 'status === 400 && r.description === "Bad Request: message is too long"'

call /sendCallback "{\"botToken\":\"$TOKEN\",\"from\":{\"id\":1,\"is_bot\":false,\"first_name\":\"Tester\"},\"message\":{\"message_id\":$BOT_MSG_ID,\"chat\":{\"id\":1,\"type\":\"private\"}},\"data\":\"more:1\"}"
expect "user presses the inline button (sendCallback)" 'r.ok && r.result.callback_query_id !== undefined'
CB_ID=$(js 'r.result.callback_query_id')
call "$BOT/getUpdates"
expect "bot receives the callback_query with data and the message" "r.ok && r.result.length === 1 && r.result[0].callback_query.data === 'more:1' && r.result[0].callback_query.message.message_id === $BOT_MSG_ID && r.result[0].callback_query.id === '$CB_ID'"
CB_UPDATE=$(js 'r.result[0].update_id')
call "$BOT/answerCallbackQuery" "{\"callback_query_id\":\"$CB_ID\"}"
expect "answerCallbackQuery answers true" 'status === 200 && r.ok && r.result === true'
call "$BOT/editMessageText" "{\"chat_id\":1,\"message_id\":$BOT_MSG_ID,\"text\":\"<i>expanded</i>\",\"parse_mode\":\"HTML\"}"
expect "editMessageText returns the edited message" "r.ok && r.result.message_id === $BOT_MSG_ID && r.result.text === 'expanded' && r.result.edit_date > 0"
call "$BOT/getUpdates" "{\"offset\":$((CB_UPDATE + 1))}"
expect "confirming the callback update" 'r.ok && r.result.length === 0'

echo "# commands and administrators"
call "$BOT/setMyCommands" '{"commands":[{"command":"help","description":"Show help"},{"command":"briefing","description":"Today'"'"'s briefing"}]}'
expect "setMyCommands answers true" 'status === 200 && r.ok === true && r.result === true'
call "$BOT/getMyCommands"
expect "getMyCommands returns the remembered commands" 'r.ok && r.result.length === 2 && r.result[0].command === "help" && r.result[1].command === "briefing"'

call "$BOT/getChatAdministrators" '{"chat_id":-100123}'
expect "getChatAdministrators on an unknown group is 400 chat not found" 'status === 400 && r.description === "Bad Request: chat not found"'
call /test/setChatAdministrators '{"chatId":-100123,"userIds":[1,2],"creatorId":1}'
expect "test side sets the administrators of chat -100123" 'status === 200 && r.ok'
call "$BOT/getChatAdministrators" '{"chat_id":-100123}'
expect "getChatAdministrators returns ChatMember objects" 'r.ok && r.result.length === 2 && r.result[0].status === "creator" && r.result[0].user.id === 1 && r.result[1].status === "administrator" && r.result[1].user.id === 2 && r.result[1].user.is_bot === false && typeof r.result[1].user.first_name === "string"'

echo "# files"
CONTENT_B64=$(printf 'feed,url\nexample,https://example.org/rss\n' | base64 | tr -d '\n')
call /test/putFile "{\"fileId\":\"DOC1\",\"fileName\":\"feeds.csv\",\"contentBase64\":\"$CONTENT_B64\",\"mimeType\":\"text/csv\"}"
expect "test side registers a file" 'r.ok && r.result.file_id === "DOC1" && r.result.file_size === 41'
call /sendMessage "{\"botToken\":\"$TOKEN\",\"from\":{\"id\":1,\"is_bot\":false,\"first_name\":\"Tester\"},\"chat\":{\"id\":1,\"type\":\"private\"},\"document\":{\"file_id\":\"DOC1\",\"file_name\":\"feeds.csv\",\"mime_type\":\"text/csv\",\"file_size\":41}}"
call "$BOT/getUpdates"
expect "bot receives the document message" 'r.ok && r.result.length === 1 && r.result[0].message.document.file_id === "DOC1" && r.result[0].message.document.file_unique_id !== undefined'
DOC_UPDATE=$(js 'r.result[0].update_id')
call "$BOT/getFile" '{"file_id":"DOC1"}'
expect "getFile returns file_id, file_unique_id, file_size, file_path" 'r.ok && r.result.file_id === "DOC1" && r.result.file_size === 41 && typeof r.result.file_unique_id === "string" && typeof r.result.file_path === "string"'
FILE_PATH=$(js 'r.result.file_path')
if [ "$(curl -sS -m 10 "$BASE/file/bot$TOKEN/$FILE_PATH" | base64 | tr -d '\n')" = "$CONTENT_B64" ]; then
  pass "GET /file/bot<token>/<file_path> serves the bytes"
else
  fail "GET /file/bot<token>/<file_path> serves the bytes"
fi
call "$BOT/getUpdates" "{\"offset\":$((DOC_UPDATE + 1))}"

echo "# fault injection"
call /test/fail '{"method":"sendMessage","status":429,"retryAfter":2,"count":1}'
expect "test side arms a 429 for the next sendMessage" 'r.ok'
call "$BOT/sendMessage" '{"chat_id":1,"text":"rate limited?"}'
expect "sendMessage answers HTTP 429 with retry_after 2" 'status === 429 && r.ok === false && r.error_code === 429 && r.description === "Too Many Requests: retry after 2" && r.parameters.retry_after === 2'
call "$BOT/sendMessage" '{"chat_id":1,"text":"after the retry"}'
expect "the next sendMessage succeeds" 'status === 200 && r.ok === true && r.result.text === "after the retry"'
call /test/fail '{"method":"getUpdates","status":500}'
call "$BOT/getUpdates"
expect "a 500 fault answers Internal Server Error" 'status === 500 && r.ok === false && r.error_code === 500 && r.description === "Internal Server Error"'
call "$BOT/setChatPhoto" '{}'
expect "a method the emulator lacks answers 404 Not Found like Telegram" 'status === 404 && r.ok === false && r.error_code === 404'

call /test/reset
expect "test side reset" 'r.ok'
call "$BOT/getChatAdministrators" '{"chat_id":-100123}'
expect "reset forgot the administrators" 'status === 400'

echo "# second instance: port 0, rejected token, store timeout"
if start_peer "$WORK/peer2.out" --port 0 --store-timeout 1 && [ -n "$PEER_PID" ]; then
  SECOND_PID=$PEER_PID
  BASE=$(sed -n 's/^READY //p' "$WORK/peer2.out")
  pass "launcher with --port 0 reports the port it got ($BASE)"
else
  SECOND_PID=""
  fail "second launcher starts" "$(cat "$WORK/peer2.out.err" 2>/dev/null)"
fi
if [ -n "$SECOND_PID" ]; then
  kill -TERM "$SECOND_PID"; wait "$SECOND_PID"
  TELEGRAM_REJECT_TOKENS="$BAD_TOKEN,other:1" start_peer "$WORK/peer3.out" --port 0 --store-timeout 1
  THIRD_PID=$PEER_PID
  BASE=$(sed -n 's/^READY //p' "$WORK/peer3.out")
  call "/bot$BAD_TOKEN/getMe"
  expect "a token in TELEGRAM_REJECT_TOKENS gets 401 Unauthorized" 'status === 401 && r.ok === false && r.error_code === 401 && r.description === "Unauthorized"'
  call "/bot$BAD_TOKEN/getUpdates"
  expect "... on every method" 'status === 401'
  call "$BOT/getMe"
  expect "other tokens still work" 'status === 200 && r.ok'
  call /sendMessage "$(user_message 7 7 'kept for the bot')"
  sleep 2.5
  call /getUpdatesHistory "{\"token\":\"$TOKEN\"}"
  expect "the package purges its store after --store-timeout" 'r.ok && r.result.length === 0'
  call "$BOT/getUpdates"
  expect "an unconfirmed update still reaches the bot after the purge" 'r.ok && r.result.length === 1 && r.result[0].message.text === "kept for the bot"'
  stop_peer "$THIRD_PID"
fi
BASE="http://127.0.0.1:$PORT"

echo "# stopping by PID"
call "$BOT/getMe"
expect "main launcher still answers before the stop" 'status === 200'
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

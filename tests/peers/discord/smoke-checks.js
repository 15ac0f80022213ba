#!/usr/bin/env node
'use strict';

// The checks smoke.sh runs against a started peer: node smoke-checks.js http://127.0.0.1:N
// Prints one line per check, "ok   - name" or "FAIL - name" (+ details); exits 1 if any failed.
// Uses the peer's own `ws` package as the gateway client and node's fetch for REST.

const WebSocket = require('ws');

const BASE = process.argv[2];
const API = `${BASE}/api/v10`;
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.smoke.test-token';
const GUILD = '1100000000000000001';
const CHANNEL = '1100000000000000002';
const CHANNEL2 = '1100000000000000003';
const CHANNEL3 = '1100000000000000099';
const USER = '1100000000000000004';
const ROLE = '1100000000000000005';
const APP = '1234567890123456789';

let passed = 0;
let failed = 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function check(name, cond, details) {
  if (cond) {
    passed++;
    console.log(`ok   - ${name}`);
  } else {
    failed++;
    console.log(`FAIL - ${name}`);
    if (details !== undefined) console.log(`       ${(typeof details === 'string' ? details : JSON.stringify(details)).slice(0, 1500)}`);
  }
}

async function http(method, url, body, headers) {
  const h = { ...(headers || {}) };
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    if (!h['Content-Type']) h['Content-Type'] = 'application/json';
  }
  const res = await fetch(url, { method, headers: h, body: payload });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch (_e) {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

const api = (method, path, body, extra) => http(method, `${API}${path}`, body, { Authorization: `Bot ${TOKEN}`, 'User-Agent': 'DiscordBot (https://example.invalid, 1.0)', ...(extra || {}) });
const ctl = (method, path, body) => http(method, `${BASE}${path}`, body);

// A gateway client that queues what it receives.
class Client {
  constructor(url) {
    this.queue = [];
    this.waiters = [];
    this.closed = null;
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data) => {
      const p = JSON.parse(data.toString());
      if (p.op === 0 && typeof p.s === 'number') this.seq = p.s;
      this.queue.push(p);
      this.pump();
    });
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.pump();
    });
    this.ws.on('error', () => {});
  }

  pump() {
    for (const w of [...this.waiters]) {
      const i = this.queue.findIndex(w.pred);
      if (i >= 0) {
        const [p] = this.queue.splice(i, 1);
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(p);
      } else if (this.closed && w.orClose) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(null);
      }
    }
  }

  // Next payload matching pred (null on timeout, or on close when orClose).
  next(pred, timeoutMs = 3000, orClose = true) {
    return new Promise((resolve) => {
      const w = { pred, resolve, orClose };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        resolve(null);
      }, timeoutMs);
      this.waiters.push(w);
      this.pump();
    });
  }

  closeEvent(timeoutMs = 3000) {
    return new Promise((resolve) => {
      const start = Date.now();
      const poll = () => {
        if (this.closed) return resolve(this.closed);
        if (Date.now() - start > timeoutMs) return resolve(null);
        return setTimeout(poll, 20);
      };
      poll();
    });
  }

  send(p) {
    this.ws.send(typeof p === 'string' ? p : JSON.stringify(p));
  }

  // Heartbeats every heartbeat_interval, as a real client does (ACKs are left in the queue).
  startHeartbeat() {
    this.hbTimer = setInterval(() => {
      if (this.ws.readyState === WebSocket.OPEN) this.send({ op: 1, d: this.seq === undefined ? null : this.seq });
    }, this.hello.d.heartbeat_interval);
    this.ws.on('close', () => clearInterval(this.hbTimer));
  }

  identify(extra) {
    this.send({ op: 2, d: { token: TOKEN, intents: 513, properties: { os: 'linux', browser: 'briefingbot', device: 'briefingbot' }, ...(extra || {}) } });
  }
}

const op = (n) => (p) => p.op === n;
const ev = (t) => (p) => p.op === 0 && p.t === t;

async function connect(gatewayUrl) {
  const c = new Client(`${gatewayUrl}/?v=10&encoding=json`);
  await c.opened;
  c.hello = await c.next(op(10));
  return c;
}

async function main() {
  // --- configuration ------------------------------------------------------------------------
  let r = await ctl('POST', '/test/config', {
    heartbeatInterval: 1000,
    tokens: [TOKEN],
    applicationId: APP,
    guilds: [{ id: GUILD, name: 'Briefing HQ', owner_id: USER, roles: [{ id: ROLE, name: 'moderator', permissions: '8192' }], channels: [{ id: CHANNEL, name: 'news' }, { id: CHANNEL2, name: 'digest' }, { id: CHANNEL3, name: 'flood' }] }],
    disallowedIntents: 2,
  });
  check('POST /test/config sets heartbeatInterval, tokens, guilds, disallowedIntents', r.status === 200 && r.body.heartbeatInterval === 1000 && r.body.guilds[0].roles[0].permissions === '8192', r);
  r = await ctl('POST', '/test/config', { heartbeatInterval: 'fast' });
  check('POST /test/config rejects a bad value with 400', r.status === 400 && /heartbeatInterval/.test(r.body.error), r);

  // --- REST basics --------------------------------------------------------------------------
  r = await api('GET', '/gateway/bot');
  const gatewayUrl = r.body && r.body.url;
  check('GET /gateway/bot answers url, shards and session_start_limit', r.status === 200 && /^ws:\/\/127\.0\.0\.1:\d+$/.test(gatewayUrl) && r.body.shards === 1 && r.body.session_start_limit.total === 1000 && r.body.session_start_limit.max_concurrency === 1, r);
  check('... with X-RateLimit-* bucket headers', r.headers.get('x-ratelimit-limit') !== null && r.headers.get('x-ratelimit-remaining') !== null && r.headers.get('x-ratelimit-reset') !== null && r.headers.get('x-ratelimit-reset-after') !== null && /^[0-9a-f]{32}$/.test(r.headers.get('x-ratelimit-bucket') || ''), [...r.headers]);
  r = await http('GET', `${API}/gateway/bot`, undefined, { Authorization: 'Bot wrong-token' });
  check('a bad bot token gets 401 {"message":"401: Unauthorized","code":0}', r.status === 401 && r.body.message === '401: Unauthorized' && r.body.code === 0, r);
  r = await http('GET', `${API}/users/@me`);
  check('no Authorization header gets 401', r.status === 401, r);
  r = await api('GET', '/users/@me');
  check('GET /users/@me answers the bot user', r.status === 200 && r.body.id === APP && r.body.bot === true, r);
  r = await api('POST', '/channels/1100000000000000666/messages', { content: 'where?' });
  check('a channel the peer does not know → 404 Unknown Channel (10003)', r.status === 404 && r.body.code === 10003, r);
  r = await api('GET', '/nothing/here');
  check('a path the spec lacks gets 404', r.status === 404 && r.body.message === '404: Not Found', r);

  // --- gateway: Hello, heartbeat, Identify, READY ------------------------------------------
  const c1 = await connect(gatewayUrl);
  check('gateway sends Hello (op 10) with the configured heartbeat_interval', c1.hello && c1.hello.d.heartbeat_interval === 1000, c1.hello);
  c1.send({ op: 1, d: null });
  let p = await c1.next(op(11), 2000);
  check('Heartbeat (op 1) before Identify is answered with ACK (op 11)', p !== null, c1.queue);
  c1.identify({ shard: [0, 1] });
  const ready = await c1.next(ev('READY'));
  check('Identify → READY dispatch with s=1, v 10, session_id, resume_gateway_url, user, application, shard', ready && ready.s === 1 && ready.d.v === 10 && typeof ready.d.session_id === 'string' && ready.d.resume_gateway_url === gatewayUrl && ready.d.user.id === APP && ready.d.application.id === APP && JSON.stringify(ready.d.shard) === '[0,1]', ready);
  check('READY lists the configured guild as unavailable', ready && ready.d.guilds.length === 1 && ready.d.guilds[0].id === GUILD && ready.d.guilds[0].unavailable === true, ready && ready.d.guilds);
  p = await c1.next(ev('GUILD_CREATE'));
  check('GUILD_CREATE follows (s=2) with the roles and @everyone', p && p.s === 2 && p.d.id === GUILD && p.d.roles.some((x) => x.id === ROLE && x.permissions === '8192') && p.d.roles.some((x) => x.id === GUILD && x.name === '@everyone'), p);
  c1.send({ op: 1, d: c1.seq });
  p = await c1.next(op(11), 2000);
  check('Heartbeat with the last seq → ACK', p !== null);
  r = await ctl('GET', '/test/state');
  check('/test/state: identify count 1, heartbeats 2, session seq 2, payloads recorded', r.body.identifyCount === 1 && r.body.heartbeatsReceived === 2 && r.body.seq === 2 && r.body.connections[0].received.length === 3 && r.body.connections[0].received[2].op === 1, { identifyCount: r.body.identifyCount, heartbeats: r.body.heartbeatsReceived, seq: r.body.seq });

  c1.startHeartbeat();
  // A connection that never heartbeats (checked near the end).
  const silent = await connect(gatewayUrl);

  // --- commands -----------------------------------------------------------------------------
  r = await api('PUT', `/applications/${APP}/guilds/${GUILD}/commands`, [
    { name: 'ask', description: 'Ask the briefing bot', options: [{ type: 3, name: 'question', description: 'What to ask', required: true }] },
    { name: 'brief', description: 'Today\'s briefing', default_member_permissions: 8192 },
  ]);
  const askId = r.body && r.body[0] && r.body[0].id;
  check('PUT guild commands (bulk overwrite) returns the commands with ids', r.status === 200 && r.body.length === 2 && /^\d+$/.test(askId) && r.body[0].guild_id === GUILD && r.body[1].default_member_permissions === '8192', r);
  r = await api('PUT', `/applications/${APP}/commands`, [{ name: 'Ask', description: 'upper case' }]);
  check('a command name with upper case is rejected (50035)', r.status === 400 && r.body.code === 50035 && r.body.errors['0'].name !== undefined, r);
  r = await api('PUT', `/applications/${APP}/commands`, [{ name: 'ask', description: 'x', default_member_permissions: '8' }]);
  check('default_member_permissions as a string is rejected: the spec says integer', r.status === 400 && r.body.code === 50035 && r.body.errors['0'].default_member_permissions !== undefined, r);

  // --- interaction: deferred callback, follow-up, edit ---------------------------------------
  r = await ctl('POST', '/test/interaction', { guildId: GUILD, channelId: CHANNEL, userId: USER, roles: [ROLE], permissions: '8192', name: 'ask', options: [{ name: 'question', type: 3, value: 'what happened today?' }] });
  const inter = r.body.interaction;
  check('/test/interaction builds and dispatches an APPLICATION_COMMAND interaction', r.status === 200 && r.body.delivered === true && inter.type === 2 && inter.data.id === askId && inter.token.length > 20 && r.body.warnings.length === 0, r.body);
  p = await c1.next(ev('INTERACTION_CREATE'));
  check('the bot receives INTERACTION_CREATE (s=3) shaped per the API', p && p.s === 3 && p.d.id === inter.id && p.d.application_id === APP && p.d.guild_id === GUILD && p.d.channel_id === CHANNEL && p.d.member.user.id === USER && p.d.member.roles[0] === ROLE && p.d.member.permissions === '8192' && p.d.version === 1 && p.d.context === 0 && Array.isArray(p.d.entitlements) && p.d.data.options[0].value === 'what happened today?' && typeof p.d.app_permissions === 'string' && p.d.locale === 'en-US', p);
  r = await api('POST', `/interactions/${inter.id}/${inter.token}/callback`, { type: 5 });
  check('deferred callback (type 5) within 3 s → 204', r.status === 204, r);
  r = await api('POST', `/interactions/${inter.id}/${inter.token}/callback`, { type: 4, data: { content: 'again' } });
  check('a second callback → 400 code 40060 "Interaction has already been acknowledged."', r.status === 400 && r.body.code === 40060, r);
  r = await api('POST', `/webhooks/${APP}/${inter.token}`, { content: 'Here is your follow-up' });
  check('follow-up POST /webhooks/{application_id}/{token} → message object', r.status === 200 && r.body.content === 'Here is your follow-up' && r.body.channel_id === CHANNEL && r.body.webhook_id === APP && /^\d+$/.test(r.body.id), r);
  r = await api('PATCH', `/webhooks/${APP}/${inter.token}/messages/@original`, { content: 'Today: three stories', embeds: [{ title: 'Top story', description: 'Something happened', fields: [{ name: 'Source', value: 'example.org' }] }] });
  check('PATCH @original edits the deferred original', r.status === 200 && r.body.content === 'Today: three stories' && r.body.embeds[0].title === 'Top story' && (r.body.flags & 128) === 0, r);
  r = await ctl('GET', `/test/followups?token=${encodeURIComponent(inter.token)}`);
  check('/test/followups?token= returns the follow-up', r.status === 200 && r.body.length === 1 && r.body[0].message.content === 'Here is your follow-up', r.body);
  r = await ctl('GET', `/test/callbacks?interactionId=${inter.id}`);
  check('/test/callbacks records the one accepted callback (type 5, elapsedMs < 3000)', r.body.length === 1 && r.body[0].type === 5 && r.body[0].elapsedMs < 3000, r.body);
  r = await ctl('GET', `/test/messages?channelId=${CHANNEL}`);
  check('/test/messages?channelId= lists the original (edited) and the follow-up', r.body.length === 2 && r.body[0].source === 'original' && r.body[0].edits.length === 1 && r.body[1].source === 'followup', r.body.map((m) => m.source));
  r = await api('POST', `/webhooks/${APP}/not-a-token`, { content: 'x' });
  check('a follow-up with an unknown token → 404 Unknown Webhook (10015)', r.status === 404 && r.body.code === 10015, r);

  r = await ctl('POST', '/test/interaction', { guildId: GUILD, channelId: CHANNEL, userId: USER, name: 'ask', type: 4, options: [{ name: 'question', type: 3, value: 'wha' }] });
  const auto = r.body.interaction;
  p = await c1.next(ev('INTERACTION_CREATE'));
  check('autocomplete interaction (type 4) with the focused option', p && p.d.type === 4 && p.d.data.options[0].focused === true, p);
  r = await api('POST', `/interactions/${auto.id}/${auto.token}/callback`, { type: 4, data: { content: 'no' } });
  check('callback type 4 to an autocomplete interaction → 400 50035', r.status === 400 && r.body.code === 50035 && r.body.errors.type !== undefined, r);
  r = await api('POST', `/interactions/${auto.id}/${auto.token}/callback`, { type: 8, data: { choices: [{ name: 'what happened today?', value: 'what happened today?' }] } });
  check('autocomplete result (type 8) → 204', r.status === 204, r);

  r = await ctl('POST', '/test/interaction', { guildId: GUILD, channelId: CHANNEL, userId: USER, name: 'ask', options: [] });
  const late = r.body.interaction;
  await c1.next(ev('INTERACTION_CREATE'));
  r = await api('POST', `/interactions/${late.id}/${late.token}/callback`, { type: 99 });
  check('a callback type no schema allows → 400 50035 (spec validation)', r.status === 400 && r.body.code === 50035 && r.body.errors.type !== undefined, r);
  r = await api('POST', `/interactions/${late.id}/${late.token}/callback`, { type: 4, data: { content: 'x'.repeat(2001) } });
  check('callback content of 2001 characters → 400 50035 BASE_TYPE_MAX_LENGTH', r.status === 400 && r.body.code === 50035 && r.body.errors.data.content._errors[0].code === 'BASE_TYPE_MAX_LENGTH', r);
  await sleep(3100);
  r = await api('POST', `/interactions/${late.id}/${late.token}/callback`, { type: 4, data: { content: 'too late' } });
  check('a callback more than 3 s after the dispatch → 404 Unknown interaction (10062)', r.status === 404 && r.body.code === 10062 && r.body.message === 'Unknown interaction', r);

  // --- spec validation of message bodies -----------------------------------------------------
  r = await api('POST', `/channels/${CHANNEL2}/messages`, { embeds: [{ title: 42 }] });
  check('an embed whose title is a number → 400 50035 with errors.embeds.0.title', r.status === 400 && r.body.code === 50035 && r.body.message === 'Invalid Form Body' && r.body.errors.embeds['0'].title._errors[0].ajv.keyword === 'type', r);
  r = await api('POST', `/channels/${CHANNEL2}/messages`, { content: 'y'.repeat(2001) });
  check('content of 2001 characters → 400 50035 (Discord\'s 2000 limit; the schema allows 4000)', r.status === 400 && r.body.code === 50035 && r.body.errors.content._errors[0].message === 'Must be 2000 or fewer in length.', r);
  const big = Array.from({ length: 2 }, () => ({ description: 'd'.repeat(3500) }));
  r = await api('POST', `/channels/${CHANNEL}/messages`, { embeds: big });
  check('embeds totalling more than 6000 characters → 400 MAX_EMBED_SIZE_EXCEEDED', r.status === 400 && r.body.code === 50035 && r.body.errors.embeds._errors[0].code === 'MAX_EMBED_SIZE_EXCEEDED', r);
  r = await api('POST', `/channels/${CHANNEL}/messages`, {});
  check('an empty message → 400 code 50006', r.status === 400 && r.body.code === 50006, r);
  r = await api('POST', `/channels/${CHANNEL}/messages`, '{"content": "unterminated', { 'Content-Type': 'application/json' });
  check('invalid JSON → 400 code 50109', r.status === 400 && r.body.code === 50109, r);
  r = await ctl('GET', '/test/requests?route=/channels/{channel_id}/messages&method=POST');
  const rq = r.body.find((x) => x.body && Array.isArray(x.body.embeds) && x.body.embeds[0].title === 42);
  check('/test/requests records route template, body, headers and the validation result', rq && rq.route === '/channels/{channel_id}/messages' && rq.status === 400 && rq.validation.valid === false && rq.validation.errors[0].instancePath === '/embeds/0/title' && rq.headers.authorization === `Bot ${TOKEN}`, rq);

  // --- rate-limit buckets -------------------------------------------------------------------
  const ch = CHANNEL3;
  const remaining = [];
  let bucketHash = null;
  for (let i = 0; i < 5; i++) {
    r = await api('POST', `/channels/${ch}/messages`, { content: `message ${i}` });
    remaining.push(r.status === 200 ? r.headers.get('x-ratelimit-remaining') : `HTTP ${r.status}`);
    bucketHash = r.headers.get('x-ratelimit-bucket');
  }
  check('message creation bucket: limit 5, remaining 4,3,2,1,0', remaining.join(',') === '4,3,2,1,0' && r.headers.get('x-ratelimit-limit') === '5', remaining);
  r = await api('POST', `/channels/${ch}/messages`, { content: 'one too many' });
  check('a request into the exhausted bucket → 429 with Retry-After, X-RateLimit-Scope: user, retry_after, global false', r.status === 429 && Number(r.headers.get('retry-after')) >= 1 && r.headers.get('x-ratelimit-scope') === 'user' && r.headers.get('x-ratelimit-remaining') === '0' && r.headers.get('x-ratelimit-bucket') === bucketHash && r.body.message === 'You are being rate limited.' && r.body.retry_after > 0 && r.body.global === false, { status: r.status, body: r.body, headers: [...r.headers] });
  r = await api('POST', `/channels/${CHANNEL2}/messages`, { content: 'another channel' });
  check('another channel has its own bucket (same bucket hash)', r.status === 200 && r.headers.get('x-ratelimit-bucket') === bucketHash, r.status);
  r = await ctl('GET', '/test/state?payloads=false');
  check('/test/state counts the rate-limit violation', r.body.rateLimitViolations === 1, r.body.rateLimitViolations);

  r = await ctl('POST', '/test/rate-limit', { route: 'POST /channels/{channel_id}/messages', count: 1, retryAfter: 0.5, global: false });
  check('/test/rate-limit arms a 429', r.status === 200 && r.body.remaining === 1, r);
  r = await api('POST', `/channels/${CHANNEL}/messages`, { content: 'limited?' });
  check('injected 429: Retry-After, X-RateLimit-Remaining 0, Reset, Reset-After 0.5, Bucket, Scope, body retry_after 0.5', r.status === 429 && r.headers.get('retry-after') === '1' && r.headers.get('x-ratelimit-remaining') === '0' && r.headers.get('x-ratelimit-reset-after') === '0.5' && r.headers.get('x-ratelimit-reset') !== null && r.headers.get('x-ratelimit-bucket') === bucketHash && r.headers.get('x-ratelimit-scope') === 'user' && r.headers.get('x-ratelimit-global') === null && r.body.retry_after === 0.5 && r.body.global === false, { status: r.status, body: r.body, headers: [...r.headers] });
  r = await api('POST', `/channels/${CHANNEL}/messages`, { content: 'retry too early' });
  check('retrying inside retry_after → 429 again (counted as a violation)', r.status === 429, r);
  await sleep(600);
  r = await api('POST', `/channels/${CHANNEL}/messages`, { content: 'after retry_after' });
  check('after retry_after the request goes through', r.status === 200 && r.body.content === 'after retry_after', r);
  await ctl('POST', '/test/rate-limit', { route: '*', retryAfter: 0.2, global: true });
  r = await api('GET', '/users/@me');
  check('global injected 429 sets X-RateLimit-Global: true and scope global', r.status === 429 && r.headers.get('x-ratelimit-global') === 'true' && r.headers.get('x-ratelimit-scope') === 'global' && r.body.global === true, { body: r.body, headers: [...r.headers] });
  await sleep(250);
  await ctl('POST', '/test/fail', { route: 'GET /guilds/{guild_id}/roles', status: 502, count: 1 });
  r = await api('GET', `/guilds/${GUILD}/roles`);
  check('/test/fail → 502 once', r.status === 502, r);
  r = await api('GET', `/guilds/${GUILD}/roles`);
  check('then GET /guilds/{id}/roles answers the roles', r.status === 200 && r.body.some((x) => x.id === ROLE && x.permissions === '8192'), r);
  r = await api('GET', `/guilds/${GUILD}/members/${USER}`);
  check('GET /guilds/{id}/members/{user} answers the member seen in the interaction with roles', r.status === 200 && r.body.user.id === USER && r.body.roles[0] === ROLE, r);
  r = await api('GET', `/guilds/${GUILD}/members/1100000000000000777`);
  check('an unknown member → 404 Unknown Member (10007)', r.status === 404 && r.body.code === 10007, r);

  // --- threads ------------------------------------------------------------------------------
  r = await api('POST', `/channels/${CHANNEL}/messages`, { content: 'thread starter' });
  const starter = r.body;
  r = await api('POST', `/channels/${CHANNEL}/messages/${starter.id}/threads`, { name: 'Discussion', auto_archive_duration: 1440 });
  check('POST /channels/{id}/messages/{id}/threads → 201 thread channel', r.status === 201 && r.body.id === starter.id && r.body.type === 11 && r.body.parent_id === CHANNEL && r.body.guild_id === GUILD, r);
  r = await api('POST', `/channels/${CHANNEL}/messages/${starter.id}/threads`, { name: 'Again' });
  check('a second thread on the message → 400 160004', r.status === 400 && r.body.code === 160004, r);

  // --- drop + Resume ------------------------------------------------------------------------
  // Skip the MESSAGE_CREATE / THREAD_CREATE echoes of the bot's own messages.
  while (await c1.next((x) => x.op === 0, 300, false)) { /* drain */ }
  const sessionId = ready.d.session_id;
  const lastSeq = c1.seq;
  r = await ctl('POST', '/test/drop', {});
  const dropped = await c1.closeEvent();
  check('/test/drop cuts the socket without a close frame (client sees 1006)', r.status === 200 && dropped && dropped.code === 1006, { r: r.body, dropped });
  r = await ctl('POST', '/test/dispatch', { t: 'MESSAGE_CREATE', d: { id: '1100000000000000100', channel_id: CHANNEL, guild_id: GUILD, content: 'missed 1', author: { id: USER, username: 'u' } } });
  const r2 = await ctl('POST', '/test/dispatch', { t: 'MESSAGE_CREATE', d: { id: '1100000000000000101', channel_id: CHANNEL, guild_id: GUILD, content: 'missed 2', author: { id: USER, username: 'u' } } });
  check('dispatches while disconnected are buffered (delivered false)', r.body.delivered === false && r2.body.delivered === false && r2.body.s === lastSeq + 2, [r.body, r2.body]);
  const c2 = await connect(ready.d.resume_gateway_url); // heartbeats by hand below
  c2.send({ op: 6, d: { token: TOKEN, session_id: sessionId, seq: lastSeq } });
  const m1 = await c2.next((x) => x.op === 0);
  const m2 = await c2.next((x) => x.op === 0);
  const resumed = await c2.next((x) => x.op === 0);
  check('Resume replays the missed dispatches in order, then RESUMED', m1 && m1.t === 'MESSAGE_CREATE' && m1.s === lastSeq + 1 && m1.d.content === 'missed 1' && m2 && m2.s === lastSeq + 2 && resumed && resumed.t === 'RESUMED' && resumed.s === lastSeq + 3, [m1, m2, resumed]);
  r = await ctl('GET', '/test/state?payloads=false');
  check('/test/state: resume count 1, session connected again', r.body.resumeCount === 1 && r.body.sessions[0].connected === true && r.body.sessions[0].resumes === 1, r.body.sessions);

  // --- zombie connection: withheld ACK -------------------------------------------------------
  await ctl('POST', '/test/withhold-acks', { count: 1 });
  c2.send({ op: 1, d: c2.seq });
  p = await c2.next(op(11), 400);
  check('/test/withhold-acks: the next heartbeat gets no ACK', p === null);
  c2.send({ op: 1, d: c2.seq });
  p = await c2.next(op(11), 1000);
  check('... and the one after is ACKed again', p !== null);

  // --- op 1 request, op 7, op 9 ---------------------------------------------------------------
  await ctl('POST', '/test/request-heartbeat', {});
  p = await c2.next(op(1), 1000);
  check('/test/request-heartbeat sends op 1 to the client', p !== null && p.d === null);
  r = await ctl('POST', '/test/reconnect', {});
  p = await c2.next(op(7), 1000);
  check('/test/reconnect sends op 7 Reconnect', r.status === 200 && p !== null, r);
  c2.ws.close(4000);
  await c2.closeEvent();
  const c3 = await connect(gatewayUrl);
  c3.startHeartbeat();
  c3.send({ op: 6, d: { token: TOKEN, session_id: sessionId, seq: c2.seq } });
  p = await c3.next(ev('RESUMED'));
  check('after op 7 the client resumes (close 4000 keeps the session)', p !== null, c3.queue);
  r = await ctl('POST', '/test/invalid-session', { resumable: false });
  p = await c3.next(op(9), 1000);
  check('/test/invalid-session {"resumable":false} sends op 9 d:false', r.status === 200 && p !== null && p.d === false, p);
  c3.ws.close(4000);
  await c3.closeEvent();
  const c4 = await connect(gatewayUrl);
  c4.startHeartbeat();
  c4.send({ op: 6, d: { token: TOKEN, session_id: sessionId, seq: c2.seq } });
  p = await c4.next(op(9), 1000);
  check('resuming the invalidated session → op 9 d:false', p !== null && p.d === false, c4.queue);
  c4.identify();
  p = await c4.next(ev('READY'));
  check('a fresh Identify on the same connection → READY with a new session', p !== null && p.d.session_id !== sessionId, p);

  // --- close codes ----------------------------------------------------------------------------
  const closeCase = async (name, send, code) => {
    const c = await connect(gatewayUrl);
    send(c);
    const closed = await c.closeEvent(3000);
    check(name, closed && closed.code === code, closed);
  };
  await closeCase('Identify with an unknown token → close 4004 "Authentication failed."', (c) => c.send({ op: 2, d: { token: 'nope', intents: 1, properties: { os: 'linux', browser: 'x', device: 'x' } } }), 4004);
  await closeCase('a payload before Identify → close 4003', (c) => c.send({ op: 3, d: { since: null, activities: [], status: 'online', afk: false } }), 4003);
  await closeCase('invalid JSON → close 4002', (c) => c.send('{"op": 2,'), 4002);
  await closeCase('an unknown opcode → close 4001', (c) => c.send({ op: 42, d: null }), 4001);
  await closeCase('an invalid shard → close 4010', (c) => c.identify({ shard: [1, 1] }), 4010);
  await closeCase('a disallowed intent (GUILD_MEMBERS configured disallowed) → close 4014', (c) => c.identify({ intents: 513 | 2 }), 4014);
  await closeCase('intents that are not an integer → close 4013', (c) => c.identify({ intents: 'all' }), 4013);
  await closeCase('more than 120 payloads in 60 s → close 4008 "Rate limited."', (c) => { for (let i = 0; i < 121; i++) c.send({ op: 1, d: null }); }, 4008);
  const bad = new Client(`${gatewayUrl}/?v=9&encoding=json`);
  await bad.opened;
  const badClose = await bad.closeEvent();
  check('?v=9 → close 4012 (API v10 only)', badClose && badClose.code === 4012, badClose);

  r = await ctl('GET', '/test/gateway');
  const rl = r.body.find((x) => x.closed && x.closed.code === 4008);
  check('/test/gateway records every received payload per connection with op, d, time', rl && rl.received.length === 121 && rl.received[0].op === 1 && typeof rl.received[0].time === 'number' && rl.closed.reason === 'Rate limited.', rl && { received: rl.received.length, closed: rl.closed });

  const silentClose = await silent.closeEvent(5000);
  check('a connection that sends no heartbeat is closed (4000 "Heartbeat timed out.") after 1.5 × interval + 2 s', silentClose && silentClose.code === 4000 && silentClose.reason === 'Heartbeat timed out.', silentClose);

  // --- reset ----------------------------------------------------------------------------------
  r = await ctl('POST', '/test/reset', {});
  const c4closed = await c4.closeEvent();
  check('POST /test/reset closes connections and forgets everything', r.status === 200 && c4closed !== null && r.body.config.heartbeatInterval === 41250, { r: r.body.config && r.body.config.heartbeatInterval, c4closed });
  r = await ctl('GET', '/test/state');
  check('... state is empty afterwards', r.body.identifyCount === 0 && r.body.requests.length === 0 && r.body.sessions.length === 0, r.body);
  r = await ctl('POST', '/test/dispatch', { t: 'INTERACTION_CREATE', d: {} });
  check('/test/dispatch without a session → 409', r.status === 409, r);

  console.log(`checks: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log(`FAIL - smoke-checks crashed: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});

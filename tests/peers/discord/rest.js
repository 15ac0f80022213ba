'use strict';

// The fake Discord REST API under /api/v10.
//
// Every request goes through, in order:
//   1. route lookup in the OpenAPI spec (404 unknown path, 405 method the spec lacks)
//   2. Authorization: Bot <token> (401 {"message":"401: Unauthorized","code":0}); optional only on
//      the operations whose spec security allows no token (interaction callback, webhooks, /gateway)
//   3. the global limit (50 requests / s; interaction endpoints exempt)
//   4. test-injected faults (/test/rate-limit, /test/fail)
//   5. "retry_after not honoured": a request inside the retry_after of an earlier 429 gets 429 again
//   6. the per-route bucket (429 when it has 0 remaining; X-RateLimit-* headers on every answer)
//   7. path and query parameters against the spec (400 50035)
//   8. the body: JSON (400 50109), then the requestBody schema (400 50035)
//   9. the route's own handler: Discord's documented limits and semantics
// and is recorded (GET /test/requests).

const { nestErrors, ajvProblems } = require('./spec');
const { messageLimitProblems, isEmptyMessage, commandProblems } = require('./limits');
const { INTENTS, isObj, discordTimestamp } = require('./state');

const MAX_RECORDED_REQUESTS = 5000;
const INTERACTION_TEMPLATES = new Set([
  '/interactions/{interaction_id}/{interaction_token}/callback',
  '/webhooks/{webhook_id}/{webhook_token}',
  '/webhooks/{webhook_id}/{webhook_token}/messages/@original',
  '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
]);

class HttpError {
  constructor(status, body, headers) {
    this.status = status;
    this.body = body;
    this.headers = headers || {};
  }
}

const err = (status, message, code, extra) => new HttpError(status, { message, code, ...(extra || {}) });
const invalidForm = (problems) => new HttpError(400, { message: 'Invalid Form Body', code: 50035, errors: nestErrors(problems) });
const unknownInteraction = () => err(404, 'Unknown interaction', 10062);
const unknownWebhook = () => err(404, 'Unknown Webhook', 10015);
const unknownMessage = () => err(404, 'Unknown Message', 10008);
const emptyMessage = () => err(400, 'Cannot send an empty message', 50006);
const unknownChannel = () => err(404, 'Unknown Channel', 10003);

function normalizeTemplate(t) {
  return t.replace(/\{[^}]*\}/g, '{}');
}

// Does a /test/rate-limit or /test/fail rule match this request?
// route: "*", "METHOD /path/template", "/path/template" (any method), or a concrete path.
function ruleMatches(rule, method, template, path) {
  if (!rule.route || rule.route === '*') return true;
  let r = rule.route.trim();
  let m = null;
  const sp = r.indexOf(' ');
  if (sp > 0) {
    m = r.slice(0, sp).toUpperCase();
    r = r.slice(sp + 1).trim();
  }
  if (m && m !== method) return false;
  r = r.replace(/^\/api\/v\d+/, '');
  if (r.includes('{')) return normalizeTemplate(r) === normalizeTemplate(template);
  return r === path || r === template;
}

function fmt(seconds) {
  return (Math.round(seconds * 1000) / 1000).toString();
}

class Rest {
  constructor(peer, gateway, spec, log) {
    this.peer = peer;
    this.gateway = gateway;
    this.spec = spec;
    this.log = log;
    this.handlers = this.buildHandlers();
  }

  // Compiles the validators of the emulated routes up front (about 1-2 s), so the first request
  // of a test does not pay for it inside the interaction's 3-second window.
  precompile() {
    for (const key of Object.keys(this.handlers)) {
      const [method, template] = key.split(' ');
      const op = this.spec.operation(template, method);
      if (!op) throw new Error(`emulated route missing from the spec: ${key}`);
      const info = this.spec.bodyInfo(template, method, op);
      if (info && info.hasJson) this.spec.checkBody(template, method, op, {});
      this.spec.checkParams(template, method, op, {}, new URLSearchParams());
    }
  }

  async handle(req, res, url, bodyBuf) {
    const started = Date.now();
    const method = req.method.toUpperCase();
    const path = url.pathname.replace(/^\/api\/v10/, '') || '/';
    const rec = {
      id: ++this.peer.requestSeq,
      time: started,
      method,
      route: null,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: pickHeaders(req.headers),
      body: undefined,
      validation: null,
      status: null,
      response: undefined,
      rateLimit: null,
      violation: null,
    };
    let result;
    try {
      result = this.process(req, method, path, url, bodyBuf, rec);
    } catch (e) {
      if (e instanceof HttpError) result = e;
      else {
        this.log(`error on ${method} ${url.pathname}: ${e && e.stack ? e.stack : e}`);
        result = err(500, '500: Internal Server Error', 0);
      }
    }
    const headers = { ...(rec.rateLimitHeaders || {}), ...(result.headers || {}) };
    rec.status = result.status;
    rec.response = result.body;
    rec.durationMs = Date.now() - started;
    if ([401, 403, 429].includes(result.status)) this.peer.counters.invalidRequests++;
    this.peer.requests.push(rec);
    if (this.peer.requests.length > MAX_RECORDED_REQUESTS) this.peer.requests.shift();
    if (process.env.DISCORD_PEER_LOG === '1') this.log(`${method} ${url.pathname} -> ${result.status} (${rec.durationMs} ms)`);
    send(res, result.status, result.body, headers);
  }

  process(req, method, path, url, bodyBuf, rec) {
    const matched = this.spec.match(path);
    if (!matched) throw err(404, '404: Not Found', 0);
    const { template, params } = matched;
    rec.route = template;
    rec.params = params;
    const op = this.spec.operation(template, method);
    if (!op) throw err(405, '405: Method Not Allowed', 0);
    rec.operationId = op.operationId;
    const routeKey = `${method} ${template}`;

    // 2. authorization
    const auth = req.headers.authorization;
    let token = null;
    if (auth !== undefined) {
      const m = /^Bot (.+)$/.exec(auth);
      if (!m || !this.peer.tokenOk(m[1])) throw err(401, '401: Unauthorized', 0);
      token = m[1];
    } else if (!this.spec.authOptional(op) || this.peer.config.requireAuthEverywhere) {
      throw err(401, '401: Unauthorized', 0);
    }
    rec.authorized = token !== null;
    const interactionRoute = INTERACTION_TEMPLATES.has(template);
    const now = Date.now();

    // 3. global limit
    const bucket = this.peer.bucketSpec(routeKey);
    const bucketKey = `${bucket.group}\n${this.peer.majorKey(params)}`;
    if (!interactionRoute) {
      const g = this.peer.config.globalRateLimit;
      const w = this.peer.globalWindow;
      while (w.length && w[0] <= now - g.windowMs) w.shift();
      if (w.length >= g.limit) {
        const retryAfter = (w[0] + g.windowMs - now) / 1000;
        rec.violation = 'global';
        this.peer.counters.rateLimitViolations++;
        throw this.tooMany(retryAfter, { global: true, scope: 'global' });
      }
      w.push(now);
    }

    // 4. injected faults
    const fault = this.peer.faults.find((f) => f.remaining > 0 && ruleMatches(f, method, template, path));
    if (fault) {
      fault.remaining--;
      fault.hits++;
      rec.fault = fault.kind;
      if (fault.kind === 'rate-limit') {
        const retryAfter = fault.retryAfter;
        this.peer.blocks.set(fault.global ? 'global' : bucketKey, now + retryAfter * 1000);
        throw this.tooMany(retryAfter, { global: fault.global, scope: fault.scope || (fault.global ? 'global' : 'user'), bucket, limit: bucket.limit });
      }
      throw new HttpError(fault.status, fault.body);
    }

    // 5. retry_after of an earlier 429 not honoured
    for (const key of interactionRoute ? [bucketKey] : ['global', bucketKey]) {
      const until = this.peer.blocks.get(key);
      if (until === undefined) continue;
      if (now < until) {
        rec.violation = 'retry-after';
        this.peer.counters.rateLimitViolations++;
        throw this.tooMany((until - now) / 1000, { global: key === 'global', scope: key === 'global' ? 'global' : 'user', bucket, limit: bucket.limit });
      }
      this.peer.blocks.delete(key);
    }

    // 6. per-route bucket
    let b = this.peer.buckets.get(bucketKey);
    if (!b || now >= b.resetAt) {
      b = { resetAt: now + bucket.windowMs, remaining: bucket.limit };
      this.peer.buckets.set(bucketKey, b);
    }
    const resetAfter = (b.resetAt - now) / 1000;
    if (b.remaining <= 0) {
      rec.violation = 'bucket-exhausted';
      rec.rateLimit = { bucket: bucket.hash, limit: bucket.limit, remaining: 0, resetAfter };
      this.peer.counters.rateLimitViolations++;
      throw this.tooMany(resetAfter, { global: false, scope: 'user', bucket, limit: bucket.limit, resetAt: b.resetAt });
    }
    b.remaining--;
    rec.rateLimit = { bucket: bucket.hash, limit: bucket.limit, remaining: b.remaining, resetAfter };
    rec.rateLimitHeaders = {
      'X-RateLimit-Limit': String(bucket.limit),
      'X-RateLimit-Remaining': String(b.remaining),
      'X-RateLimit-Reset': fmt(b.resetAt / 1000),
      'X-RateLimit-Reset-After': fmt(resetAfter),
      'X-RateLimit-Bucket': bucket.hash,
    };

    // 7. parameters
    const paramProblems = this.spec.checkParams(template, method, op, params, url.searchParams);
    if (paramProblems.length) {
      rec.validation = { valid: false, stage: 'parameters', errors: paramProblems };
      throw invalidForm(paramProblems);
    }

    // 8. body
    let body;
    const info = this.spec.bodyInfo(template, method, op);
    const raw = bodyBuf.length ? bodyBuf.toString('utf8') : '';
    if (info) {
      const ct = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
      if (raw.length > 0 && ct !== 'application/json') {
        const listed = info.contentTypes.map((c) => `'${c}'`).join(', ');
        const problems = [{ path: [], code: 'CONTENT_TYPE_INVALID', message: `Expected "Content-Type" header to be one of {${listed}}.` }];
        rec.validation = { valid: false, stage: 'content-type', errors: problems };
        if (info.contentTypes.includes(ct)) {
          throw err(415, `${ct} bodies are not emulated by the test peer; send application/json`, 0);
        }
        throw invalidForm(problems);
      }
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch (_e) {
          rec.body = raw.slice(0, 2000);
          rec.validation = { valid: false, stage: 'json' };
          throw err(400, 'The request body contains invalid JSON.', 50109);
        }
      } else {
        body = {};
      }
      rec.body = body;
      if (info.hasJson) {
        const result = this.spec.checkBody(template, method, op, body);
        rec.validation = { valid: result.valid, stage: 'schema', schema: result.branch || info.schemaPointer, errors: result.errors };
        if (!result.valid) throw invalidForm(ajvProblems(result.errors));
      }
    } else if (raw.length > 0) {
      try {
        rec.body = JSON.parse(raw);
      } catch (_e) {
        rec.body = raw.slice(0, 2000);
      }
    }

    // 9. the route
    const handler = this.handlers[routeKey];
    if (!handler) throw err(501, `Not emulated by the Discord test peer: ${routeKey}`, 0);
    return handler({ params, query: url.searchParams, body, token, now: Date.now(), rec });
  }

  tooMany(retryAfter, { global, scope, bucket, limit, resetAt }) {
    const now = Date.now();
    const ra = Math.max(0, retryAfter);
    const headers = { 'Retry-After': String(Math.ceil(ra)), 'X-RateLimit-Scope': scope };
    if (bucket) {
      headers['X-RateLimit-Limit'] = String(limit);
      headers['X-RateLimit-Remaining'] = '0';
      headers['X-RateLimit-Reset'] = fmt((resetAt || now + ra * 1000) / 1000);
      headers['X-RateLimit-Reset-After'] = fmt(ra);
      headers['X-RateLimit-Bucket'] = bucket.hash;
    }
    if (global) headers['X-RateLimit-Global'] = 'true';
    return new HttpError(429, { message: 'You are being rate limited.', retry_after: Number(fmt(ra)), global: Boolean(global) }, headers);
  }

  // ---------------------------------------------------------------------------------------------

  buildHandlers() {
    const peer = this.peer;
    const h = {};

    h['GET /gateway'] = () => ok({ url: peer.gatewayUrl() });
    h['GET /gateway/bot'] = () => ok({
      url: peer.gatewayUrl(),
      shards: peer.config.shards,
      session_start_limit: { total: 1000, remaining: Math.max(0, 999 - this.gateway.identifyCount), reset_after: 14400000, max_concurrency: 1 },
    });
    h['GET /users/@me'] = () => ok(peer.botUser());
    // create_dm: one DM channel per recipient, which messages can then be posted to.
    h['POST /users/@me/channels'] = ({ body }) => {
      const recipient = String(body.recipient_id);
      let id = peer.dmChannels.get(recipient);
      if (!id) {
        id = peer.snowflake();
        peer.dmChannels.set(recipient, id);
        peer.noteChannel(id, null);
      }
      return ok({ id, type: 1, last_message_id: null, flags: 0, recipients: [{ id: recipient, username: `user-${recipient}`, discriminator: '0', global_name: null, avatar: null }] });
    };
    h['GET /applications/@me'] = () => ok({
      id: peer.config.applicationId,
      name: peer.config.botUsername,
      icon: null,
      description: '',
      type: null,
      bot: peer.botUser(),
      is_monetized: false,
      is_verified: false,
      is_discoverable: false,
      bot_public: true,
      bot_require_code_grant: false,
      flags: 0,
      verify_key: '0'.repeat(64),
      team: null,
      approximate_guild_count: peer.config.guilds.length,
      interactions_endpoint_url: null,
    });

    // --- application commands -------------------------------------------------------------
    const checkApp = (params) => {
      if (params.application_id !== peer.config.applicationId) throw err(403, 'Missing Access', 50001);
      if (params.guild_id !== undefined && !peer.guild(params.guild_id)) throw err(403, 'Missing Access', 50001);
      return params.guild_id || 'global';
    };
    const commandObject = (c, scope, existing) => {
      const type = c.type === undefined || c.type === null ? 1 : c.type;
      const out = {
        id: existing ? existing.id : peer.snowflake(),
        application_id: peer.config.applicationId,
        version: peer.snowflake(),
        default_member_permissions: c.default_member_permissions === undefined || c.default_member_permissions === null ? null : String(c.default_member_permissions),
        type,
        name: c.name,
        name_localizations: c.name_localizations || null,
        description: type === 1 ? c.description : '',
        description_localizations: c.description_localizations || null,
        dm_permission: scope === 'global' ? c.dm_permission !== false : undefined,
        contexts: Array.isArray(c.contexts) ? c.contexts : scope === 'global' ? [0, 1, 2] : null,
        integration_types: Array.isArray(c.integration_types) ? c.integration_types : [0],
        nsfw: c.nsfw === true,
      };
      if (Array.isArray(c.options) && c.options.length) out.options = c.options;
      if (scope !== 'global') out.guild_id = scope;
      if (out.dm_permission === undefined) delete out.dm_permission;
      return out;
    };
    const listCommands = ({ params }) => ok(peer.commands.get(checkApp(params)) || []);
    const bulkOverwrite = ({ params, body }) => {
      const scope = checkApp(params);
      const list = body === null ? [] : body;
      const problems = commandProblems(list);
      if (problems.length) throw invalidForm(problems);
      const before = peer.commands.get(scope) || [];
      const next = list.map((c) => {
        const type = c.type === undefined || c.type === null ? 1 : c.type;
        const existing = before.find((x) => (c.id && x.id === c.id) || (x.name === c.name && x.type === type));
        return commandObject(c, scope, existing);
      });
      peer.commands.set(scope, next);
      return ok(next);
    };
    const createCommand = ({ params, body }) => {
      const scope = checkApp(params);
      const problems = commandProblems([body]).map((p) => ({ ...p, path: p.path.slice(1) }));
      if (problems.length) throw invalidForm(problems);
      const list = peer.commands.get(scope) || [];
      const type = body.type === undefined || body.type === null ? 1 : body.type;
      const idx = list.findIndex((x) => x.name === body.name && x.type === type);
      const cmd = commandObject(body, scope, idx >= 0 ? list[idx] : null);
      if (idx >= 0) list[idx] = cmd;
      else list.push(cmd);
      peer.commands.set(scope, list);
      return { status: idx >= 0 ? 200 : 201, body: cmd };
    };
    h['GET /applications/{application_id}/commands'] = listCommands;
    h['GET /applications/{application_id}/guilds/{guild_id}/commands'] = listCommands;
    h['PUT /applications/{application_id}/commands'] = bulkOverwrite;
    h['PUT /applications/{application_id}/guilds/{guild_id}/commands'] = bulkOverwrite;
    h['POST /applications/{application_id}/commands'] = createCommand;
    h['POST /applications/{application_id}/guilds/{guild_id}/commands'] = createCommand;

    // --- interactions ---------------------------------------------------------------------
    const ALLOWED_CALLBACKS = { 1: [1], 2: [4, 5, 9, 12], 3: [4, 5, 6, 7, 9, 12], 4: [8], 5: [4, 5, 6, 7] };
    h['POST /interactions/{interaction_id}/{interaction_token}/callback'] = ({ params, body, query, now }) => {
      const rec = peer.interactions.get(params.interaction_id);
      if (!rec || rec.interaction.token !== params.interaction_token) throw unknownInteraction();
      const elapsedMs = now - rec.createdAt;
      if (elapsedMs > peer.config.interactionTimeoutMs) {
        rec.lateCallbacks++;
        throw unknownInteraction();
      }
      if (rec.ack) {
        rec.duplicateCallbacks++;
        throw err(400, 'Interaction has already been acknowledged.', 40060);
      }
      const allowed = ALLOWED_CALLBACKS[rec.interaction.type] || [];
      if (!allowed.includes(body.type)) {
        throw invalidForm([{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Interaction response type ${body.type} is not valid for interaction type ${rec.interaction.type}; allowed: {${allowed.join(', ')}}.` }]);
      }
      const data = isObj(body.data) ? body.data : {};
      if (body.type === 4 || body.type === 7) {
        const problems = messageLimitProblems(data, ['data']);
        if (problems.length) throw invalidForm(problems);
        if (body.type === 4 && isEmptyMessage(data)) throw emptyMessage();
      }
      const i = rec.interaction;
      rec.ack = { type: body.type, time: now, elapsedMs };
      const ephemeral = Number.isInteger(data.flags) && (data.flags & 64) !== 0;
      if (body.type === 4 || body.type === 5) {
        const flags = (ephemeral ? 64 : 0) | (body.type === 5 ? 128 : 0) | (Number.isInteger(data.flags) ? data.flags & ~64 & ~128 : 0);
        const message = peer.messageObject({
          channelId: i.channel_id,
          body: body.type === 4 ? data : {},
          type: 20,
          webhookId: peer.config.applicationId,
          interaction: i,
          flags,
        });
        rec.original = peer.storeMessage({ source: 'original', channelId: i.channel_id, interactionId: i.id, token: i.token, message, deferred: body.type === 5 });
      }
      if ((body.type === 6 || body.type === 7) && isObj(i.message) && typeof i.message.id === 'string') {
        // Component / modal interactions: @original is the message the component is on.
        let stored = peer.messagesById.get(i.message.id);
        if (!stored) stored = peer.storeMessage({ source: 'component', channelId: i.channel_id, interactionId: i.id, token: i.token, message: i.message });
        if (body.type === 7) {
          const next = { ...stored.message, edited_timestamp: discordTimestamp(now) };
          if (data.content !== undefined) next.content = data.content === null ? '' : data.content;
          if (data.embeds !== undefined) next.embeds = (data.embeds || []).map((e) => ({ type: 'rich', ...e, content_scan_version: 0 }));
          if (data.components !== undefined) next.components = data.components || [];
          stored.edits.push({ time: now, body: data });
          stored.message = next;
        }
        rec.original = stored;
      }
      peer.callbacks.push({ interactionId: i.id, token: i.token, type: body.type, data: body.data === undefined ? null : body.data, time: now, elapsedMs });
      const withResponse = ['true', '1'].includes(String(query.get('with_response') || '').toLowerCase());
      if (!withResponse) return { status: 204 };
      const out = {
        interaction: {
          id: i.id,
          type: i.type,
          response_message_id: rec.original ? rec.original.message.id : undefined,
          response_message_loading: body.type === 5 ? true : undefined,
          response_message_ephemeral: rec.original ? ephemeral : undefined,
        },
        resource: { type: body.type },
      };
      if (body.type === 4) out.resource.message = rec.original.message;
      return ok(out);
    };

    // Interaction webhooks: webhook_id = application id, webhook_token = interaction token.
    const interactionForWebhook = (params, now) => {
      if (params.webhook_id !== peer.config.applicationId) throw unknownWebhook();
      const rec = peer.interactionsByToken.get(params.webhook_token);
      if (!rec) throw unknownWebhook();
      if (now - rec.createdAt > peer.config.interactionTokenTtlMs) throw err(401, 'Invalid Webhook Token', 50027);
      return rec;
    };
    h['POST /webhooks/{webhook_id}/{webhook_token}'] = ({ params, body, now }) => {
      const rec = interactionForWebhook(params, now);
      if (!rec.ack || rec.ack.type === 8) throw unknownWebhook();
      const problems = messageLimitProblems(body);
      if (problems.length) throw invalidForm(problems);
      if (isEmptyMessage(body)) throw emptyMessage();
      const i = rec.interaction;
      const message = peer.messageObject({ channelId: i.channel_id, body, type: 0, webhookId: peer.config.applicationId, interaction: i });
      const stored = peer.storeMessage({ source: 'followup', channelId: i.channel_id, interactionId: i.id, token: i.token, message });
      rec.followups.push(stored);
      return ok(message);
    };
    const findWebhookMessage = (rec, messageId) => {
      if (messageId === '@original') {
        if (!rec.original || rec.original.deleted) throw unknownMessage();
        return rec.original;
      }
      const f = rec.followups.find((x) => x.message.id === messageId && !x.deleted);
      if (f) return f;
      if (rec.original && !rec.original.deleted && rec.original.message.id === messageId) return rec.original;
      throw unknownMessage();
    };
    const editWebhookMessage = (messageId) => ({ params, body, now }) => {
      const rec = interactionForWebhook(params, now);
      const stored = findWebhookMessage(rec, messageId || params.message_id);
      const problems = messageLimitProblems(body);
      if (problems.length) throw invalidForm(problems);
      const msg = stored.message;
      const next = { ...msg };
      if (body.content !== undefined) next.content = body.content === null ? '' : body.content;
      if (body.embeds !== undefined) next.embeds = (body.embeds || []).map((e) => ({ type: 'rich', ...e, content_scan_version: 0 }));
      if (body.components !== undefined) next.components = body.components || [];
      if (body.attachments !== undefined) next.attachments = [];
      if (body.poll !== undefined && body.poll !== null) next.poll = body.poll;
      const wasLoading = (msg.flags & 128) !== 0;
      if (isEmptyMessage({ content: next.content, embeds: next.embeds, components: next.components, poll: next.poll })) throw emptyMessage();
      next.flags = msg.flags & ~128;
      if (Number.isInteger(body.flags)) next.flags = (next.flags & 64) | (body.flags & ~64 & ~128);
      next.edited_timestamp = wasLoading ? null : discordTimestamp(now);
      stored.edits.push({ time: now, body });
      stored.message = next;
      return ok(next);
    };
    h['PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original'] = editWebhookMessage('@original');
    h['PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}'] = editWebhookMessage(null);
    h['GET /webhooks/{webhook_id}/{webhook_token}/messages/@original'] = ({ params, now }) => ok(findWebhookMessage(interactionForWebhook(params, now), '@original').message);
    h['GET /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}'] = ({ params, now }) => ok(findWebhookMessage(interactionForWebhook(params, now), params.message_id).message);
    const deleteWebhookMessage = (messageId) => ({ params, now }) => {
      const stored = findWebhookMessage(interactionForWebhook(params, now), messageId || params.message_id);
      stored.deleted = true;
      return { status: 204 };
    };
    h['DELETE /webhooks/{webhook_id}/{webhook_token}/messages/@original'] = deleteWebhookMessage('@original');
    h['DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}'] = deleteWebhookMessage(null);

    // --- channels -------------------------------------------------------------------------
    const channelOr404 = (id) => {
      const info = peer.channelInfo(id);
      if (!info) throw unknownChannel();
      return info;
    };
    h['POST /channels/{channel_id}/messages'] = ({ params, body, now }) => {
      channelOr404(params.channel_id);
      const problems = messageLimitProblems(body);
      if (problems.length) throw invalidForm(problems);
      if (isEmptyMessage(body)) throw emptyMessage();
      if (isObj(body.message_reference) && body.message_reference.message_id && body.message_reference.fail_if_not_exists !== false && !peer.messagesById.has(body.message_reference.message_id)) {
        throw invalidForm([{ path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }]);
      }
      if (body.enforce_nonce === true && body.nonce !== undefined && body.nonce !== null) {
        const dup = peer.messages.find((m) => m.source === 'channel' && m.channelId === params.channel_id && m.message.nonce === body.nonce && now - m.time < 5 * 60 * 1000);
        if (dup) return ok(dup.message);
      }
      const message = peer.messageObject({ channelId: params.channel_id, body, type: body.message_reference ? 19 : 0 });
      peer.storeMessage({ source: 'channel', channelId: params.channel_id, message });
      this.echo('MESSAGE_CREATE', params.channel_id, message);
      return ok(message);
    };
    h['GET /channels/{channel_id}/messages/{message_id}'] = ({ params }) => {
      channelOr404(params.channel_id);
      const m = peer.messagesById.get(params.message_id);
      if (!m || m.deleted || m.channelId !== params.channel_id) throw unknownMessage();
      return ok(m.message);
    };
    h['POST /channels/{channel_id}/typing'] = ({ params }) => {
      channelOr404(params.channel_id);
      return { status: 204 };
    };
    h['POST /channels/{channel_id}/messages/{message_id}/threads'] = ({ params, body, now }) => {
      channelOr404(params.channel_id);
      const m = peer.messagesById.get(params.message_id);
      if (!m || m.deleted || m.channelId !== params.channel_id) throw unknownMessage();
      if (peer.threads.has(params.message_id)) throw err(400, 'A thread has already been created for this message', 160004);
      const guild = peer.guildForChannel(params.channel_id);
      const archive = Number.isInteger(body.auto_archive_duration) ? body.auto_archive_duration : 4320;
      const thread = {
        id: params.message_id,
        type: 11,
        last_message_id: null,
        flags: 0,
        guild_id: guild ? guild.id : undefined,
        name: body.name,
        parent_id: params.channel_id,
        rate_limit_per_user: Number.isInteger(body.rate_limit_per_user) ? body.rate_limit_per_user : 0,
        bitrate: 64000,
        user_limit: 0,
        rtc_region: null,
        owner_id: peer.botUserId,
        thread_metadata: { archived: false, archive_timestamp: discordTimestamp(now), auto_archive_duration: archive, locked: false, create_timestamp: discordTimestamp(now) },
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        member: { id: params.message_id, user_id: peer.botUserId, join_timestamp: discordTimestamp(now), flags: 1 },
      };
      if (!thread.guild_id) delete thread.guild_id;
      peer.threads.set(thread.id, thread);
      m.message = { ...m.message, thread, flags: (m.message.flags || 0) | 32 };
      this.echo('THREAD_CREATE', params.channel_id, { ...thread, newly_created: true });
      return { status: 201, body: thread };
    };

    // --- guilds ---------------------------------------------------------------------------
    const guildOr404 = (id) => {
      const g = peer.guild(id);
      if (!g) throw err(404, 'Unknown Guild', 10004);
      return g;
    };
    h['GET /guilds/{guild_id}'] = ({ params }) => {
      const g = guildOr404(params.guild_id);
      const full = peer.guildCreatePayload(g);
      for (const k of ['members', 'channels', 'threads', 'presences', 'voice_states', 'stage_instances', 'guild_scheduled_events', 'soundboard_sounds', 'joined_at', 'large', 'unavailable', 'member_count', 'application_command_counts']) delete full[k];
      return ok(full);
    };
    h['GET /guilds/{guild_id}/roles'] = ({ params }) => ok(peer.guildRoles(guildOr404(params.guild_id)));
    h['GET /guilds/{guild_id}/members/{user_id}'] = ({ params }) => {
      const g = guildOr404(params.guild_id);
      const m = peer.findMember(g, params.user_id);
      if (!m) throw err(404, 'Unknown Member', 10007);
      return ok(peer.memberObject(m));
    };

    return h;
  }

  // The bot's own message / thread coming back over the gateway, as Discord does when the
  // session's intents ask for it (GUILD_MESSAGES or DIRECT_MESSAGES; GUILDS for threads).
  echo(t, channelId, d) {
    if (!this.peer.config.echoOwnMessages) return;
    const guild = this.peer.guildForChannel(channelId);
    const session = this.gateway.targetSession(null, guild ? guild.id : null);
    if (!session) return;
    let need;
    if (t === 'THREAD_CREATE') need = INTENTS.GUILDS;
    else need = guild ? INTENTS.GUILD_MESSAGES : INTENTS.DIRECT_MESSAGES;
    if (!(session.intents & need)) return;
    const payload = { ...d };
    if (guild) {
      payload.guild_id = guild.id;
      if (t === 'MESSAGE_CREATE') payload.member = { roles: [], joined_at: discordTimestamp(Date.UTC(2024, 0, 1)), deaf: false, mute: false, flags: 0, pending: false, premium_since: null, nick: null, avatar: null, banner: null, communication_disabled_until: null };
    }
    this.gateway.dispatch(session, t, payload);
  }
}

function ok(body) {
  return { status: 200, body };
}

function pickHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) {
    if (['authorization', 'content-type', 'user-agent', 'content-length'].includes(k) || k.startsWith('x-')) out[k] = v;
  }
  return out;
}

function send(res, status, body, headers) {
  const h = { ...headers };
  let payload = '';
  if (status !== 204 && body !== undefined) {
    payload = JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  }
  h['Content-Length'] = Buffer.byteLength(payload);
  res.writeHead(status, h);
  res.end(payload);
}

module.exports = { Rest, send, ruleMatches };

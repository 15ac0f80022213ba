'use strict';

// Test-side control routes under /test/* (JSON in, JSON out; errors are {"error":"..."} with 400,
// 404 or 409). See README.md for every route's body and answer.

const { mergeConfig, isObj, INTENTS } = require('./state');
const { OP } = require('./gateway');
const { isSnowflake } = require('./spec');

class ControlError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}
const bad = (m) => new ControlError(400, m);
const conflict = (m) => new ControlError(409, m);

const HTTP_REASONS = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

class Control {
  constructor(peer, gateway, rest) {
    this.peer = peer;
    this.gateway = gateway;
    this.rest = rest;
  }

  handle(method, url, body) {
    const key = `${method} ${url.pathname}`;
    const q = url.searchParams;
    const b = isObj(body) ? body : {};
    if (body !== undefined && body !== null && !isObj(body)) throw bad('body must be a JSON object');
    const peer = this.peer;
    const gw = this.gateway;

    switch (key) {
      case 'POST /test/reset':
        gw.reset();
        peer.reset(b.keepConfig === true);
        return { reset: true, config: peer.config };

      case 'GET /test/config':
        return peer.config;

      case 'POST /test/config':
        try {
          peer.config = mergeConfig(peer.config, b);
        } catch (e) {
          throw bad(e.message);
        }
        return peer.config;

      case 'GET /test/state':
        return this.state(q.get('payloads') !== 'false');

      case 'GET /test/gateway': {
        const id = q.get('connectionId');
        const conns = [...gw.connections.values()].filter((c) => !id || String(c.id) === id);
        return conns.map((c) => gw.connectionSummary(c, true));
      }

      case 'POST /test/dispatch': {
        if (typeof b.t !== 'string' || !b.t) throw bad('t (event name) is required');
        if (b.d === undefined) throw bad('d is required');
        const session = gw.targetSession(b.sessionId, isObj(b.d) ? b.d.guild_id : null);
        if (!session) throw conflict('no valid gateway session (has the bot identified?)');
        if (b.t === 'INTERACTION_CREATE') peer.registerInteraction(b.d);
        if (b.t === 'MESSAGE_CREATE' && isObj(b.d) && typeof b.d.id === 'string' && typeof b.d.channel_id === 'string') {
          peer.storeMessage({ source: 'gateway', channelId: b.d.channel_id, message: b.d });
          peer.noteChannel(b.d.channel_id, b.d.guild_id);
        }
        return gw.dispatch(session, b.t, b.d);
      }

      case 'POST /test/interaction': {
        let built;
        try {
          built = peer.buildInteraction(b);
        } catch (e) {
          throw bad(e.message);
        }
        const session = gw.targetSession(b.sessionId, built.interaction.guild_id);
        if (!session) throw conflict('no valid gateway session (has the bot identified?)');
        peer.registerInteraction(built.interaction);
        const result = gw.dispatch(session, 'INTERACTION_CREATE', built.interaction);
        return { ...result, interaction: built.interaction, warnings: built.warnings };
      }

      case 'POST /test/message':
        return this.userMessage(b);

      case 'POST /test/drop': {
        const session = gw.targetSession(b.sessionId);
        if (!session) throw conflict('no valid gateway session');
        const connId = gw.drop(session);
        if (connId === null) throw conflict('the session has no open connection');
        return { dropped: connId, sessionId: session.id, seq: session.seq };
      }

      case 'POST /test/reconnect': {
        const conn = this.connFor(b.sessionId);
        gw.sendOp(conn, OP.RECONNECT, null);
        return { sent: 'op 7', connectionId: conn.id };
      }

      case 'POST /test/invalid-session': {
        const resumable = b.resumable === true;
        const session = gw.targetSession(b.sessionId);
        const conn = this.connFor(b.sessionId);
        if (!resumable && session) gw.invalidate(session.id, 'test invalid-session');
        gw.sendOp(conn, OP.INVALID_SESSION, resumable);
        return { sent: 'op 9', resumable, connectionId: conn.id, sessionId: session ? session.id : null };
      }

      case 'POST /test/request-heartbeat': {
        const conn = this.connFor(b.sessionId, true);
        gw.sendOp(conn, OP.HEARTBEAT, null);
        return { sent: 'op 1', connectionId: conn.id };
      }

      case 'POST /test/withhold-acks': {
        if (!Number.isInteger(b.count) || b.count < 0) throw bad('count must be an integer >= 0');
        gw.withholdAcks = b.count;
        return { withholdAcks: gw.withholdAcks };
      }

      case 'POST /test/close': {
        const code = b.code === undefined ? 4000 : b.code;
        if (!Number.isInteger(code) || !(code === 1000 || code === 1001 || (code >= 4000 && code <= 4999))) throw bad('code must be 1000, 1001 or 4000-4999');
        const conn = b.connectionId !== undefined ? gw.connections.get(Number(b.connectionId)) : this.connFor(b.sessionId, true);
        if (!conn) throw new ControlError(404, 'no such connection');
        gw.serverClose(conn, code, typeof b.reason === 'string' ? b.reason : '');
        return { closed: conn.id, code };
      }

      case 'POST /test/rate-limit': {
        const count = b.count === undefined ? 1 : b.count;
        const retryAfter = b.retryAfter === undefined ? 1 : b.retryAfter;
        if (typeof b.route !== 'string' || !b.route) throw bad('route is required, e.g. "POST /channels/{channel_id}/messages" or "*"');
        if (!Number.isInteger(count) || count < 1) throw bad('count must be an integer >= 1');
        if (typeof retryAfter !== 'number' || retryAfter < 0) throw bad('retryAfter must be a number of seconds >= 0');
        if (b.scope !== undefined && !['user', 'global', 'shared'].includes(b.scope)) throw bad('scope must be user, global or shared');
        const fault = { kind: 'rate-limit', route: b.route, remaining: count, count, hits: 0, retryAfter, global: b.global === true, scope: b.scope };
        peer.faults.push(fault);
        return fault;
      }

      case 'POST /test/fail': {
        const count = b.count === undefined ? 1 : b.count;
        const status = b.status === undefined ? 502 : b.status;
        if (typeof b.route !== 'string' || !b.route) throw bad('route is required');
        if (!Number.isInteger(status) || status < 400 || status > 599) throw bad('status must be 400-599');
        if (!Number.isInteger(count) || count < 1) throw bad('count must be an integer >= 1');
        const body = isObj(b.body) ? b.body : { message: typeof b.message === 'string' ? b.message : `${status}: ${HTTP_REASONS[status] || 'Error'}`, code: Number.isInteger(b.code) ? b.code : 0 };
        const fault = { kind: 'fail', route: b.route, remaining: count, count, hits: 0, status, body };
        peer.faults.push(fault);
        return fault;
      }

      case 'GET /test/requests': {
        let list = peer.requests;
        if (q.get('route')) list = list.filter((r) => r.route === q.get('route'));
        if (q.get('method')) list = list.filter((r) => r.method === q.get('method').toUpperCase());
        if (q.get('path')) list = list.filter((r) => r.path === q.get('path'));
        if (q.get('since')) list = list.filter((r) => r.id > Number(q.get('since')));
        return list;
      }

      case 'GET /test/messages': {
        let list = peer.messages;
        if (q.get('channelId')) list = list.filter((m) => m.channelId === q.get('channelId'));
        if (q.get('source')) list = list.filter((m) => m.source === q.get('source'));
        return list.map(messageRecord);
      }

      case 'GET /test/followups': {
        const token = q.get('token');
        const interactionId = q.get('interactionId');
        const list = peer.messages.filter((m) => m.source === 'followup' && (!token || m.token === token) && (!interactionId || m.interactionId === interactionId));
        return list.map(messageRecord);
      }

      case 'GET /test/callbacks': {
        const token = q.get('token');
        const interactionId = q.get('interactionId');
        return peer.callbacks.filter((c) => (!token || c.token === token) && (!interactionId || c.interactionId === interactionId));
      }

      case 'GET /test/interactions': {
        const list = [...peer.interactions.values()].map((r) => {
          const s = peer.interactionSummary(r);
          s.original = r.original ? messageRecord(r.original) : null;
          s.followups = r.followups.map(messageRecord);
          return s;
        });
        return list;
      }

      case 'GET /test/commands': {
        const scope = q.get('guildId') || 'global';
        return peer.commands.get(scope) || [];
      }

      default:
        throw new ControlError(404, `no test route ${key}`);
    }
  }

  // The open connection of the target session (or, with anyConnection, the newest open one).
  connFor(sessionId, anyConnection) {
    const session = this.gateway.targetSession(sessionId);
    const conn = this.gateway.connectionOf(session);
    if (conn) return conn;
    if (anyConnection && !sessionId) {
      const open = this.gateway.openConnections();
      if (open.length) return open[open.length - 1];
    }
    throw conflict('no open gateway connection for the session');
  }

  // A user's message in a channel, dispatched as MESSAGE_CREATE with Discord's intent rules:
  // GUILD_MESSAGES (guild) or DIRECT_MESSAGES (no guild) needed; without MESSAGE_CONTENT the
  // content, embeds, attachments and components are emptied unless the bot is mentioned or it is
  // a DM.
  userMessage(b) {
    const peer = this.peer;
    const channelId = String(b.channelId || '');
    const userId = String(b.userId || '');
    const guildId = b.guildId === undefined || b.guildId === null ? null : String(b.guildId);
    if (!isSnowflake(channelId)) throw bad('channelId must be a snowflake string');
    if (!isSnowflake(userId)) throw bad('userId must be a snowflake string');
    if (guildId !== null && !isSnowflake(guildId)) throw bad('guildId must be a snowflake string');
    if (typeof b.content !== 'string') throw bad('content must be a string');
    const session = this.gateway.targetSession(b.sessionId, guildId);
    if (!session) throw conflict('no valid gateway session (has the bot identified?)');
    const username = b.username || `user${userId.slice(-4)}`;
    const author = peer.userObject(userId, username);
    const message = peer.messageObject({ channelId, body: { content: b.content, embeds: b.embeds }, author, guildId });
    const mentionsBot = b.content.includes(`<@${peer.botUserId}>`) || b.content.includes(`<@!${peer.botUserId}>`);
    if (mentionsBot) message.mentions = [{ ...peer.botUser() }];
    if (guildId) {
      const roles = Array.isArray(b.roles) ? b.roles : [];
      message.member = { roles, joined_at: message.timestamp, deaf: false, mute: false, flags: 0, pending: false, premium_since: null, nick: null, avatar: null, banner: null, communication_disabled_until: null };
      peer.seenMembers.set(`${guildId}\n${userId}`, { id: userId, username, roles, nick: null });
    }
    peer.storeMessage({ source: 'user', channelId, message });
    peer.noteChannel(channelId, guildId);
    const need = guildId ? INTENTS.GUILD_MESSAGES : INTENTS.DIRECT_MESSAGES;
    if (!(session.intents & need)) return { delivered: false, reason: `the session's intents lack ${guildId ? 'GUILD_MESSAGES' : 'DIRECT_MESSAGES'}`, message };
    const d = { ...message };
    if (guildId && !mentionsBot && !(session.intents & INTENTS.MESSAGE_CONTENT)) {
      d.content = '';
      d.embeds = [];
      d.attachments = [];
      d.components = [];
    }
    const result = this.gateway.dispatch(session, 'MESSAGE_CREATE', d);
    return { ...result, message: d };
  }

  state(withPayloads) {
    const peer = this.peer;
    const gw = this.gateway;
    const current = gw.currentSessionId ? gw.sessions.get(gw.currentSessionId) : null;
    return {
      url: peer.httpBase(),
      gatewayUrl: peer.gatewayUrl(),
      currentSessionId: current ? current.id : null,
      seq: current ? current.seq : null,
      identifyCount: gw.identifyCount,
      resumeCount: gw.resumeCount,
      heartbeatsReceived: gw.heartbeatsReceived,
      withholdAcks: gw.withholdAcks,
      acksWithheld: gw.acksWithheld,
      connections: [...gw.connections.values()].map((c) => gw.connectionSummary(c, withPayloads)),
      sessions: [...gw.sessions.values()].map((s) => gw.sessionSummary(s)),
      rateLimitViolations: peer.counters.rateLimitViolations,
      invalidRequests: peer.counters.invalidRequests,
      faults: peer.faults,
      interactions: [...peer.interactions.values()].map((r) => peer.interactionSummary(r)),
      requests: peer.requests,
    };
  }
}

function messageRecord(m) {
  return {
    source: m.source,
    channelId: m.channelId,
    interactionId: m.interactionId,
    token: m.token,
    time: m.time,
    deleted: m.deleted,
    edits: m.edits,
    message: m.message,
  };
}

module.exports = { Control, ControlError };

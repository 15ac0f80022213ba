'use strict';

// The fake Discord gateway (API v10, encoding=json, no compression) on the peer's HTTP port:
// ws://127.0.0.1:N/?v=10&encoding=json. Behaviour follows discord-api-docs
// developers/events/gateway.mdx, gateway-events.mdx and topics/opcodes-and-status-codes.mdx.

const crypto = require('crypto');
const { WebSocketServer, WebSocket } = require('ws');
const { INTENTS, ALL_INTENTS, isObj } = require('./state');

const OP = { DISPATCH: 0, HEARTBEAT: 1, IDENTIFY: 2, PRESENCE_UPDATE: 3, VOICE_STATE_UPDATE: 4, RESUME: 6, RECONNECT: 7, REQUEST_GUILD_MEMBERS: 8, INVALID_SESSION: 9, HELLO: 10, HEARTBEAT_ACK: 11, REQUEST_SOUNDBOARD_SOUNDS: 31 };
const CLIENT_OPS = new Set([1, 2, 3, 4, 6, 8, 31]);

const CLOSE = {
  UNKNOWN_ERROR: [4000, 'Unknown error.'],
  UNKNOWN_OPCODE: [4001, 'Unknown opcode.'],
  DECODE_ERROR: [4002, 'Error while decoding payload.'],
  NOT_AUTHENTICATED: [4003, 'Not authenticated.'],
  AUTHENTICATION_FAILED: [4004, 'Authentication failed.'],
  ALREADY_AUTHENTICATED: [4005, 'Already authenticated.'],
  INVALID_SEQ: [4007, 'Invalid seq.'],
  RATE_LIMITED: [4008, 'Rate limited.'],
  SESSION_TIMED_OUT: [4009, 'Session timed out.'],
  INVALID_SHARD: [4010, 'Invalid shard.'],
  SHARDING_REQUIRED: [4011, 'Sharding required.'],
  INVALID_API_VERSION: [4012, 'Invalid API version.'],
  INVALID_INTENTS: [4013, 'Invalid intent(s).'],
  DISALLOWED_INTENTS: [4014, 'Disallowed intent(s).'],
};
// Close codes after which the session cannot be resumed.
const NON_RESUMABLE = new Set([1000, 1001, 4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);
const MAX_RECORDED = 2000;
const MAX_BUFFERED = 5000;

class Gateway {
  constructor(peer, log) {
    this.peer = peer;
    this.log = log;
    this.wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });
    this.resetState();
  }

  resetState() {
    this.connections = new Map(); // id → conn
    this.sessions = new Map(); // session id → session
    this.nextConnId = 1;
    this.currentSessionId = null;
    this.identifyCount = 0;
    this.resumeCount = 0;
    this.heartbeatsReceived = 0;
    this.withholdAcks = 0;
    this.acksWithheld = 0;
  }

  // Closes every connection (code 4000 unless given) and forgets sessions.
  reset() {
    for (const conn of this.connections.values()) {
      if (conn.ws.readyState === WebSocket.OPEN || conn.ws.readyState === WebSocket.CONNECTING) {
        this.serverClose(conn, 4000, 'Test peer reset.');
      }
      clearTimeout(conn.heartbeatTimer);
    }
    this.resetState();
  }

  shutdown() {
    for (const conn of this.connections.values()) {
      clearTimeout(conn.heartbeatTimer);
      try {
        conn.ws.terminate();
      } catch (_e) { /* already gone */ }
    }
    this.wss.close();
  }

  handleUpgrade(req, socket, head) {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname !== '/') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
  }

  onConnection(ws, url) {
    const conn = {
      id: this.nextConnId++,
      ws,
      openedAt: Date.now(),
      query: Object.fromEntries(url.searchParams),
      sessionId: null,
      identified: false,
      received: [],
      sent: [],
      receivedCount: 0,
      heartbeats: 0,
      lastHeartbeat: null,
      rateWindow: [],
      heartbeatTimer: null,
      serverClose: null,
      closed: null,
      dropped: false,
    };
    this.connections.set(conn.id, conn);
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('close', (code, reason) => this.onClose(conn, code, reason.toString()));
    ws.on('error', (e) => this.log(`gateway connection ${conn.id}: ${e.message}`));

    const v = url.searchParams.get('v');
    const encoding = url.searchParams.get('encoding') || 'json';
    const compress = url.searchParams.get('compress');
    if (v !== '10') return this.serverClose(conn, ...CLOSE.INVALID_API_VERSION);
    if (encoding !== 'json') return this.serverClose(conn, 4002, `encoding=${encoding} is not emulated (json only).`);
    if (compress) return this.serverClose(conn, 4000, `compress=${compress} is not emulated.`);

    this.send(conn, { op: OP.HELLO, d: { heartbeat_interval: this.peer.config.heartbeatInterval, _trace: ['["discord-test-peer",{"micros":0}]'] }, s: null, t: null });
    this.armHeartbeatTimer(conn);
    return undefined;
  }

  armHeartbeatTimer(conn) {
    clearTimeout(conn.heartbeatTimer);
    const timeout = this.peer.heartbeatTimeoutMs();
    if (!timeout) return;
    conn.heartbeatTimer = setTimeout(() => {
      if (conn.ws.readyState !== WebSocket.OPEN) return;
      conn.heartbeatTimedOut = true;
      // The docs: "If your app fails to send a heartbeat event in time, your connection will be
      // closed and you will be forced to Resume." The session stays resumable.
      this.serverClose(conn, 4000, 'Heartbeat timed out.');
    }, timeout);
  }

  send(conn, payload) {
    if (conn.ws.readyState !== WebSocket.OPEN) return false;
    conn.ws.send(JSON.stringify(payload));
    conn.sent.push({ op: payload.op, t: payload.t === undefined ? null : payload.t, s: payload.s === undefined ? null : payload.s, time: Date.now() });
    if (conn.sent.length > MAX_RECORDED) conn.sent.shift();
    return true;
  }

  serverClose(conn, code, reason) {
    if (conn.serverClose || conn.ws.readyState === WebSocket.CLOSED) return;
    conn.serverClose = { code, reason, time: Date.now() };
    clearTimeout(conn.heartbeatTimer);
    if (NON_RESUMABLE.has(code) && conn.sessionId) this.invalidate(conn.sessionId, `server closed ${code}`);
    try {
      conn.ws.close(code, reason);
    } catch (_e) {
      conn.ws.terminate();
    }
    // A client that does not answer the close frame is cut off.
    setTimeout(() => {
      if (conn.ws.readyState !== WebSocket.CLOSED) conn.ws.terminate();
    }, 2000).unref();
  }

  onClose(conn, code, reason) {
    clearTimeout(conn.heartbeatTimer);
    const byServer = Boolean(conn.serverClose);
    conn.closed = {
      time: Date.now(),
      by: conn.dropped ? 'server-drop' : byServer ? 'server' : 'client',
      code: byServer ? conn.serverClose.code : code,
      reason: byServer ? conn.serverClose.reason : reason,
      clientCode: code,
    };
    const session = conn.sessionId && this.sessions.get(conn.sessionId);
    if (session && session.connId === conn.id) {
      session.connId = null;
      session.disconnectedAt = Date.now();
      if (!byServer && !conn.dropped && (code === 1000 || code === 1001)) this.invalidate(session.id, `client closed ${code}`);
    }
  }

  invalidate(sessionId, why) {
    const s = this.sessions.get(sessionId);
    if (s && s.valid) {
      s.valid = false;
      s.invalidatedBecause = why;
      s.invalidatedAt = Date.now();
    }
  }

  record(conn, entry) {
    conn.received.push(entry);
    if (conn.received.length > MAX_RECORDED) conn.received.shift();
  }

  onMessage(conn, data, isBinary) {
    if (conn.serverClose) return;
    const now = Date.now();
    conn.receivedCount++;
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat([].concat(data)).toString('utf8');
    let payload;
    try {
      payload = JSON.parse(text);
    } catch (_e) {
      payload = undefined;
    }
    this.record(conn, { time: now, op: payload && isObj(payload) ? payload.op : null, d: payload && isObj(payload) ? payload.d : undefined, raw: payload === undefined ? text.slice(0, 500) : undefined, binary: isBinary || undefined, bytes: Buffer.byteLength(text) });

    // 120 payloads per 60 s (every payload counts, heartbeats too).
    const rl = this.peer.config.gatewayRateLimit;
    conn.rateWindow.push(now);
    while (conn.rateWindow.length && conn.rateWindow[0] <= now - rl.windowMs) conn.rateWindow.shift();
    if (conn.rateWindow.length > rl.count) return this.serverClose(conn, ...CLOSE.RATE_LIMITED);

    if (Buffer.byteLength(text) > this.peer.config.maxPayloadBytes) return this.serverClose(conn, ...CLOSE.DECODE_ERROR);
    if (payload === undefined || !isObj(payload) || !Number.isInteger(payload.op)) return this.serverClose(conn, ...CLOSE.DECODE_ERROR);
    if (!CLIENT_OPS.has(payload.op)) return this.serverClose(conn, ...CLOSE.UNKNOWN_OPCODE);

    switch (payload.op) {
      case OP.HEARTBEAT:
        return this.onHeartbeat(conn, payload);
      case OP.IDENTIFY:
        return this.onIdentify(conn, payload.d);
      case OP.RESUME:
        return this.onResume(conn, payload.d);
      default:
        if (!conn.identified) return this.serverClose(conn, ...CLOSE.NOT_AUTHENTICATED);
        return undefined; // presence, voice state, member and soundboard requests: recorded only
    }
  }

  onHeartbeat(conn, payload) {
    conn.heartbeats++;
    this.heartbeatsReceived++;
    conn.lastHeartbeat = { time: Date.now(), d: payload.d === undefined ? null : payload.d };
    this.armHeartbeatTimer(conn);
    if (this.withholdAcks > 0) {
      this.withholdAcks--;
      this.acksWithheld++;
      conn.acksWithheld = (conn.acksWithheld || 0) + 1;
      return;
    }
    this.send(conn, { op: OP.HEARTBEAT_ACK, d: null, s: null, t: null });
  }

  onIdentify(conn, d) {
    if (conn.identified) return this.serverClose(conn, ...CLOSE.ALREADY_AUTHENTICATED);
    const p = isObj(d) && d.properties;
    if (!isObj(d) || typeof d.token !== 'string' || !isObj(p) || typeof p.os !== 'string' || typeof p.browser !== 'string' || typeof p.device !== 'string' || d.intents === undefined) {
      return this.serverClose(conn, ...CLOSE.DECODE_ERROR);
    }
    if (!this.peer.tokenOk(d.token)) return this.serverClose(conn, ...CLOSE.AUTHENTICATION_FAILED);
    if (!Number.isInteger(d.intents) || d.intents < 0 || d.intents > ALL_INTENTS) return this.serverClose(conn, ...CLOSE.INVALID_INTENTS);
    if (d.intents & this.peer.config.disallowedIntents) return this.serverClose(conn, ...CLOSE.DISALLOWED_INTENTS);
    let shard = [0, 1];
    if (d.shard !== undefined && d.shard !== null) {
      const s = d.shard;
      if (!Array.isArray(s) || s.length !== 2 || !Number.isInteger(s[0]) || !Number.isInteger(s[1]) || s[1] < 1 || s[0] < 0 || s[0] >= s[1]) {
        return this.serverClose(conn, ...CLOSE.INVALID_SHARD);
      }
      shard = s;
    }
    this.identifyCount++;
    const session = {
      id: crypto.randomBytes(16).toString('hex'),
      token: d.token,
      intents: d.intents,
      shard,
      properties: p,
      createdAt: Date.now(),
      seq: 0,
      buffer: [],
      connId: conn.id,
      valid: true,
      resumes: 0,
      disconnectedAt: null,
    };
    this.sessions.set(session.id, session);
    this.currentSessionId = session.id;
    conn.identified = true;
    conn.sessionId = session.id;
    const guilds = this.guildsForShard(shard);
    this.dispatch(session, 'READY', {
      v: 10,
      user_settings: {},
      user: this.peer.botUser(),
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.peer.gatewayUrl(),
      shard,
      application: { id: this.peer.config.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['["discord-test-peer",{"micros":0}]'],
    });
    // GUILD_CREATE needs the GUILDS intent (without it the guilds stay unavailable).
    if (d.intents & INTENTS.GUILDS) {
      for (const g of guilds) this.dispatch(session, 'GUILD_CREATE', this.peer.guildCreatePayload(g));
    }
    return undefined;
  }

  guildsForShard([id, count]) {
    return this.peer.config.guilds.filter((g) => Number((BigInt(g.id) >> 22n) % BigInt(count)) === id);
  }

  onResume(conn, d) {
    if (conn.identified) return this.serverClose(conn, ...CLOSE.ALREADY_AUTHENTICATED);
    if (!isObj(d) || typeof d.token !== 'string' || typeof d.session_id !== 'string' || !(d.seq === null || Number.isInteger(d.seq))) {
      return this.serverClose(conn, ...CLOSE.DECODE_ERROR);
    }
    if (!this.peer.tokenOk(d.token)) return this.serverClose(conn, ...CLOSE.AUTHENTICATION_FAILED);
    const session = this.sessions.get(d.session_id);
    const ttl = this.peer.config.sessionTtlMs;
    if (session && session.valid && session.connId === null && session.disconnectedAt && Date.now() - session.disconnectedAt > ttl) {
      this.invalidate(session.id, 'expired');
    }
    conn.resumeAttempt = { time: Date.now(), session_id: d.session_id, seq: d.seq };
    if (!session || !session.valid || session.token !== d.token) {
      conn.resumeAttempt.result = 'invalid-session';
      this.send(conn, { op: OP.INVALID_SESSION, d: false, s: null, t: null });
      return undefined;
    }
    const seq = d.seq === null ? 0 : d.seq;
    if (seq > session.seq) {
      conn.resumeAttempt.result = 'invalid-seq';
      return this.serverClose(conn, ...CLOSE.INVALID_SEQ);
    }
    const oldest = session.buffer.length ? session.buffer[0].s : session.seq + 1;
    if (seq + 1 < oldest) {
      conn.resumeAttempt.result = 'too-old';
      this.send(conn, { op: OP.INVALID_SESSION, d: false, s: null, t: null });
      return undefined;
    }
    // The session's previous connection, if still open, is taken over.
    const old = session.connId !== null && this.connections.get(session.connId);
    if (old && old !== conn && old.ws.readyState === WebSocket.OPEN) {
      session.connId = null;
      this.serverClose(old, 4000, 'Session resumed on another connection.');
    }
    this.resumeCount++;
    session.resumes++;
    session.connId = conn.id;
    session.disconnectedAt = null;
    conn.identified = true;
    conn.sessionId = session.id;
    this.currentSessionId = session.id;
    const missed = session.buffer.filter((p) => p.s > seq);
    conn.resumeAttempt.result = 'resumed';
    conn.resumeAttempt.replayed = missed.map((p) => p.s);
    for (const p of missed) this.send(conn, p);
    this.dispatch(session, 'RESUMED', { _trace: ['["discord-test-peer",{"micros":0}]'] });
    return undefined;
  }

  // Sends (or, with no open connection, buffers for Resume) a dispatch. Returns { s, delivered }.
  dispatch(session, t, d) {
    session.seq++;
    const payload = { op: OP.DISPATCH, t, s: session.seq, d };
    session.buffer.push(payload);
    if (session.buffer.length > MAX_BUFFERED) session.buffer.shift();
    const conn = session.connId !== null ? this.connections.get(session.connId) : null;
    const delivered = Boolean(conn && !conn.serverClose && this.send(conn, payload));
    return { sessionId: session.id, s: session.seq, delivered };
  }

  // The session a test-side action targets: `sessionId` if given; else, for a guild, the valid
  // session whose shard holds it; else the most recently identified/resumed valid session.
  targetSession(sessionId, guildId) {
    if (sessionId) {
      const s = this.sessions.get(sessionId);
      return s && s.valid ? s : null;
    }
    const valid = [...this.sessions.values()].filter((s) => s.valid);
    if (guildId && valid.length > 1) {
      const onShard = valid.filter((s) => Number((BigInt(guildId) >> 22n) % BigInt(s.shard[1])) === s.shard[0]);
      const open = onShard.filter((s) => s.connId !== null);
      if (open.length) return open[open.length - 1];
      if (onShard.length) return onShard[onShard.length - 1];
    }
    const current = this.currentSessionId && this.sessions.get(this.currentSessionId);
    if (current && current.valid) return current;
    return valid.length ? valid[valid.length - 1] : null;
  }

  connectionOf(session) {
    if (!session || session.connId === null) return null;
    const conn = this.connections.get(session.connId);
    return conn && conn.ws.readyState === WebSocket.OPEN ? conn : null;
  }

  // The open connections a test-side action targets (one session's, or all).
  openConnections() {
    return [...this.connections.values()].filter((c) => c.ws.readyState === WebSocket.OPEN && !c.serverClose);
  }

  drop(session) {
    const conn = this.connectionOf(session);
    if (!conn) return null;
    conn.dropped = true;
    clearTimeout(conn.heartbeatTimer);
    conn.ws.terminate(); // no close frame: the client sees 1006
    return conn.id;
  }

  sendOp(conn, op, d) {
    return this.send(conn, { op, d, s: null, t: null });
  }

  connectionSummary(conn, withPayloads) {
    const out = {
      id: conn.id,
      openedAt: conn.openedAt,
      query: conn.query,
      open: conn.ws.readyState === WebSocket.OPEN,
      identified: conn.identified,
      sessionId: conn.sessionId,
      heartbeats: conn.heartbeats,
      lastHeartbeat: conn.lastHeartbeat,
      acksWithheld: conn.acksWithheld || 0,
      heartbeatTimedOut: Boolean(conn.heartbeatTimedOut),
      resumeAttempt: conn.resumeAttempt || null,
      receivedCount: conn.receivedCount,
      closed: conn.closed,
    };
    if (withPayloads) {
      out.received = conn.received;
      out.sent = conn.sent;
    }
    return out;
  }

  sessionSummary(s) {
    return {
      id: s.id,
      valid: s.valid,
      invalidatedBecause: s.invalidatedBecause || null,
      connected: s.connId !== null,
      connectionId: s.connId,
      seq: s.seq,
      shard: s.shard,
      intents: s.intents,
      properties: s.properties,
      createdAt: s.createdAt,
      resumes: s.resumes,
      buffered: s.buffer.length,
      dispatches: s.buffer.map((p) => ({ s: p.s, t: p.t })),
    };
  }
}

module.exports = { Gateway, OP, CLOSE };

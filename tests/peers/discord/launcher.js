#!/usr/bin/env node
'use strict';

// Test peer: a fake Discord on 127.0.0.1 — the gateway (WebSocket, API v10, JSON) and the REST
// API under /api/v10, whose requests are validated against Discord's official OpenAPI 3.1 spec
// (discord-openapi.json, MIT, beside this file) — plus test-side control routes under /test/*.
//
//   node launcher.js --port N [--config FILE.json] [--heartbeat-interval MS] [--exit-on-stdin-eof]
//
// Prints exactly one line on stdout, `READY http://127.0.0.1:N`, once listening; everything else
// goes to stderr. Exits 0 on SIGTERM/SIGINT. See README.md.

const fs = require('fs');
const http = require('http');
const { DiscordSpec } = require('./spec');
const { Peer, defaultConfig, mergeConfig } = require('./state');
const { Gateway } = require('./gateway');
const { Rest, send } = require('./rest');
const { Control, ControlError } = require('./control');

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 8 * 1024 * 1024;

function log(...args) {
  process.stderr.write(`discord-peer: ${args.join(' ')}\n`);
}

function usage(message) {
  if (message) log(message);
  process.stderr.write('usage: node launcher.js --port N [--config FILE.json] [--heartbeat-interval MS] [--exit-on-stdin-eof]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { port: null, config: null, heartbeatInterval: null, exitOnStdinEof: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [name, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (name === '--port') {
      const v = value();
      if (!/^\d+$/.test(v || '') || Number(v) > 65535) usage(`bad --port: ${v}`);
      opts.port = Number(v);
    } else if (name === '--config') {
      opts.config = value();
      if (!opts.config) usage('--config needs a file');
    } else if (name === '--heartbeat-interval') {
      const v = value();
      if (!/^\d+$/.test(v || '') || Number(v) < 1) usage(`bad --heartbeat-interval: ${v}`);
      opts.heartbeatInterval = Number(v);
    } else if (name === '--exit-on-stdin-eof') {
      opts.exitOnStdinEof = true;
    } else if (name === '--help' || name === '-h') {
      usage();
    } else {
      usage(`unknown argument: ${arg}`);
    }
  }
  if (opts.port === null) usage('--port is required');
  return opts;
}

function initialConfig(opts) {
  let config = defaultConfig();
  try {
    if (opts.config) config = mergeConfig(config, JSON.parse(fs.readFileSync(opts.config, 'utf8')));
    if (opts.heartbeatInterval) config = mergeConfig(config, { heartbeatInterval: opts.heartbeatInterval });
  } catch (e) {
    usage(`bad config: ${e.message}`);
  }
  return config;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  process.on('unhandledRejection', (reason) => log(`unhandled rejection (kept running): ${reason && reason.stack ? reason.stack : reason}`));

  const spec = new DiscordSpec();
  const peer = new Peer(initialConfig(opts));
  const gateway = new Gateway(peer, log);
  const rest = new Rest(peer, gateway, spec, log);
  const control = new Control(peer, gateway, rest);
  rest.precompile();

  const server = http.createServer(async (req, res) => {
    let url;
    try {
      url = new URL(req.url, `http://${HOST}`);
    } catch (_e) {
      send(res, 400, { message: '400: Bad Request', code: 0 }, {});
      return;
    }
    let bodyBuf;
    try {
      bodyBuf = await readBody(req);
    } catch (e) {
      if (!res.headersSent) send(res, e.status || 400, { message: e.status === 413 ? '413: Request Entity Too Large' : '400: Bad Request', code: 0 }, {});
      return;
    }
    if (url.pathname.startsWith('/api/v10/') || url.pathname === '/api/v10') {
      await rest.handle(req, res, url, bodyBuf);
      return;
    }
    if (url.pathname.startsWith('/test/')) {
      let body;
      if (bodyBuf.length) {
        try {
          body = JSON.parse(bodyBuf.toString('utf8'));
        } catch (_e) {
          send(res, 400, { error: 'body is not valid JSON' }, {});
          return;
        }
      }
      try {
        const result = control.handle(req.method.toUpperCase(), url, body);
        send(res, 200, result, {});
      } catch (e) {
        if (e instanceof ControlError) send(res, e.status, { error: e.message }, {});
        else {
          log(`error on ${req.method} ${url.pathname}: ${e && e.stack ? e.stack : e}`);
          send(res, 500, { error: String(e && e.message) }, {});
        }
      }
      return;
    }
    send(res, 404, { message: '404: Not Found', code: 0 }, {});
  });
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  server.on('clientError', (e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  let stopping = false;
  const shutdown = (why) => {
    if (stopping) return;
    stopping = true;
    const hardStop = setTimeout(() => {
      log(`forced exit after ${why}`);
      process.exit(0);
    }, 3000);
    hardStop.unref();
    gateway.shutdown();
    server.close(() => process.exit(0));
    if (server.closeAllConnections) server.closeAllConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await new Promise((resolve) => {
    server.once('error', (e) => {
      log(`cannot listen on ${HOST}:${opts.port}: ${e.message}`);
      process.exit(1);
    });
    server.listen(opts.port, HOST, resolve);
  });
  peer.port = server.address().port;
  process.stdout.write(`READY http://${HOST}:${peer.port}\n`);

  if (opts.exitOnStdinEof) {
    process.stdin.on('end', () => shutdown('stdin EOF'));
    process.stdin.on('error', () => shutdown('stdin error'));
    process.stdin.resume();
  }
}

main().catch((e) => {
  log(`fatal: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});

#!/usr/bin/env node
'use strict';

// Test peer: a Telegram Bot API emulator on 127.0.0.1, built on the npm package telegram-test-api
// 4.2.1 plus routes that give it the real Bot API semantics the package lacks (offset/long-poll
// getUpdates, commands, administrators, files, fault injection, token rejection, HTML checks).
//
//   node launcher.js --port N [--store-timeout SECONDS] [--first-update-id N] [--exit-on-stdin-eof]
//
// Prints exactly one line on stdout, `READY http://127.0.0.1:N`, once listening; everything else
// goes to stderr. Exits 0 on SIGTERM/SIGINT. See README.md for the routes.

// Signals are handled from the very start: until the server is up a SIGTERM/SIGINT just exits 0;
// main() replaces this with a graceful shutdown.
let onSignal = () => process.exit(0);
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGINT', () => onSignal('SIGINT'));

const crypto = require('crypto');
const path = require('path');
const TelegramServer = require('telegram-test-api');
const { parseHtml, TelegramParseError } = require('./telegram-html');

// The same express the package builds its app with (a dependency of the package, not ours).
const packageDir = path.dirname(require.resolve('telegram-test-api/package.json'));
const express = require(require.resolve('express', { paths: [packageDir] }));

const HOST = '127.0.0.1';
const MAX_LONG_POLL_SECONDS = positiveInt(process.env.TELEGRAM_MAX_POLL_SECONDS, 10);
const MAX_TEXT_LENGTH = 4096;
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const UPDATE_RETENTION_MS = 24 * 60 * 60 * 1000;
const BOT_USER = { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' };
const LOG_REQUESTS = process.env.TELEGRAM_PEER_LOG === '1';
// Telegram keeps an update its webhook did not take (no 2xx, or unreachable) and posts it again later; the peer
// retries that often, oldest first.
const WEBHOOK_RETRY_MS = positiveInt(process.env.TELEGRAM_WEBHOOK_RETRY_MS, 1000);

function positiveInt(value, fallback) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function log(...args) {
  process.stderr.write(`telegram-peer: ${args.join(' ')}\n`);
}

function usage(message) {
  if (message) log(message);
  process.stderr.write('usage: node launcher.js --port N [--store-timeout SECONDS] [--first-update-id N] [--exit-on-stdin-eof]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { port: null, storeTimeout: 60, exitOnStdinEof: false, firstUpdateId: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (name === '--port') {
      const v = value();
      if (!/^\d+$/.test(v || '') || Number(v) > 65535) usage(`bad --port: ${v}`);
      opts.port = Number(v);
    } else if (name === '--store-timeout') {
      const v = value();
      if (!/^\d+(\.\d+)?$/.test(v || '') || Number(v) <= 0) usage(`bad --store-timeout: ${v}`);
      opts.storeTimeout = Number(v);
    } else if (name === '--first-update-id') {
      const v = value();
      if (!/^\d+$/.test(v || '') || Number(v) < 1 || !Number.isSafeInteger(Number(v))) usage(`bad --first-update-id: ${v}`);
      opts.firstUpdateId = Number(v);
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

// ---------------------------------------------------------------------------------------------
// helpers

const nowSeconds = () => Math.floor(Date.now() / 1000);

function ok(res, result, extra) {
  return res.status(200).json({ ok: true, result, ...(extra || {}) });
}

function fail(res, code, description, parameters) {
  const body = { ok: false, error_code: code, description };
  if (parameters) body.parameters = parameters;
  return res.status(code).json(body);
}

const badRequest = (res, message) => fail(res, 400, `Bad Request: ${message}`);

// Bot API parameters may come as a query string, JSON or a urlencoded form.
function params(req) {
  const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {};
  return { ...req.query, ...body };
}

// Objects may arrive JSON-encoded inside a form field, as Telegram allows.
function jsonParam(value) {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (_e) {
    return undefined;
  }
}

function intParam(value, fallback) {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) ? n : fallback;
}

const isTrue = (v) => v === true || v === 'true' || v === 1 || v === '1';

function chatFor(chatId) {
  const n = Number(chatId);
  if (!Number.isFinite(n)) {
    const name = String(chatId).replace(/^@/, '');
    return { id: String(chatId), type: 'channel', title: name, username: name };
  }
  if (n > 0) return { id: n, type: 'private', first_name: `User ${n}` };
  if (n <= -1000000000000) return { id: n, type: 'supergroup', title: `Chat ${n}` };
  return { id: n, type: 'group', title: `Chat ${n}` };
}

function userFor(spec) {
  if (spec && typeof spec === 'object') {
    return { is_bot: false, first_name: `User ${spec.id}`, ...spec, id: Number(spec.id) };
  }
  return { id: Number(spec), is_bot: false, first_name: `User ${spec}` };
}

// Checks text + parse_mode as Telegram does. Returns { text, entities } or { error }.
function checkText(rawText, parseMode) {
  if (rawText === undefined || rawText === null || String(rawText).length === 0) return { error: 'message text is empty' };
  const mode = parseMode === undefined || parseMode === null ? '' : String(parseMode);
  let parsed = { text: String(rawText), entities: [] };
  if (mode.toLowerCase() === 'html') {
    try {
      parsed = parseHtml(rawText);
    } catch (e) {
      if (e instanceof TelegramParseError) return { error: `can't parse entities: ${e.message}` };
      throw e;
    }
  } else if (mode !== '' && !['markdown', 'markdownv2'].includes(mode.toLowerCase())) {
    return { error: 'unsupported parse_mode' };
  }
  if (parsed.text.trim().length === 0) return { error: 'message text is empty' };
  if (parsed.text.length > MAX_TEXT_LENGTH) return { error: 'message is too long' };
  return parsed;
}

const BUTTON_ACTIONS = ['url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query',
  'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay'];

// Returns { markup } (parsed, possibly undefined) or { error }.
function checkReplyMarkup(raw) {
  if (raw === undefined || raw === null || raw === '') return { markup: undefined };
  const markup = jsonParam(raw);
  if (!markup || typeof markup !== 'object' || Array.isArray(markup)) return { error: "can't parse reply keyboard markup JSON object" };
  if ('inline_keyboard' in markup) {
    const rows = markup.inline_keyboard;
    if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row))) {
      return { error: 'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays' };
    }
    for (const row of rows) {
      for (const button of row) {
        if (!button || typeof button !== 'object' || typeof button.text !== 'string') {
          return { error: "can't parse inline keyboard button: Field \"text\" must be of type String" };
        }
        if (!BUTTON_ACTIONS.some((k) => k in button)) {
          return { error: "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard" };
        }
        if ('callback_data' in button) {
          const bytes = Buffer.byteLength(String(button.callback_data), 'utf8');
          if (bytes < 1 || bytes > 64) return { error: 'BUTTON_DATA_INVALID' };
        }
      }
    }
  }
  return { markup };
}

const inlineOnly = (markup) => (markup && typeof markup === 'object' && 'inline_keyboard' in markup ? markup : undefined);

// ---------------------------------------------------------------------------------------------
// state added by the launcher

const state = {
  rejectTokens: new Set((process.env.TELEGRAM_REJECT_TOKENS || '').split(',').map((t) => t.trim()).filter(Boolean)),
  faults: [], // { method (lower case), status, retryAfter, description, count, token, delayMs }
  admins: new Map(), // String(chatId) -> ChatMember[]
  files: new Map(), // file_id -> { fileId, fileUniqueId, fileName, filePath, mimeType, bytes }
  filesByPath: new Map(), // file_path -> same record
  fileCounter: 0,
  commands: new Map(), // `${token}\n${scopeKey}\n${language}` -> BotCommand[]
  queues: new Map(), // token -> { updates: [], confirmed: 0, allowed: null, waiter: null }
  polls: new Set(), // long polls in progress
  pollStats: new Map(), // token -> { calls, inFlight, maxInFlight, conflicts }
  delivered: new Map(), // token -> Map(update_id -> the Update posted to the webhook), for /test/redeliver
  retries: new Map(), // token -> { pending: [{ update, formatted }], timer, lastError } webhook posts to try again
};

function retriesFor(token) {
  let r = state.retries.get(token);
  if (!r) {
    r = { pending: [], timer: null, lastError: null };
    state.retries.set(token, r);
  }
  return r;
}

// An update its webhook did not take is posted again every WEBHOOK_RETRY_MS, oldest first, until the webhook takes it.
// Once the webhook is removed, the updates still pending wait for getUpdates, as in Telegram.
function retryLater(server, token, update, formatted, error) {
  const r = retriesFor(token);
  r.pending.push({ update, formatted });
  r.lastError = { date: nowSeconds(), message: error };
  if (!r.timer) r.timer = setTimeout(() => retryPending(server, token), WEBHOOK_RETRY_MS);
}

async function retryPending(server, token) {
  const r = retriesFor(token);
  r.timer = null;
  while (r.pending.length) {
    const webhook = server.webhooks[token];
    if (!webhook) {
      movePendingToQueue(token, false);
      return;
    }
    const { formatted } = r.pending[0];
    let error = null;
    try {
      const status = await postToWebhook(webhook, formatted);
      if (status < 200 || status > 299) error = `Wrong response from the webhook: ${status}`;
    } catch (e) {
      error = `Connection refused (${e && e.message})`;
    }
    if (state.retries.get(token) !== r) return; // reset meanwhile
    if (error) {
      r.lastError = { date: nowSeconds(), message: error };
      r.timer = setTimeout(() => retryPending(server, token), WEBHOOK_RETRY_MS);
      return;
    }
    r.pending.shift();
  }
}

// The webhook is gone: updates it never took are pending for getUpdates (or confirmed, with drop_pending_updates).
function movePendingToQueue(token, drop) {
  const r = state.retries.get(token);
  if (!r) return;
  if (r.timer) clearTimeout(r.timer);
  state.retries.delete(token);
  if (drop) return;
  const q = queueFor(token);
  for (const { update } of r.pending) {
    update.time = update.time || Date.now();
    q.updates.push(update);
  }
  q.updates.sort((a, b) => a.updateId - b.updateId);
  if (q.waiter) q.waiter.wake();
}

function pollStatsFor(token) {
  let s = state.pollStats.get(token);
  if (!s) {
    s = { calls: 0, inFlight: 0, maxInFlight: 0, conflicts: 0 };
    state.pollStats.set(token, s);
  }
  return s;
}

// Posts an update to a bot's webhook as Telegram does: JSON, with the secret_token given to setWebhook in the
// X-Telegram-Bot-Api-Secret-Token header (https://core.telegram.org/bots/api#setwebhook). telegram-test-api 4.2.1
// posts without that header (lib/telegramServer.js, addUserUpdate), so the launcher delivers webhook updates itself.
// Resolves to the HTTP status; a network error rejects.
async function postToWebhook(webhook, body, url) {
  const headers = { 'Content-Type': 'application/json' };
  if (webhook.secret_token) headers['X-Telegram-Bot-Api-Secret-Token'] = webhook.secret_token;
  const response = await fetch(url || webhook.url, {
    method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(10000),
  });
  await response.arrayBuffer();
  return response.status;
}

function queueFor(token) {
  let q = state.queues.get(token);
  if (!q) {
    q = { updates: [], confirmed: 0, allowed: null, waiter: null };
    state.queues.set(token, q);
  }
  return q;
}

const updateType = (update) => ('callbackQuery' in update ? 'callback_query' : 'message');

// Unconfirmed updates of a bot, oldest first; drops confirmed, expired and filtered-out ones.
function pendingUpdates(q) {
  const cutoff = Date.now() - UPDATE_RETENTION_MS;
  q.updates = q.updates.filter((u) => u.updateId >= q.confirmed && u.time >= cutoff
    && (!q.allowed || q.allowed.has(updateType(u))));
  return q.updates;
}

function takeFault(method, token) {
  const m = method.toLowerCase();
  const fault = state.faults.find((f) => f.method === m && (!f.token || f.token === token));
  if (!fault) return null;
  fault.count -= 1;
  if (fault.count <= 0) state.faults.splice(state.faults.indexOf(fault), 1);
  return fault;
}

function faultBody(fault) {
  const code = fault.status;
  if (code === 429) {
    return {
      ok: false,
      error_code: 429,
      description: fault.description || `Too Many Requests: retry after ${fault.retryAfter}`,
      parameters: { retry_after: fault.retryAfter },
    };
  }
  const defaults = {
    400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden: bot was blocked by the user', 404: 'Not Found',
    409: 'Conflict', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  };
  return { ok: false, error_code: code, description: fault.description || defaults[code] || `Error ${code}` };
}

// ---------------------------------------------------------------------------------------------

function buildFrontApp(server) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Parsed here, before the package's own parsers (which then skip the already-read body); larger
  // limit than the package's 100 kB so /test/putFile can carry files.
  app.use(express.json({ limit: '50mb' }));
  app.use(express.urlencoded({ extended: true, limit: '50mb' }));

  if (LOG_REQUESTS) {
    app.use((req, res, next) => {
      const started = Date.now();
      res.on('finish', () => log(`${req.method} ${req.path.replace(/\/bot[^/]+\//, '/bot<token>/')} -> ${res.statusCode} (${Date.now() - started} ms)`));
      next();
    });
  }

  // The package stores every user update in server.storage.userMessages and purges it after
  // storeTimeout; the launcher also keeps its own per-bot queue of the same update objects, from
  // which getUpdates answers with real offset semantics.
  let lastUserUpdate = null;
  const originalAddUserUpdate = server.addUserUpdate;
  server.addUserUpdate = async function addUserUpdate(update) {
    lastUserUpdate = update;
    const webhook = update && update.botToken ? this.webhooks[update.botToken] : undefined;
    if (webhook) {
      // As the package does: the update is posted instead of stored, and the id counter moves on either way.
      const formatted = formatUpdate(update);
      this.updateId += 1;
      if (webhook.allowed_updates && !webhook.allowed_updates.includes(updateType(update))) return;
      if (!state.delivered.has(update.botToken)) state.delivered.set(update.botToken, new Map());
      state.delivered.get(update.botToken).set(formatted.update_id, formatted);
      let status;
      try {
        status = await postToWebhook(webhook, formatted);
      } catch (e) {
        retryLater(this, update.botToken, update, formatted, `Connection refused (${e && e.message})`);
        throw e;
      }
      if (status < 200 || status > 299) {
        retryLater(this, update.botToken, update, formatted, `Wrong response from the webhook: ${status}`);
        throw new Error(`the webhook answered ${status}`);
      }
      return;
    }
    if (update && update.botToken) {
      update.time = update.time || Date.now();
      const q = queueFor(update.botToken);
      q.updates.push(update);
      if (q.waiter) q.waiter.wake();
    }
    return originalAddUserUpdate.call(this, update);
  };

  const findBotMessage = (token, chatId, messageId) => server.storage.botMessages.find((u) => u.botToken === token
    && String(u.messageId) === String(messageId) && String(u.message.chat_id) === String(chatId));

  // A stored bot message as the Bot API's Message object.
  function formatBotMessage(stored) {
    const m = stored.message;
    const parsed = checkText(m.text, m.parse_mode);
    const msg = {
      message_id: stored.messageId,
      from: { ...BOT_USER },
      chat: chatFor(m.chat_id),
      date: Math.floor(stored.time / 1000),
      text: parsed.error ? String(m.text) : parsed.text,
    };
    if (!parsed.error && parsed.entities.length) msg.entities = parsed.entities;
    if (stored.editDate) msg.edit_date = stored.editDate;
    const markup = inlineOnly(m.reply_markup);
    if (markup) msg.reply_markup = markup;
    return msg;
  }

  function formatUpdate(update) {
    const formatted = TelegramServer.formatUpdate(update);
    if (formatted.message) {
      const { botToken: _drop, ...message } = formatted.message;
      formatted.message = message;
    }
    if (formatted.callback_query) {
      const cq = formatted.callback_query;
      if (cq.message && typeof cq.message === 'object') {
        const { botToken: _drop, ...message } = cq.message;
        cq.message = message;
      }
      if (!cq.chat_instance) {
        const chatId = cq.message && cq.message.chat ? cq.message.chat.id : (cq.from ? cq.from.id : 0);
        cq.chat_instance = String(chatId);
      }
      if (update.callbackQuery.chat_instance) cq.chat_instance = update.callbackQuery.chat_instance;
    }
    return formatted;
  }

  // ---- test side: acting as a user ---------------------------------------------------------

  const testFail = (res, code, description) => fail(res, code, description);

  function commandEntities(text) {
    const entities = [];
    const re = /(^|\s)(\/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{3,64})?)(?=$|\s|[.,!?;:])/g;
    let m;
    while ((m = re.exec(text)) !== null) {
      entities.push({ offset: m.index + m[1].length, length: m[2].length, type: 'bot_command' });
    }
    return entities;
  }

  function prepareUserMessage(body) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: 'the body must be a JSON message object' };
    if (!body.botToken) return { error: 'botToken is required' };
    if (!body.chat || typeof body.chat !== 'object' || body.chat.id === undefined) return { error: 'chat.id is required' };
    const message = { ...body };
    if (message.date === undefined) message.date = nowSeconds();
    if (typeof message.text === 'string' && message.entities === undefined) {
      const entities = commandEntities(message.text);
      if (entities.length) message.entities = entities;
    }
    if (message.document && typeof message.document === 'object' && message.document.file_id) {
      const file = state.files.get(String(message.document.file_id));
      if (file) {
        message.document = {
          file_name: file.fileName,
          mime_type: file.mimeType,
          file_unique_id: file.fileUniqueId,
          file_size: file.bytes.length,
          ...message.document,
        };
      }
    }
    return { message };
  }

  async function addUserUpdate(res, add, payload, result) {
    lastUserUpdate = null;
    const pending = add(payload);
    const update = lastUserUpdate;
    try {
      await pending;
    } catch (e) {
      log(`user update failed: ${e && e.message}`);
      return testFail(res, 502, `Could not deliver the update: ${e && e.message}`);
    }
    return ok(res, result(update));
  }

  app.post('/sendMessage', (req, res) => {
    const { message, error } = prepareUserMessage(req.body);
    if (error) return testFail(res, 400, error);
    return addUserUpdate(res, (m) => server.addUserMessage(m), message,
      (u) => ({ update_id: u.updateId, message_id: u.messageId }));
  });

  app.post('/sendCommand', (req, res) => {
    const { message, error } = prepareUserMessage(req.body);
    if (error) return testFail(res, 400, error);
    if (!Array.isArray(message.entities) || message.entities.length === 0) {
      return testFail(res, 400, 'a command needs a text with a /command in it (or explicit entities)');
    }
    return addUserUpdate(res, (m) => server.addUserCommand(m), message,
      (u) => ({ update_id: u.updateId, message_id: u.messageId }));
  });

  app.post('/sendCallback', (req, res) => {
    const body = req.body;
    if (!body || typeof body !== 'object' || !body.botToken) return testFail(res, 400, 'botToken is required');
    if (!body.from || typeof body.from !== 'object' || body.from.id === undefined) return testFail(res, 400, 'from.id is required');
    const callback = { ...body };
    // A callback on a message the bot sent: complete the message from what the emulator stored.
    const m = callback.message;
    if (m && typeof m === 'object' && m.message_id !== undefined && m.chat && m.chat.id !== undefined) {
      const stored = findBotMessage(body.botToken, m.chat.id, m.message_id);
      if (stored) {
        const known = formatBotMessage(stored);
        callback.message = { ...known, ...m, chat: { ...known.chat, ...m.chat } };
      }
    }
    const callbackId = server.callbackId;
    return addUserUpdate(res, (c) => server.addUserCallback(c), callback,
      (u) => ({ update_id: u.updateId, callback_query_id: String(callbackId) }));
  });

  // ---- test side: configuration --------------------------------------------------------------

  app.post('/test/setChatAdministrators', (req, res) => {
    const { chatId, userIds, creatorId } = req.body || {};
    if (chatId === undefined || chatId === null) return testFail(res, 400, 'chatId is required');
    if (!Array.isArray(userIds)) return testFail(res, 400, 'userIds must be an array');
    const members = userIds.map((spec) => {
      const user = userFor(spec);
      const isCreator = creatorId !== undefined && Number(creatorId) === user.id;
      if (isCreator) return { status: 'creator', user, is_anonymous: false };
      return {
        status: 'administrator',
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_pin_messages: true,
      };
    });
    state.admins.set(String(chatId), members);
    return ok(res, members);
  });

  app.post('/test/putFile', (req, res) => {
    const { fileId, fileName, contentBase64, mimeType, fileUniqueId } = req.body || {};
    if (!fileId) return testFail(res, 400, 'fileId is required');
    if (typeof contentBase64 !== 'string') return testFail(res, 400, 'contentBase64 is required');
    const bytes = Buffer.from(contentBase64, 'base64');
    const name = fileName ? String(fileName) : 'file.bin';
    const ext = path.extname(name).replace(/[^A-Za-z0-9.]/g, '').slice(0, 12);
    const old = state.files.get(String(fileId));
    if (old) state.filesByPath.delete(old.filePath);
    state.fileCounter += 1;
    const record = {
      fileId: String(fileId),
      fileUniqueId: fileUniqueId ? String(fileUniqueId) : `AgAD${crypto.createHash('sha1').update(String(fileId)).digest('hex').slice(0, 12)}`,
      fileName: name,
      filePath: `documents/file_${state.fileCounter}${ext}`,
      mimeType: mimeType ? String(mimeType) : 'application/octet-stream',
      bytes,
    };
    state.files.set(record.fileId, record);
    state.filesByPath.set(record.filePath, record);
    return ok(res, {
      file_id: record.fileId,
      file_unique_id: record.fileUniqueId,
      file_size: bytes.length,
      file_path: record.filePath,
      file_name: record.fileName,
      mime_type: record.mimeType,
    });
  });

  app.post('/test/fail', (req, res) => {
    const body = req.body || {};
    if (!body.method || typeof body.method !== 'string') return testFail(res, 400, 'method is required');
    const delayMs = body.delayMs === undefined ? 0 : Number(body.delayMs);
    if (!Number.isFinite(delayMs) || delayMs < 0) return testFail(res, 400, 'delayMs must be a non-negative number');
    let status = body.status === undefined ? (delayMs > 0 ? 0 : 429) : Number(body.status);
    if (!Number.isInteger(status) || (status !== 0 && (status < 400 || status > 599))) {
      return testFail(res, 400, 'status must be an HTTP error status (400-599)');
    }
    const count = body.count === undefined ? 1 : Number(body.count);
    if (!Number.isInteger(count) || count < 1) return testFail(res, 400, 'count must be a positive integer');
    const retryAfter = body.retryAfter === undefined ? 1 : Number(body.retryAfter);
    if (!Number.isInteger(retryAfter) || retryAfter < 0) return testFail(res, 400, 'retryAfter must be a non-negative integer');
    const fault = {
      method: body.method.toLowerCase(),
      status,
      retryAfter,
      count,
      delayMs,
      description: body.description ? String(body.description) : undefined,
      token: body.token ? String(body.token) : undefined,
    };
    state.faults.push(fault);
    return ok(res, { ...fault, method: body.method });
  });

  // Telegram re-delivers an update it got no 2xx for, maybe to another instance behind the load balancer: posts an
  // update already delivered to the webhook again (to `url` if given), with the same body and secret header.
  app.post('/test/redeliver', async (req, res) => {
    const { token, updateId, url } = req.body || {};
    const webhook = server.webhooks[token];
    if (!webhook) return testFail(res, 400, 'no webhook is set for that token');
    const update = (state.delivered.get(token) || new Map()).get(Number(updateId));
    if (!update) return testFail(res, 400, `update ${updateId} was not delivered to the webhook`);
    try {
      return ok(res, { status: await postToWebhook(webhook, update, url) });
    } catch (e) {
      return testFail(res, 502, `Could not deliver the update: ${e && e.message}`);
    }
  });

  app.post('/test/reset', (_req, res) => {
    state.faults = [];
    state.pollStats.clear();
    state.delivered.clear();
    for (const r of state.retries.values()) if (r.timer) clearTimeout(r.timer);
    state.retries.clear();
    state.admins.clear();
    state.files.clear();
    state.filesByPath.clear();
    state.commands.clear();
    for (const q of state.queues.values()) {
      if (q.waiter) q.waiter.end();
    }
    state.queues.clear();
    server.storage.userMessages = [];
    server.storage.botMessages = [];
    for (const token of Object.keys(server.webhooks)) delete server.webhooks[token];
    return ok(res, true);
  });

  app.get('/test/state', (_req, res) => ok(res, {
    faults: state.faults,
    admins: Object.fromEntries(state.admins),
    files: [...state.files.values()].map((f) => ({ file_id: f.fileId, file_path: f.filePath, file_size: f.bytes.length })),
    commands: [...state.commands.entries()].map(([key, commands]) => {
      const [token, scope, language] = key.split('\n');
      return { token, scope: JSON.parse(scope), language_code: language, commands };
    }),
    queues: [...state.queues.entries()].map(([token, q]) => ({
      token,
      confirmed_offset: q.confirmed,
      pending_update_ids: pendingUpdates(q).map((u) => u.updateId),
      allowed_updates: q.allowed ? [...q.allowed] : null,
      polling: Boolean(q.waiter),
    })),
    polls: [...state.pollStats.entries()].map(([token, p]) => ({
      token, calls: p.calls, in_flight: p.inFlight, max_in_flight: p.maxInFlight, conflicts: p.conflicts,
    })),
    webhooks: Object.entries(server.webhooks).map(([token, w]) => ({
      token, url: w.url, secret_token: w.secret_token || null, allowed_updates: w.allowed_updates || null,
      retrying_update_ids: (state.retries.get(token) || { pending: [] }).pending.map((p) => p.formatted.update_id),
    })),
    reject_tokens: [...state.rejectTokens],
  }));

  // ---- bot side: gate (token check, faults, response shape) -----------------------------------

  const RESULT_TRUE = new Set(['answercallbackquery', 'deletemessage', 'setwebhook', 'deletewebhook']);

  app.all('/bot:token/:method', (req, res, next) => {
    const { token, method } = req.params;
    if (state.rejectTokens.has(token)) return fail(res, 401, 'Unauthorized');

    // Answers of the package's own routes are brought to the Bot API's shape.
    const originalJson = res.json;
    res.json = function json(body) {
      let out = body;
      if (out && typeof out === 'object' && !('ok' in out) && typeof out.message === 'string') {
        if (out.message.startsWith('API method ')) {
          log(`unsupported bot method: ${method}`);
          this.status(404);
          out = { ok: false, error_code: 404, description: 'Not Found' };
        } else {
          this.status(400);
          out = { ok: false, error_code: 400, description: `Bad Request: ${out.message}` };
        }
      } else if (out && out.ok === false && Number.isInteger(out.error_code)) {
        if (method.toLowerCase() === 'deletemessage' && /wasn't found$/.test(out.description || '')) {
          out = { ...out, description: 'Bad Request: message to delete not found' };
        }
        this.status(out.error_code);
      } else if (out && out.ok === true) {
        const m = method.toLowerCase();
        if (out.result === null && RESULT_TRUE.has(m)) out = { ...out, result: true };
        if (m === 'getme' && out.result && typeof out.result === 'object') {
          out = {
            ...out,
            result: {
              can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, ...out.result, is_bot: true,
            },
          };
        }
      }
      return originalJson.call(this, out);
    };

    const fault = takeFault(method, token);
    if (!fault) return next();
    const act = () => {
      if (!fault.status) return next();
      const body = faultBody(fault);
      return res.status(fault.status).json(body);
    };
    if (fault.delayMs > 0) {
      const timer = setTimeout(act, fault.delayMs);
      res.on('close', () => clearTimeout(timer));
      return undefined;
    }
    return act();
  });

  // ---- bot side: methods added or replaced ---------------------------------------------------

  app.all('/bot:token/getUpdates', (req, res) => {
    const { token } = req.params;
    const p = params(req);
    if (server.webhooks[token]) {
      return fail(res, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    // How many getUpdates of this bot run at once (a test checks that one instance polls at a time).
    const stats = pollStatsFor(token);
    stats.calls += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let counted = true;
    const uncount = () => {
      if (counted) stats.inFlight -= 1;
      counted = false;
    };
    res.on('finish', uncount);
    res.on('close', uncount);
    const offset = intParam(p.offset, 0);
    const limit = Math.min(Math.max(intParam(p.limit, 100), 1), 100);
    const timeout = Math.min(Math.max(intParam(p.timeout, 0), 0), MAX_LONG_POLL_SECONDS);
    const q = queueFor(token);

    if (p.allowed_updates !== undefined) {
      const allowed = jsonParam(p.allowed_updates);
      if (Array.isArray(allowed)) q.allowed = allowed.length ? new Set(allowed.map(String)) : null;
    }

    // Confirmation: every update with update_id < offset is forgotten for good.
    if (offset > 0) {
      q.confirmed = Math.max(q.confirmed, offset);
    } else if (offset < 0) {
      const pending = pendingUpdates(q);
      const keep = pending.slice(offset);
      if (keep.length) q.confirmed = Math.max(q.confirmed, keep[0].updateId);
    }

    // Only one getUpdates per bot at a time, as in Telegram: the older one is terminated.
    if (q.waiter) q.waiter.conflict();

    const respond = () => {
      const batch = pendingUpdates(q).slice(0, limit);
      for (const u of batch) u.isRead = true;
      return ok(res, batch.map(formatUpdate));
    };

    if (pendingUpdates(q).length > 0 || timeout === 0) return respond();

    // Long poll: answer as soon as an update arrives, or with [] after `timeout` seconds.
    let done = false;
    let timer = null;
    const finish = (action) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (q.waiter === waiter) q.waiter = null;
      state.polls.delete(waiter);
      action();
    };
    const waiter = {
      wake: () => { if (pendingUpdates(q).length > 0) finish(respond); },
      conflict: () => finish(() => {
        stats.conflicts += 1;
        return fail(res, 409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
      }),
      end: () => finish(() => ok(res, [])),
    };
    timer = setTimeout(() => finish(respond), timeout * 1000);
    res.on('close', () => finish(() => {}));
    q.waiter = waiter;
    state.polls.add(waiter);
    return undefined;
  });

  app.all('/bot:token/sendMessage', (req, res) => {
    const { token } = req.params;
    const p = params(req);
    if (p.chat_id === undefined || p.chat_id === null || p.chat_id === '') return badRequest(res, 'chat_id is empty');
    const checked = checkText(p.text, p.parse_mode);
    if (checked.error) return badRequest(res, checked.error);
    const markup = checkReplyMarkup(p.reply_markup);
    if (markup.error) return badRequest(res, markup.error);
    const message = { ...p, text: String(p.text) };
    if (markup.markup === undefined) delete message.reply_markup;
    else message.reply_markup = markup.markup;
    server.addBotMessage(message, token);
    const stored = server.storage.botMessages[server.storage.botMessages.length - 1];
    return ok(res, formatBotMessage(stored));
  });

  function editMessage(req, res, kind) {
    const { token } = req.params;
    const p = params(req);
    const markup = checkReplyMarkup(p.reply_markup);
    if (markup.error) return badRequest(res, markup.error);
    let checked = null;
    if (kind === 'text') {
      checked = checkText(p.text, p.parse_mode);
      if (checked.error) return badRequest(res, checked.error);
    }
    if (p.inline_message_id) return ok(res, true);
    if (p.chat_id === undefined || p.chat_id === '') return badRequest(res, 'chat_id is empty');
    if (p.message_id === undefined || p.message_id === '') return badRequest(res, 'message identifier is not specified');
    const stored = findBotMessage(token, p.chat_id, p.message_id);
    if (!stored) return badRequest(res, 'message to edit not found');

    const before = stored.message;
    const next = { ...before };
    if (kind === 'text') {
      next.text = String(p.text);
      if (p.parse_mode !== undefined) next.parse_mode = p.parse_mode;
      else delete next.parse_mode;
      if (p.entities !== undefined) next.entities = jsonParam(p.entities);
    }
    if (markup.markup === undefined) delete next.reply_markup;
    else next.reply_markup = markup.markup;

    const sameText = checkText(before.text, before.parse_mode).text === checkText(next.text, next.parse_mode).text
      && JSON.stringify(checkText(before.text, before.parse_mode).entities) === JSON.stringify(checkText(next.text, next.parse_mode).entities);
    const sameMarkup = JSON.stringify(inlineOnly(before.reply_markup) || null) === JSON.stringify(inlineOnly(next.reply_markup) || null);
    if (sameText && sameMarkup) {
      return badRequest(res, 'message is not modified: specified new message content and reply markup are exactly the same as a content and reply markup of the current message');
    }
    stored.message = next;
    stored.editDate = nowSeconds();
    server.emit(kind === 'text' ? 'EditedMessageText' : 'EditedMessageReplyMarkup');
    return ok(res, formatBotMessage(stored));
  }

  app.all('/bot:token/editMessageText', (req, res) => editMessage(req, res, 'text'));
  app.all('/bot:token/editMessageReplyMarkup', (req, res) => editMessage(req, res, 'markup'));

  app.all('/bot:token/sendChatAction', (req, res) => {
    const p = params(req);
    if (p.chat_id === undefined || p.chat_id === '') return badRequest(res, 'chat_id is empty');
    if (!p.action) return badRequest(res, 'action is empty');
    return ok(res, true);
  });

  function commandsKey(token, p) {
    const scope = jsonParam(p.scope) || { type: 'default' };
    const scopeKey = JSON.stringify({
      type: scope.type || 'default',
      ...(scope.chat_id !== undefined ? { chat_id: String(scope.chat_id) } : {}),
      ...(scope.user_id !== undefined ? { user_id: String(scope.user_id) } : {}),
    });
    return `${token}\n${scopeKey}\n${p.language_code || ''}`;
  }

  app.all('/bot:token/setMyCommands', (req, res) => {
    const p = params(req);
    const commands = jsonParam(p.commands);
    if (!Array.isArray(commands)) return badRequest(res, "can't parse commands JSON object");
    if (commands.length > 100) return badRequest(res, 'too many commands specified');
    const clean = [];
    for (const c of commands) {
      if (!c || typeof c !== 'object' || typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
        return badRequest(res, 'BOT_COMMAND_INVALID');
      }
      if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
        return badRequest(res, 'command description is empty');
      }
      clean.push({ command: c.command, description: c.description });
    }
    const key = commandsKey(req.params.token, p);
    if (clean.length) state.commands.set(key, clean);
    else state.commands.delete(key);
    return ok(res, true);
  });

  app.all('/bot:token/getMyCommands', (req, res) => ok(res, state.commands.get(commandsKey(req.params.token, params(req))) || []));

  app.all('/bot:token/deleteMyCommands', (req, res) => {
    state.commands.delete(commandsKey(req.params.token, params(req)));
    return ok(res, true);
  });

  app.all('/bot:token/getChatAdministrators', (req, res) => {
    const p = params(req);
    if (p.chat_id === undefined || p.chat_id === '') return badRequest(res, 'chat_id is empty');
    const admins = state.admins.get(String(p.chat_id));
    if (admins) return ok(res, admins);
    const n = Number(p.chat_id);
    if (Number.isFinite(n) && n > 0) return badRequest(res, 'there are no administrators in the private chat');
    return badRequest(res, 'chat not found');
  });

  app.all('/bot:token/getChatMember', (req, res) => {
    const p = params(req);
    if (p.chat_id === undefined || p.chat_id === '') return badRequest(res, 'chat_id is empty');
    const userId = Number(p.user_id);
    if (!Number.isInteger(userId)) return badRequest(res, 'user_id is empty');
    const admin = (state.admins.get(String(p.chat_id)) || []).find((m) => m.user.id === userId);
    return ok(res, admin || { status: 'member', user: userFor(userId) });
  });

  app.all('/bot:token/getFile', (req, res) => {
    const p = params(req);
    if (!p.file_id) return badRequest(res, 'file_id not specified');
    const file = state.files.get(String(p.file_id));
    if (!file) return badRequest(res, 'invalid file_id');
    if (file.bytes.length > MAX_DOWNLOAD_BYTES) return badRequest(res, 'file is too big');
    return ok(res, {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.bytes.length,
      file_path: file.filePath,
    });
  });

  // Replaces the package's setWebhook, which keeps neither secret_token nor allowed_updates. Telegram's rules: a URL
  // (https there; plain http is accepted here, as a local Bot API server does), a secret_token of 1-256 characters
  // A-Z a-z 0-9 _ -; an empty url removes the webhook.
  app.all('/bot:token/setWebhook', (req, res) => {
    const { token } = req.params;
    const p = params(req);
    const url = p.url === undefined || p.url === null ? '' : String(p.url);
    if (url === '') {
      server.deleteWebhook(token);
      movePendingToQueue(token, isTrue(p.drop_pending_updates));
      return ok(res, true, { description: 'Webhook was deleted' });
    }
    let parsed;
    try {
      parsed = new URL(url);
    } catch (_e) {
      return badRequest(res, 'bad webhook: Failed to resolve host: Name or service not known');
    }
    if (!['http:', 'https:'].includes(parsed.protocol)) return badRequest(res, 'bad webhook: HTTPS url must be provided for webhook');
    const secret = p.secret_token === undefined || p.secret_token === null ? '' : String(p.secret_token);
    if (secret !== '' && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) return badRequest(res, 'secret token contains unallowed characters');
    const allowed = jsonParam(p.allowed_updates);
    server.setWebhook({
      url,
      secret_token: secret || undefined,
      allowed_updates: Array.isArray(allowed) && allowed.length ? allowed.map(String) : undefined,
      max_connections: intParam(p.max_connections, 40),
    }, token);
    if (isTrue(p.drop_pending_updates)) {
      const q = queueFor(token);
      for (const u of pendingUpdates(q)) q.confirmed = Math.max(q.confirmed, u.updateId + 1);
      const r = state.retries.get(token);
      if (r) r.pending = [];
    }
    return ok(res, true, { description: 'Webhook was set' });
  });

  app.all('/bot:token/getWebhookInfo', (req, res) => {
    const { token } = req.params;
    const webhook = server.webhooks[token];
    const info = {
      url: webhook ? webhook.url : '',
      has_custom_certificate: false,
      pending_update_count: pendingUpdates(queueFor(token)).length,
    };
    if (webhook) {
      info.max_connections = webhook.max_connections;
      if (webhook.allowed_updates) info.allowed_updates = webhook.allowed_updates;
      const r = state.retries.get(token);
      if (r) {
        info.pending_update_count += r.pending.length;
        if (r.lastError) {
          info.last_error_date = r.lastError.date;
          info.last_error_message = r.lastError.message;
        }
      }
    }
    return ok(res, info);
  });

  app.all('/bot:token/deleteWebhook', (req, res) => {
    const { token } = req.params;
    const had = Boolean(server.webhooks[token]);
    server.deleteWebhook(token);
    movePendingToQueue(token, isTrue(params(req).drop_pending_updates));
    if (isTrue(params(req).drop_pending_updates)) {
      const q = queueFor(token);
      for (const u of pendingUpdates(q)) q.confirmed = Math.max(q.confirmed, u.updateId + 1);
    }
    return ok(res, true, { description: had ? 'Webhook was deleted' : 'Webhook is already deleted' });
  });

  app.get('/file/bot:token/*', (req, res) => {
    if (state.rejectTokens.has(req.params.token)) return fail(res, 401, 'Unauthorized');
    const file = state.filesByPath.get(req.params[0]);
    if (!file) return fail(res, 404, 'Not Found');
    res.set('Content-Type', file.mimeType);
    return res.status(200).send(file.bytes);
  });

  // Everything else: the package's own routes (getMe, answerCallbackQuery, deleteMessage,
  // setWebhook, the test side's /getUpdates and /getUpdatesHistory, ...).
  app.use(server.webServer);

  // Bodies that cannot be parsed, and anything thrown on the way.
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, _next) => {
    const status = err && Number.isInteger(err.status) && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log(`error on ${req.method} ${req.path}: ${err && err.stack ? err.stack : err}`);
    if (res.headersSent) return undefined;
    if (status === 413) return fail(res, 413, 'Request Entity Too Large');
    if (status === 400) return badRequest(res, "can't parse JSON object");
    return fail(res, status, status === 500 ? 'Internal Server Error' : `Error ${status}`);
  });

  return app;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));

  process.on('unhandledRejection', (reason) => {
    log(`unhandled rejection (kept running): ${reason && reason.stack ? reason.stack : reason}`);
  });

  const server = new TelegramServer({ port: opts.port || 9000, host: HOST, storeTimeout: opts.storeTimeout });
  server.config.port = opts.port; // the package turns port 0 into 9000; 0 means "any free port" here
  server.updateId = opts.firstUpdateId; // the package's update_id counter (it starts at 1)
  server.webServer = buildFrontApp(server);

  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    for (const poll of [...state.polls]) poll.end();
    const hardStop = setTimeout(() => {
      log(`forced exit after ${signal}`);
      process.exit(0);
    }, 3000);
    hardStop.unref();
    // Requests still in flight (a delayed fault, a slow client) get 500 ms, then their sockets go.
    const force = setTimeout(() => {
      if (server.server && server.server.forceShutdown) server.server.forceShutdown();
    }, 500);
    force.unref();
    try {
      await server.stop();
    } catch (e) {
      log(`error while stopping: ${e && e.message}`);
    }
    process.exit(0);
  };
  onSignal = shutdown;

  try {
    await server.start();
  } catch (e) {
    log(`cannot listen on ${HOST}:${opts.port}: ${e && e.message}`);
    process.exit(1);
  }
  const { port } = server.server.address();
  process.stdout.write(`READY http://${HOST}:${port}\n`);

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

'use strict';

// The peer's state: configuration, stores (commands, interactions, messages, threads, recorded
// requests, faults, buckets) and builders for Discord objects (users, members, roles, guilds,
// messages, interactions). Shared by gateway.js, rest.js and control.js.

const crypto = require('crypto');
const { isSnowflake } = require('./spec');

const DISCORD_EPOCH = 1420070400000n;

// Gateway intents (developers/events/gateway.mdx)
const INTENTS = {
  GUILDS: 1 << 0,
  GUILD_MEMBERS: 1 << 1,
  GUILD_PRESENCES: 1 << 8,
  GUILD_MESSAGES: 1 << 9,
  DIRECT_MESSAGES: 1 << 12,
  MESSAGE_CONTENT: 1 << 15,
};
const ALL_INTENTS = (1 << 26) - 1;

// Per-route rate limit buckets: limit requests per windowMs, counted separately per value of the
// route's top-level ("major") parameters. Routes sharing `group` share one bucket (one
// X-RateLimit-Bucket hash). Keys are "METHOD <spec path template>".
const DEFAULT_BUCKETS = {
  'POST /channels/{channel_id}/messages': { limit: 5, windowMs: 5000 },
  'POST /channels/{channel_id}/messages/{message_id}/threads': { limit: 10, windowMs: 10000 },
  'POST /channels/{channel_id}/typing': { limit: 5, windowMs: 5000 },
  'PUT /applications/{application_id}/commands': { limit: 5, windowMs: 20000 },
  'PUT /applications/{application_id}/guilds/{guild_id}/commands': { limit: 5, windowMs: 20000 },
  'POST /applications/{application_id}/commands': { limit: 5, windowMs: 20000 },
  'POST /applications/{application_id}/guilds/{guild_id}/commands': { limit: 5, windowMs: 20000 },
  'POST /interactions/{interaction_id}/{interaction_token}/callback': { limit: 5, windowMs: 5000 },
  'POST /webhooks/{webhook_id}/{webhook_token}': { limit: 5, windowMs: 2000, group: 'webhook' },
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original': { limit: 5, windowMs: 2000, group: 'webhook' },
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}': { limit: 5, windowMs: 2000, group: 'webhook' },
  'GET /gateway/bot': { limit: 5, windowMs: 5000 },
};
const FALLBACK_BUCKET = { limit: 5, windowMs: 1000 };
// Top-level resources (developers/topics/rate-limits.mdx); the interaction id + token is treated
// like a webhook id + token so each interaction has its own callback bucket.
const MAJOR_PARAMS = ['channel_id', 'guild_id', 'webhook_id', 'webhook_token', 'interaction_id', 'interaction_token'];

function defaultConfig() {
  return {
    heartbeatInterval: 41250,
    heartbeatTimeout: null, // ms without a heartbeat before the peer closes (4000); null = 1.5 × interval + 2000; 0 = never
    tokens: [], // accepted bot tokens; [] = any non-empty token
    applicationId: '1234567890123456789',
    botUserId: null, // null = applicationId
    botUsername: 'BriefingBot',
    guilds: [],
    disallowedIntents: 0, // Identify with any of these bits → close 4014
    shards: 1, // recommended shard count answered by /gateway/bot
    interactionTimeoutMs: 3000, // initial response window
    interactionTokenTtlMs: 15 * 60 * 1000, // follow-ups / edits allowed this long
    sessionTtlMs: 3 * 60 * 1000, // a disconnected session can be resumed this long
    gatewayRateLimit: { count: 120, windowMs: 60000 },
    maxPayloadBytes: 4096,
    globalRateLimit: { limit: 50, windowMs: 1000 },
    buckets: {},
    appPermissions: '2248473465835073',
    requireAuthEverywhere: false, // true: also 401 on the routes whose spec security allows no token
    echoOwnMessages: true, // bot's own messages/threads come back as MESSAGE_CREATE/THREAD_CREATE (intents permitting)
  };
}

const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);
const isBitfield = (v) => typeof v === 'string' && /^\d+$/.test(v);

// Validates and merges a /test/config body. Throws Error(message) on bad input.
function mergeConfig(current, patch) {
  if (!isObj(patch)) throw new Error('config must be a JSON object');
  const next = { ...current };
  const known = new Set(Object.keys(defaultConfig()));
  for (const [k, v] of Object.entries(patch)) {
    if (!known.has(k)) throw new Error(`unknown config key: ${k}`);
    next[k] = v;
  }
  const posInt = (k) => {
    if (!Number.isInteger(next[k]) || next[k] <= 0) throw new Error(`${k} must be a positive integer`);
  };
  ['heartbeatInterval', 'shards', 'interactionTimeoutMs', 'interactionTokenTtlMs', 'sessionTtlMs', 'maxPayloadBytes'].forEach(posInt);
  if (next.heartbeatTimeout !== null && (!Number.isInteger(next.heartbeatTimeout) || next.heartbeatTimeout < 0)) throw new Error('heartbeatTimeout must be null or an integer >= 0');
  if (!Array.isArray(next.tokens) || !next.tokens.every((t) => typeof t === 'string' && t.length > 0)) throw new Error('tokens must be an array of non-empty strings');
  if (!isSnowflake(next.applicationId)) throw new Error('applicationId must be a snowflake string');
  if (next.botUserId !== null && !isSnowflake(next.botUserId)) throw new Error('botUserId must be null or a snowflake string');
  if (typeof next.botUsername !== 'string' || !next.botUsername) throw new Error('botUsername must be a string');
  if (!Number.isInteger(next.disallowedIntents) || next.disallowedIntents < 0) throw new Error('disallowedIntents must be an integer >= 0');
  for (const k of ['gatewayRateLimit']) {
    if (!isObj(next[k]) || !Number.isInteger(next[k].count) || !Number.isInteger(next[k].windowMs)) throw new Error(`${k} must be {count, windowMs}`);
  }
  if (!isObj(next.globalRateLimit) || !Number.isInteger(next.globalRateLimit.limit) || !Number.isInteger(next.globalRateLimit.windowMs)) throw new Error('globalRateLimit must be {limit, windowMs}');
  if (!isObj(next.buckets)) throw new Error('buckets must be an object of "METHOD /template": {limit, windowMs}');
  for (const [route, b] of Object.entries(next.buckets)) {
    if (!isObj(b) || !Number.isInteger(b.limit) || b.limit < 1 || !Number.isInteger(b.windowMs) || b.windowMs < 1) throw new Error(`buckets["${route}"] must be {limit >= 1, windowMs >= 1}`);
  }
  if (!isBitfield(next.appPermissions)) throw new Error('appPermissions must be a string bitfield');
  if (typeof next.requireAuthEverywhere !== 'boolean') throw new Error('requireAuthEverywhere must be a boolean');
  if (typeof next.echoOwnMessages !== 'boolean') throw new Error('echoOwnMessages must be a boolean');
  if (!Array.isArray(next.guilds)) throw new Error('guilds must be an array');
  next.guilds = next.guilds.map((g, i) => normalizeGuild(g, i));
  return next;
}

function normalizeGuild(g, i) {
  if (!isObj(g) || !isSnowflake(g.id)) throw new Error(`guilds[${i}].id must be a snowflake string`);
  const out = {
    id: g.id,
    name: typeof g.name === 'string' ? g.name : `Guild ${g.id}`,
    owner_id: g.owner_id !== undefined ? g.owner_id : g.ownerId,
    roles: [],
    members: [],
    channels: [],
  };
  if (out.owner_id === undefined) out.owner_id = '1000000000000000001';
  if (!isSnowflake(out.owner_id)) throw new Error(`guilds[${i}].owner_id must be a snowflake string`);
  (g.roles || []).forEach((r, j) => {
    if (!isObj(r) || !isSnowflake(r.id)) throw new Error(`guilds[${i}].roles[${j}].id must be a snowflake string`);
    if (r.permissions !== undefined && !isBitfield(r.permissions)) throw new Error(`guilds[${i}].roles[${j}].permissions must be a string bitfield like "2048"`);
    out.roles.push({ ...r, name: typeof r.name === 'string' ? r.name : `role-${r.id}`, permissions: r.permissions || '0' });
  });
  (g.members || []).forEach((m, j) => {
    const id = isObj(m) ? (m.id || (m.user && m.user.id)) : undefined;
    if (!isSnowflake(id)) throw new Error(`guilds[${i}].members[${j}] needs an id (or user.id) snowflake`);
    out.members.push({ id, username: m.username || (m.user && m.user.username), roles: Array.isArray(m.roles) ? m.roles : [], nick: m.nick || null });
  });
  (g.channels || []).forEach((c, j) => {
    if (!isObj(c) || !isSnowflake(c.id)) throw new Error(`guilds[${i}].channels[${j}].id must be a snowflake string`);
    out.channels.push({ id: c.id, name: c.name || `channel-${c.id}`, type: Number.isInteger(c.type) ? c.type : 0 });
  });
  return out;
}

function discordTimestamp(ms = Date.now()) {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

class Peer {
  constructor(initialConfig) {
    this.baseConfig = initialConfig || defaultConfig();
    this.port = 0;
    this.snowflakeIncrement = 0n;
    this.reset(false);
  }

  reset(keepConfig) {
    if (!keepConfig) this.config = JSON.parse(JSON.stringify(this.baseConfig));
    this.commands = new Map(); // scope ('global' | guild id) → [command]
    this.interactions = new Map(); // interaction id → record
    this.interactionsByToken = new Map();
    this.messages = []; // records { source, channelId, interactionId, token, time, message, edits, deleted }
    this.messagesById = new Map();
    this.threads = new Map(); // thread id → channel object
    this.seenMembers = new Map(); // `${guildId}\n${userId}` → { id, username, roles, nick }
    this.seenChannels = new Map(); // channel id → guild id | null (from interactions and test messages)
    this.dmChannels = new Map(); // recipient user id → DM channel id (POST /users/@me/channels)
    this.requests = [];
    this.requestSeq = 0;
    this.faults = [];
    this.buckets = new Map();
    this.blocks = new Map(); // bucket key | 'global' → until ms (after a 429, until retry_after passed)
    this.globalWindow = [];
    this.counters = { rateLimitViolations: 0, invalidRequests: 0 };
    this.callbacks = [];
  }

  snowflake(ms = Date.now()) {
    this.snowflakeIncrement = (this.snowflakeIncrement + 1n) & 0xfffn;
    return (((BigInt(ms) - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | this.snowflakeIncrement).toString();
  }

  randomToken() {
    return `aW50ZXJhY3Rpb246${crypto.randomBytes(48).toString('base64url')}`;
  }

  get botUserId() {
    return this.config.botUserId || this.config.applicationId;
  }

  tokenOk(token) {
    if (typeof token !== 'string' || token.length === 0) return false;
    return this.config.tokens.length === 0 || this.config.tokens.includes(token);
  }

  httpBase() {
    return `http://127.0.0.1:${this.port}`;
  }

  gatewayUrl() {
    return `ws://127.0.0.1:${this.port}`;
  }

  heartbeatTimeoutMs() {
    const t = this.config.heartbeatTimeout;
    if (t === null || t === undefined) return Math.round(this.config.heartbeatInterval * 1.5) + 2000;
    return t;
  }

  bucketSpec(routeKey) {
    const own = this.config.buckets[routeKey] || DEFAULT_BUCKETS[routeKey] || FALLBACK_BUCKET;
    const group = own.group || routeKey;
    return { limit: own.limit, windowMs: own.windowMs, group, hash: crypto.createHash('md5').update(group).digest('hex') };
  }

  majorKey(params) {
    return MAJOR_PARAMS.filter((p) => params[p] !== undefined).map((p) => `${p}=${params[p]}`).join('&');
  }

  // ---------------------------------------------------------------------------------------------
  // Discord objects

  botUser() {
    return {
      id: this.botUserId,
      username: this.config.botUsername,
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      system: false,
      mfa_enabled: true,
      banner: null,
      accent_color: null,
      locale: 'en-US',
      verified: true,
      email: null,
      flags: 0,
      premium_type: 0,
      public_flags: 0,
    };
  }

  userObject(id, username) {
    return {
      id: String(id),
      username: username || `user${String(id).slice(-4)}`,
      discriminator: '0',
      global_name: username || null,
      avatar: null,
      avatar_decoration_data: null,
      public_flags: 0,
      primary_guild: null,
      collectibles: null,
    };
  }

  guild(id) {
    return this.config.guilds.find((g) => g.id === id) || null;
  }

  // Channels the peer knows: configured guild channels, threads the bot created, and channels
  // seen in interactions or test-side messages. Returns { guildId } or null for an unknown one.
  channelInfo(channelId) {
    for (const g of this.config.guilds) if (g.channels.some((c) => c.id === channelId)) return { guildId: g.id };
    const thread = this.threads.get(channelId);
    if (thread) return { guildId: thread.guild_id || null };
    if (this.seenChannels.has(channelId)) return { guildId: this.seenChannels.get(channelId) };
    return null;
  }

  noteChannel(channelId, guildId) {
    if (typeof channelId === 'string' && !this.channelInfo(channelId)) this.seenChannels.set(channelId, guildId || null);
  }

  guildForChannel(channelId) {
    const info = this.channelInfo(channelId);
    return info && info.guildId ? this.guild(info.guildId) : null;
  }

  roleObject(guild, r, index) {
    return {
      id: r.id,
      name: r.name,
      description: null,
      color: r.color || 0,
      colors: { primary_color: r.color || 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: Number.isInteger(r.position) ? r.position : (r.id === guild.id ? 0 : index + 1),
      permissions: r.permissions,
      managed: false,
      mentionable: false,
      flags: 0,
    };
  }

  // The guild's roles; @everyone (id = guild id) is added when not configured.
  guildRoles(guild) {
    const roles = guild.roles.map((r, i) => this.roleObject(guild, r, i));
    if (!roles.some((r) => r.id === guild.id)) {
      roles.unshift(this.roleObject(guild, { id: guild.id, name: '@everyone', permissions: '2248473465835073', position: 0 }, 0));
    }
    return roles;
  }

  // { id, username, roles, nick } or null
  findMember(guild, userId) {
    if (userId === this.botUserId) return { id: userId, username: this.config.botUsername, roles: [], nick: null, bot: true };
    const m = guild.members.find((x) => x.id === userId);
    if (m) return m;
    return this.seenMembers.get(`${guild.id}\n${userId}`) || null;
  }

  memberObject(m, extra) {
    const user = m.bot ? this.botUser() : this.userObject(m.id, m.username);
    return {
      user,
      nick: m.nick || null,
      avatar: null,
      banner: null,
      roles: m.roles || [],
      joined_at: discordTimestamp(Date.UTC(2024, 0, 1)),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      unusual_dm_activity_until: null,
      ...(extra || {}),
    };
  }

  guildCreatePayload(guild) {
    const members = [this.memberObject({ id: this.botUserId, bot: true, roles: [] })];
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      description: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      owner_id: guild.owner_id,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      features: [],
      roles: this.guildRoles(guild),
      emojis: [],
      stickers: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: discordTimestamp(Date.UTC(2024, 0, 1)),
      large: false,
      unavailable: false,
      member_count: 1 + guild.members.length,
      voice_states: [],
      members,
      channels: guild.channels.map((c, i) => ({ id: c.id, type: c.type, guild_id: guild.id, name: c.name, position: i, permission_overwrites: [], parent_id: null, nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0, flags: 0 })),
      threads: [...this.threads.values()].filter((t) => t.guild_id === guild.id),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      application_command_counts: {},
    };
  }

  // A message object as the REST API answers it.
  messageObject({ channelId, body, type = 0, webhookId, interaction, flags, author, id, guildId }) {
    const b = body || {};
    const ms = Date.now();
    const msg = {
      type,
      content: typeof b.content === 'string' ? b.content : '',
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(b.embeds) ? b.embeds.map((e) => ({ type: 'rich', ...e, content_scan_version: 0 })) : [],
      timestamp: discordTimestamp(ms),
      edited_timestamp: null,
      flags: flags !== undefined ? flags : (Number.isInteger(b.flags) ? b.flags : 0),
      components: Array.isArray(b.components) ? b.components : [],
      id: id || this.snowflake(ms),
      channel_id: channelId,
      author: author || this.botUser(),
      pinned: false,
      mention_everyone: false,
      tts: b.tts === true,
    };
    if (guildId) msg.guild_id = guildId;
    if (b.nonce !== undefined && b.nonce !== null) msg.nonce = b.nonce;
    if (webhookId) {
      msg.webhook_id = webhookId;
      msg.application_id = this.config.applicationId;
    }
    if (isObj(b.message_reference)) {
      msg.message_reference = { type: 0, channel_id: b.message_reference.channel_id || channelId, message_id: b.message_reference.message_id };
      const ref = this.messagesById.get(b.message_reference.message_id);
      msg.referenced_message = ref ? ref.message : null;
    }
    if (isObj(b.poll)) msg.poll = b.poll;
    if (interaction) {
      const user = interaction.member ? interaction.member.user : interaction.user;
      msg.interaction_metadata = {
        id: interaction.id,
        type: interaction.type,
        user,
        authorizing_integration_owners: interaction.authorizing_integration_owners || {},
        name: interaction.data && interaction.data.name,
        command_type: interaction.data && interaction.data.type,
      };
      msg.interaction = { id: interaction.id, type: interaction.type, name: interaction.data && interaction.data.name, user };
    }
    return msg;
  }

  storeMessage(rec) {
    const full = { time: Date.now(), edits: [], deleted: false, interactionId: null, token: null, ...rec };
    this.messages.push(full);
    this.messagesById.set(full.message.id, full);
    return full;
  }

  // Builds an APPLICATION_COMMAND (type 2) or APPLICATION_COMMAND_AUTOCOMPLETE (type 4)
  // interaction as Discord dispatches it. Returns { interaction, warnings }.
  buildInteraction(spec) {
    const warnings = [];
    const type = spec.type === undefined ? 2 : spec.type;
    if (type !== 2 && type !== 4) throw new Error('type must be 2 (APPLICATION_COMMAND) or 4 (APPLICATION_COMMAND_AUTOCOMPLETE)');
    const name = spec.name === undefined ? 'ask' : spec.name;
    if (typeof name !== 'string' || !name) throw new Error('name must be a non-empty string');
    const guildId = spec.guildId === undefined || spec.guildId === null ? null : String(spec.guildId);
    const channelId = String(spec.channelId || '');
    const userId = String(spec.userId || '');
    if (guildId !== null && !isSnowflake(guildId)) throw new Error('guildId must be a snowflake string');
    if (!isSnowflake(channelId)) throw new Error('channelId must be a snowflake string');
    if (!isSnowflake(userId)) throw new Error('userId must be a snowflake string');
    // roles not given: the configured member's roles, else those of the user's last interaction.
    const known = guildId ? ((this.guild(guildId) || { members: [] }).members.find((m) => m.id === userId) || this.seenMembers.get(`${guildId}\n${userId}`)) : null;
    const roles = spec.roles === undefined ? (known ? known.roles : []) : spec.roles;
    if (!Array.isArray(roles) || !roles.every(isSnowflake)) throw new Error('roles must be an array of snowflake strings');
    const permissions = spec.permissions === undefined ? '0' : spec.permissions;
    if (!isBitfield(permissions)) throw new Error('permissions must be a string bitfield like "2048"');
    const options = spec.options === undefined ? [] : spec.options;
    if (!Array.isArray(options) || !options.every((o) => isObj(o) && typeof o.name === 'string' && Number.isInteger(o.type))) throw new Error('options must be [{name, type, value}]');

    const guild = guildId ? this.guild(guildId) : null;
    if (guildId && !guild) warnings.push(`guild ${guildId} is not configured (POST /test/config guilds): REST calls on it answer 404 Unknown Guild`);
    let command = null;
    if (guildId) command = (this.commands.get(guildId) || []).find((c) => c.name === name && c.type === 1);
    if (!command) command = (this.commands.get('global') || []).find((c) => c.name === name && c.type === 1);
    if (!command) warnings.push(`no CHAT_INPUT command named "${name}" was registered by the bot`);

    const opts = options.map((o) => ({ ...o }));
    if (type === 4 && opts.length && !opts.some((o) => o.focused)) opts[opts.length - 1].focused = true;
    const data = { id: command ? command.id : this.snowflake(), name, type: 1 };
    if (opts.length) data.options = opts;
    if (command && command.guild_id) data.guild_id = command.guild_id;
    if (isObj(spec.resolved)) data.resolved = spec.resolved;

    const username = spec.username || `user${userId.slice(-4)}`;
    const locale = spec.locale || 'en-US';
    const ms = Date.now();
    const interaction = {
      app_permissions: spec.appPermissions || this.config.appPermissions,
      application_id: this.config.applicationId,
      attachment_size_limit: 10485760,
      authorizing_integration_owners: guildId ? { 0: guildId } : { 1: userId },
      channel: guildId
        ? { id: channelId, type: 0, guild_id: guildId, name: (guild && (guild.channels.find((c) => c.id === channelId) || {}).name) || 'general', flags: 0, last_message_id: null, nsfw: false, parent_id: null, permissions: permissions, position: 0, rate_limit_per_user: 0, topic: null }
        : { id: channelId, type: 1, flags: 0, last_message_id: null, recipients: [this.userObject(userId, username)] },
      channel_id: channelId,
      context: guildId ? 0 : 1,
      data,
      entitlement_sku_ids: [],
      entitlements: [],
      id: this.snowflake(ms),
      locale,
      token: this.randomToken(),
      type,
      version: 1,
    };
    if (guildId) {
      interaction.guild = { id: guildId, locale: 'en-US', features: [] };
      interaction.guild_id = guildId;
      interaction.guild_locale = 'en-US';
      interaction.member = this.memberObject({ id: userId, username, roles, nick: spec.nick || null }, { permissions });
      this.seenMembers.set(`${guildId}\n${userId}`, { id: userId, username, roles, nick: spec.nick || null });
    } else {
      interaction.user = this.userObject(userId, username);
    }
    return { interaction, warnings };
  }

  // Remembers an interaction so its callback, follow-ups and edits can be checked.
  registerInteraction(interaction) {
    if (!isObj(interaction) || typeof interaction.id !== 'string' || typeof interaction.token !== 'string') return null;
    const rec = {
      interaction,
      createdAt: Date.now(),
      ack: null, // { type, time, elapsedMs }
      original: null, // message record
      followups: [],
      lateCallbacks: 0,
      duplicateCallbacks: 0,
    };
    this.interactions.set(interaction.id, rec);
    this.noteChannel(interaction.channel_id, interaction.guild_id);
    this.interactionsByToken.set(interaction.token, rec);
    return rec;
  }

  interactionSummary(rec) {
    return {
      id: rec.interaction.id,
      type: rec.interaction.type,
      name: rec.interaction.data && rec.interaction.data.name,
      token: rec.interaction.token,
      guildId: rec.interaction.guild_id || null,
      channelId: rec.interaction.channel_id,
      createdAt: rec.createdAt,
      ack: rec.ack,
      originalMessageId: rec.original ? rec.original.message.id : null,
      followupIds: rec.followups.map((f) => f.message.id),
      lateCallbacks: rec.lateCallbacks,
      duplicateCallbacks: rec.duplicateCallbacks,
    };
  }
}

module.exports = { Peer, defaultConfig, mergeConfig, discordTimestamp, INTENTS, ALL_INTENTS, DEFAULT_BUCKETS, FALLBACK_BUCKET, isObj, isBitfield };

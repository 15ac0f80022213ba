'use strict';

// Checks Discord documents and applies beyond what the OpenAPI schemas say.
// Each returns a list of problems { path: [...], code, message } (see spec.js nestErrors).
//
// Message limits (developers/resources/message.mdx, "Embed Limits"): content ≤ 2000 characters
// (the spec's create_message schema allows 4000), ≤ 10 embeds, title ≤ 256, description ≤ 4096,
// ≤ 25 fields, field name ≤ 256 and value ≤ 1024, footer text ≤ 2048, author name ≤ 256, and the
// characters of title + description + field names/values + footer text + author name over ALL
// embeds of the message ≤ 6000. Lengths are counted in Unicode code points.
//
// Application commands (interactions/application-commands.mdx): CHAT_INPUT names match
// ^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$ and are lower case, descriptions 1-100 characters,
// names unique per command type, required options before optional ones, option names unique,
// ≤ 25 choices, and ≤ 8000 characters of names, descriptions and choice values in one command.

const CONTENT_MAX = 2000;
const EMBEDS_MAX = 10;
const EMBED_TOTAL_MAX = 6000;
const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const len = (s) => (typeof s === 'string' ? [...s].length : 0);
const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);

function maxLen(problems, path, value, limit) {
  if (typeof value === 'string' && len(value) > limit) {
    problems.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${limit} or fewer in length.` });
  }
}

function messageLimitProblems(body, prefix = []) {
  const problems = [];
  if (!isObj(body)) return problems;
  maxLen(problems, [...prefix, 'content'], body.content, CONTENT_MAX);
  const embeds = body.embeds;
  if (!Array.isArray(embeds)) return problems;
  if (embeds.length > EMBEDS_MAX) {
    problems.push({ path: [...prefix, 'embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${EMBEDS_MAX} or fewer in length.` });
  }
  let total = 0;
  embeds.forEach((e, i) => {
    if (!isObj(e)) return;
    const p = [...prefix, 'embeds', String(i)];
    maxLen(problems, [...p, 'title'], e.title, 256);
    maxLen(problems, [...p, 'description'], e.description, 4096);
    total += len(e.title) + len(e.description);
    if (isObj(e.footer)) {
      maxLen(problems, [...p, 'footer', 'text'], e.footer.text, 2048);
      total += len(e.footer.text);
    }
    if (isObj(e.author)) {
      maxLen(problems, [...p, 'author', 'name'], e.author.name, 256);
      total += len(e.author.name);
    }
    if (Array.isArray(e.fields)) {
      if (e.fields.length > 25) {
        problems.push({ path: [...p, 'fields'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
      }
      e.fields.forEach((f, j) => {
        if (!isObj(f)) return;
        const fp = [...p, 'fields', String(j)];
        maxLen(problems, [...fp, 'name'], f.name, 256);
        maxLen(problems, [...fp, 'value'], f.value, 1024);
        if (f.name === '') problems.push({ path: [...fp, 'name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
        if (f.value === '') problems.push({ path: [...fp, 'value'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
        total += len(f.name) + len(f.value);
      });
    }
  });
  if (total > EMBED_TOTAL_MAX) {
    problems.push({ path: [...prefix, 'embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${EMBED_TOTAL_MAX}` });
  }
  return problems;
}

// A message needs at least one of content, embeds, sticker_ids, components, files/attachments or
// poll; otherwise Discord answers 400 {"message":"Cannot send an empty message","code":50006}.
function isEmptyMessage(body) {
  if (!isObj(body)) return true;
  const nonEmptyArray = (v) => Array.isArray(v) && v.length > 0;
  if (typeof body.content === 'string' && body.content.length > 0) return false;
  if (nonEmptyArray(body.embeds) || nonEmptyArray(body.sticker_ids) || nonEmptyArray(body.components) || nonEmptyArray(body.attachments)) return false;
  if (isObj(body.poll)) return false;
  return true;
}

function checkName(problems, path, name, chatInput) {
  if (typeof name !== 'string') return;
  if (!NAME_RE.test(name) || (chatInput && name !== name.toLowerCase())) {
    problems.push({ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  }
}

function optionProblems(options, path, counter) {
  const problems = [];
  if (!Array.isArray(options)) return problems;
  const names = new Set();
  let sawOptional = false;
  options.forEach((o, i) => {
    if (!isObj(o)) return;
    const p = [...path, String(i)];
    checkName(problems, [...p, 'name'], o.name, true);
    counter.n += len(o.name) + len(o.description);
    if (typeof o.description !== 'string' || len(o.description) < 1) {
      problems.push({ path: [...p, 'description'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    } else if (len(o.description) > 100) {
      problems.push({ path: [...p, 'description'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
    }
    if (typeof o.name === 'string') {
      if (names.has(o.name)) problems.push({ path: [...p, 'name'], code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', message: 'Option names must be unique' });
      names.add(o.name);
    }
    if (o.type === 1 || o.type === 2) {
      problems.push(...optionProblems(o.options, [...p, 'options'], counter));
      return;
    }
    if (o.required === true && sawOptional) {
      problems.push({ path: [...p, 'required'], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
    }
    if (o.required !== true) sawOptional = true;
    if (Array.isArray(o.choices)) {
      if (o.choices.length > 25) problems.push({ path: [...p, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
      for (const c of o.choices) if (isObj(c)) counter.n += len(c.name) + len(typeof c.value === 'string' ? c.value : String(c.value));
    }
  });
  return problems;
}

// commands: the bulk-overwrite body (array). Returns problems with paths starting at the index.
function commandProblems(commands) {
  const problems = [];
  if (!Array.isArray(commands)) return problems;
  const seen = new Map();
  commands.forEach((c, i) => {
    if (!isObj(c)) return;
    const type = c.type === undefined || c.type === null ? 1 : c.type;
    const chatInput = type === 1;
    const p = [String(i)];
    checkName(problems, [...p, 'name'], c.name, chatInput);
    if (chatInput) {
      if (typeof c.description !== 'string' || len(c.description) < 1) {
        problems.push({ path: [...p, 'description'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      }
    } else if (typeof c.description === 'string' && c.description.length > 0) {
      problems.push({ path: [...p, 'description'], code: 'APPLICATION_COMMAND_INVALID_DESCRIPTION', message: 'Context menu commands cannot have a description' });
    }
    const key = `${type}\n${c.name}`;
    if (typeof c.name === 'string') {
      if (seen.has(key)) problems.push({ path: [...p, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
      seen.set(key, i);
    }
    const counter = { n: len(c.name) + len(c.description) };
    if (chatInput) problems.push(...optionProblems(c.options, [...p, 'options'], counter));
    if (counter.n > 8000) problems.push({ path: p, code: 'APPLICATION_COMMAND_TOO_LARGE', message: 'Command exceeds maximum size (8000)' });
  });
  return problems;
}

module.exports = { messageLimitProblems, isEmptyMessage, commandProblems, CONTENT_MAX, EMBED_TOTAL_MAX };

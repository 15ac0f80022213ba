'use strict';

// Telegram's `parse_mode: "HTML"` rules, written for this test peer from the Bot API documentation
// (https://core.telegram.org/bots/api#html-style) and the behaviour of Telegram's own parser:
// the supported tags, the four named entities plus numeric ones, and the error texts Telegram
// answers with ("Bad Request: can't parse entities: ..."). Offsets in error texts are UTF-8 byte
// offsets, as Telegram reports them; entity offsets/lengths are UTF-16 code units, as in the API.

const SUPPORTED_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins',
  'tg-spoiler', 'span', 'tg-emoji', 'pre', 'code', 'blockquote',
]);

const NAMED_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' };

class TelegramParseError extends Error {}

const isSpace = (ch) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\v' || ch === '\f';
const isDigit = (ch) => ch >= '0' && ch <= '9';
const isHex = (ch) => isDigit(ch) || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
const isAlpha = (ch) => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
const isNameTokenChar = (ch) => isAlpha(ch) || isDigit(ch) || ch === '.' || ch === '-';

// Decodes the HTML entity starting at s[pos] === '&'. Returns { text, end } or null when it is
// not an entity Telegram knows (the '&' is then kept literally, as Telegram does).
function decodeEntity(s, pos) {
  let end = pos + 1;
  let code = 0;
  if (s[end] === '#') {
    end += 1;
    let digits = '';
    if (s[end] === 'x') {
      end += 1;
      while (end < s.length && isHex(s[end])) digits += s[end++];
      code = digits ? parseInt(digits, 16) : 0;
    } else {
      while (end < s.length && isDigit(s[end])) digits += s[end++];
      code = digits ? parseInt(digits, 10) : 0;
    }
    if (!code || code >= 0x10ffff || end - pos >= 10) return null;
    if (code >= 0xd800 && code <= 0xdfff) {
      throw new TelegramParseError('Text contains invalid Unicode characters after decoding HTML entities, '
        + 'check for unmatched surrogate code units');
    }
  } else {
    while (end < s.length && isAlpha(s[end])) end += 1;
    const name = s.slice(pos + 1, end);
    if (!Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, name)) return null;
    code = NAMED_ENTITIES[name].codePointAt(0);
  }
  if (s[end] === ';') end += 1;
  return { text: String.fromCodePoint(code), end };
}

function linkEntity(url, offset, length) {
  const m = /^tg:\/\/user\?id=(\d+)$/i.exec(url);
  if (m) return { type: 'text_mention', offset, length, user: { id: Number(m[1]), is_bot: false, first_name: `User ${m[1]}` } };
  if (/^(https?|tg|ftp):\/\//i.test(url)) return { type: 'text_link', offset, length, url };
  if (/^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(url)) return { type: 'text_link', offset, length, url: `http://${url}` };
  return null; // Telegram drops links it cannot use instead of failing
}

// Parses `text` as Telegram HTML. Returns { text, entities } (the text the API would store, with
// tags removed and entities decoded). Throws TelegramParseError with Telegram's wording.
function parseHtml(text) {
  const s = String(text);
  const n = s.length;
  const at = (k) => (k < n ? s[k] : '\0');
  const endOrSpace = (k) => k >= n || isSpace(s[k]);
  const byteOffset = (k) => Buffer.byteLength(s.slice(0, k), 'utf8');
  const fail = (message) => { throw new TelegramParseError(message); };

  let out = '';
  const entities = [];
  const stack = [];

  for (let i = 0; i < n; i++) {
    const ch = s[i];
    if (ch === '&') {
      const decoded = decodeEntity(s, i);
      if (decoded) {
        out += decoded.text;
        i = decoded.end - 1;
        continue;
      }
    }
    if (ch !== '<') {
      out += ch;
      continue;
    }

    const begin = i;
    i += 1;
    if (at(i) !== '/') {
      // start tag
      while (!endOrSpace(i) && s[i] !== '>') i += 1;
      if (i >= n) fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
      const tag = s.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag)) fail(`Unsupported start tag "${tag}" at byte offset ${byteOffset(begin)}`);

      const attrs = {};
      while (at(i) !== '>') {
        while (i < n && isSpace(s[i])) i += 1;
        if (at(i) === '>') break;
        const attrBegin = i;
        while (!endOrSpace(i) && s[i] !== '=' && s[i] !== '>') i += 1;
        const attrName = s.slice(attrBegin, i);
        if (!attrName) fail(`Empty attribute name in the tag "${tag}" at byte offset ${byteOffset(begin)}`);
        while (i < n && isSpace(s[i])) i += 1;
        if (i >= n) fail(`Unclosed start tag "${tag}" at byte offset ${byteOffset(begin)}`);
        if (s[i] !== '=') {
          if (tag === 'blockquote' && attrName.toLowerCase() === 'expandable') {
            attrs.expandable = true;
            continue;
          }
          fail(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${byteOffset(begin)}`);
        }
        i += 1;
        while (i < n && isSpace(s[i])) i += 1;
        if (i >= n) fail(`Unclosed start tag "${tag}" at byte offset ${byteOffset(begin)}`);

        let value = '';
        if (s[i] !== '"' && s[i] !== "'") {
          const tokenBegin = i;
          while (i < n && isNameTokenChar(s[i])) i += 1;
          value = s.slice(tokenBegin, i).toLowerCase();
          if (!endOrSpace(i) && s[i] !== '>') fail(`Unexpected end of name token at byte offset ${byteOffset(tokenBegin)}`);
        } else {
          const quote = s[i];
          i += 1;
          while (i < n && s[i] !== quote) {
            if (s[i] === '&') {
              const decoded = decodeEntity(s, i);
              if (decoded) {
                value += decoded.text;
                i = decoded.end;
                continue;
              }
            }
            value += s[i];
            i += 1;
          }
          if (s[i] === quote) i += 1;
        }
        if (i >= n) fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
        attrs[attrName] = value;
      }

      if (tag === 'span' && attrs.class !== 'tg-spoiler') {
        fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(begin)}`);
      }
      if (tag === 'tg-emoji' && !/^\d+$/.test(attrs['emoji-id'] || '')) {
        fail('Invalid custom emoji identifier specified');
      }
      stack.push({ tag, attrs, offset: out.length });
      // i is at '>'; the loop's i++ moves past it
    } else {
      // end tag
      if (stack.length === 0) fail(`Unexpected end tag at byte offset ${byteOffset(begin)}`);
      while (!endOrSpace(i) && s[i] !== '>') i += 1;
      const endName = s.slice(begin + 2, i);
      while (i < n && isSpace(s[i])) i += 1;
      if (at(i) !== '>') fail(`Unclosed end tag at byte offset ${byteOffset(begin)}`);
      const open = stack[stack.length - 1];
      if (endName && endName !== open.tag) {
        fail(`Unmatched end tag at byte offset ${byteOffset(begin)}, expected "</${open.tag}>", found "</${endName}>"`);
      }
      stack.pop();
      const offset = open.offset;
      const length = out.length - offset;
      if (length > 0) addEntity(entities, open, offset, length, out);
    }
  }
  if (stack.length) fail(`Can't find end tag corresponding to start tag "${stack[stack.length - 1].tag}"`);

  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: out, entities };
}

function addEntity(entities, open, offset, length, out) {
  const simple = {
    b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
    s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', span: 'spoiler',
  };
  if (simple[open.tag]) {
    entities.push({ type: simple[open.tag], offset, length });
  } else if (open.tag === 'a') {
    const url = open.attrs.href !== undefined ? open.attrs.href : out.slice(offset, offset + length);
    const e = linkEntity(url, offset, length);
    if (e) entities.push(e);
  } else if (open.tag === 'code') {
    const cls = open.attrs.class || '';
    const e = { type: 'code', offset, length };
    if (cls.startsWith('language-') && cls.length > 9) e.language = cls.slice(9);
    entities.push(e);
  } else if (open.tag === 'pre') {
    const last = entities[entities.length - 1];
    if (last && last.type === 'code' && last.offset === offset && last.length === length) {
      entities.pop();
      entities.push(last.language ? { type: 'pre', offset, length, language: last.language } : { type: 'pre', offset, length });
    } else {
      entities.push({ type: 'pre', offset, length });
    }
  } else if (open.tag === 'blockquote') {
    entities.push({ type: open.attrs.expandable ? 'expandable_blockquote' : 'blockquote', offset, length });
  } else if (open.tag === 'tg-emoji') {
    entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: open.attrs['emoji-id'] });
  }
}

module.exports = { parseHtml, TelegramParseError };

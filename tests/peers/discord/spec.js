'use strict';

// Discord's OpenAPI 3.1 spec (discord-openapi.json beside this file) as a router and a validator.
//
// - match(pathname) finds the spec's path template for a request path (literal segments win over
//   {params}, so /users/@me beats /users/{user_id}).
// - checkParams() validates path and query parameters against the operation's parameter schemas.
// - checkBody() validates a JSON body against the operation's requestBody schema
//   (content["application/json"].schema) with Ajv (JSON Schema draft 2020-12, strict: false).
//   `$ref`s to "#/components/..." resolve because the whole components section is added to Ajv as
//   one schema (COMPONENTS_ID); route schemas are compiled with their refs pointed at it.
// - discordErrors() turns Ajv errors into Discord's nested "errors" object of a 50035 answer.

const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const SPEC_FILE = path.join(__dirname, 'discord-openapi.json');
// Never fetched: Ajv only uses it as the name under which the components section is registered.
const COMPONENTS_ID = 'https://discord-peer.test/openapi.json';
const SNOWFLAKE_RE = /^(0|[1-9][0-9]*)$/;
const SNOWFLAKE_MAX = (1n << 64n) - 1n;

function isSnowflake(value) {
  return typeof value === 'string' && SNOWFLAKE_RE.test(value) && value.length <= 20 && BigInt(value) <= SNOWFLAKE_MAX;
}

function escapePointer(s) {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

// Deep copy with every local "#/..." $ref pointed at the registered components schema.
function rebaseRefs(node) {
  if (Array.isArray(node)) return node.map(rebaseRefs);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? COMPONENTS_ID + v : rebaseRefs(v);
  }
  return out;
}

class DiscordSpec {
  constructor(specFile = SPEC_FILE) {
    this.doc = require(specFile);
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('snowflake', { type: 'string', validate: isSnowflake });
    // Discord's nonce: a string of at most 25 characters (the schema also says maxLength 25).
    this.ajv.addFormat('nonce', { type: 'string', validate: (s) => [...s].length <= 25 });
    this.ajv.addSchema({ $id: COMPONENTS_ID, components: this.doc.components });

    this.routes = Object.entries(this.doc.paths).map(([template, item]) => ({
      template,
      segments: template.split('/').slice(1),
      item,
    }));
    this.cache = new Map();
  }

  component(name) {
    return this.doc.components.schemas[name];
  }

  // pathname: the part after /api/v10, e.g. "/channels/123/messages".
  // Returns { template, params, item } or null.
  match(pathname) {
    const raw = pathname.split('/').slice(1);
    let segs;
    try {
      segs = raw.map((s) => decodeURIComponent(s));
    } catch (_e) {
      return null;
    }
    let best = null;
    let bestScore = null;
    for (const route of this.routes) {
      if (route.segments.length !== segs.length) continue;
      const params = {};
      const score = [];
      let ok = true;
      for (let i = 0; i < segs.length; i++) {
        const t = route.segments[i];
        const m = /^\{(.+)\}$/.exec(t);
        if (m) {
          if (segs[i] === '') { ok = false; break; }
          params[m[1]] = segs[i];
          score.push(0);
        } else if (t === segs[i]) {
          score.push(1);
        } else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (!best || compareScores(score, bestScore) > 0) {
        best = { template: route.template, params, item: route.item };
        bestScore = score;
      }
    }
    return best;
  }

  operation(template, method) {
    const item = this.doc.paths[template];
    if (!item) return null;
    const op = item[method.toLowerCase()];
    return op && typeof op === 'object' && op.operationId ? op : null;
  }

  methods(template) {
    const item = this.doc.paths[template] || {};
    return Object.keys(item).filter((k) => item[k] && item[k].operationId).map((k) => k.toUpperCase());
  }

  // Whether the operation accepts requests without a bot token (security contains {}).
  authOptional(op) {
    return Array.isArray(op.security) && op.security.some((s) => s && Object.keys(s).length === 0);
  }

  compile(key, schemaFn) {
    let v = this.cache.get(key);
    if (!v) {
      v = this.ajv.compile(rebaseRefs(schemaFn()));
      this.cache.set(key, v);
    }
    return v;
  }

  parameters(template, op) {
    const item = this.doc.paths[template] || {};
    const byName = new Map();
    for (const p of [...(item.parameters || []), ...(op.parameters || [])]) byName.set(`${p.in}:${p.name}`, p);
    return [...byName.values()];
  }

  // Validates path params (strings) and query params (coerced from strings by schema type).
  // Returns a list of { path: [name], code, message, ajv } problems (empty when fine).
  checkParams(template, method, op, pathParams, query) {
    const problems = [];
    for (const p of this.parameters(template, op)) {
      let value;
      if (p.in === 'path') value = pathParams[p.name];
      else if (p.in === 'query') value = query.get(p.name);
      else continue;
      if (value === undefined || value === null) {
        if (p.required) problems.push({ path: [p.name], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
        continue;
      }
      const schema = this.resolve(p.schema);
      const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
      let coerced = value;
      if (type === 'boolean') {
        const l = value.toLowerCase();
        if (l === 'true' || l === '1') coerced = true;
        else if (l === 'false' || l === '0') coerced = false;
        else {
          problems.push({ path: [p.name], code: 'BOOLEAN_TYPE_CONVERT', message: `Value "${value}" is not a valid boolean.` });
          continue;
        }
      } else if (type === 'integer' || type === 'number') {
        if (!/^-?\d+(\.\d+)?$/.test(value)) {
          problems.push({ path: [p.name], code: 'NUMBER_TYPE_COERCE', message: `Value "${value}" is not int.` });
          continue;
        }
        coerced = Number(value);
      }
      const key = `param ${method} ${template} ${p.in}:${p.name}`;
      const validate = this.compile(key, () => p.schema);
      if (!validate(coerced)) {
        const isSnow = schema.format === 'snowflake';
        for (const e of validate.errors) {
          problems.push({
            path: [p.name],
            code: isSnow ? 'NUMBER_TYPE_COERCE' : codeFor(e).code,
            message: isSnow ? `Value "${value}" is not snowflake.` : codeFor(e).message,
            ajv: slimAjvError(e),
          });
        }
      }
    }
    return problems;
  }

  resolve(schema) {
    let s = schema;
    for (let i = 0; i < 10 && s && s.$ref; i++) {
      const m = /^#\/components\/schemas\/(.+)$/.exec(s.$ref);
      s = m ? this.component(m[1]) : null;
    }
    return s || {};
  }

  // { required, schemaPointer, contentTypes } for the operation's request body, or null.
  bodyInfo(template, method, op) {
    if (!op.requestBody) return null;
    const content = op.requestBody.content || {};
    return {
      required: Boolean(op.requestBody.required),
      contentTypes: Object.keys(content),
      hasJson: Boolean(content['application/json']),
      schemaPointer: `#/paths/${escapePointer(template)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`,
    };
  }

  // Validates a parsed JSON body. Returns { valid, errors: [ajv errors], branch? }.
  // A top-level anyOf of $refs (a union, e.g. the interaction callback's seven request types) is
  // validated branch by branch: branches whose `type` enum does not contain body.type are skipped,
  // and the errors reported are those of the closest branch, not the noise of all of them.
  checkBody(template, method, op, body) {
    const schema = op.requestBody.content['application/json'].schema;
    const base = `body ${method} ${template}`;
    const branches = Array.isArray(schema.anyOf) && schema.anyOf.every((b) => b.$ref) ? schema.anyOf : null;
    if (!branches) {
      const validate = this.compile(base, () => schema);
      const valid = validate(body);
      return { valid, errors: valid ? [] : validate.errors.slice() };
    }
    const hasType = body && typeof body === 'object' && !Array.isArray(body) && 'type' in body;
    const candidates = [];
    const allowedTypes = new Set();
    for (const b of branches) {
      const resolved = this.resolve(b);
      const en = resolved.properties && resolved.properties.type && resolved.properties.type.enum;
      if (Array.isArray(en)) en.forEach((t) => allowedTypes.add(t));
      if (hasType && Array.isArray(en) && !en.includes(body.type)) continue;
      candidates.push(b);
    }
    if (candidates.length === 0) {
      return {
        valid: false,
        errors: [{
          instancePath: '/type', schemaPath: '#/anyOf', keyword: 'enum',
          params: { allowedValues: [...allowedTypes].sort((a, b) => a - b) },
          message: 'must be equal to one of the allowed values',
        }],
      };
    }
    let bestErrors = null;
    let bestBranch = null;
    for (const b of candidates) {
      const validate = this.compile(`${base} ${b.$ref}`, () => b);
      if (validate(body)) return { valid: true, errors: [], branch: b.$ref };
      const errs = validate.errors.slice();
      if (!bestErrors || errs.length < bestErrors.length) {
        bestErrors = errs;
        bestBranch = b.$ref;
      }
    }
    return { valid: false, errors: bestErrors, branch: bestBranch };
  }
}

function compareScores(a, b) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

function slimAjvError(e) {
  return { instancePath: e.instancePath, schemaPath: e.schemaPath, keyword: e.keyword, params: e.params, message: e.message };
}

// Discord-like error code and message for one Ajv error (best effort; Discord's exact wording for
// every case is not documented).
function codeFor(e) {
  const p = e.params || {};
  switch (e.keyword) {
    case 'required':
      return { code: 'BASE_TYPE_REQUIRED', message: 'This field is required' };
    case 'type': {
      const types = (Array.isArray(p.type) ? p.type : String(p.type).split(',')).filter((t) => t !== 'null');
      const t = types[0];
      if (t === 'integer' || t === 'number') return { code: 'NUMBER_TYPE_COERCE', message: `Value is not ${t === 'integer' ? 'int' : 'float'}.` };
      if (t === 'boolean') return { code: 'BOOLEAN_TYPE_CONVERT', message: 'Value is not a valid boolean.' };
      if (t === 'array') return { code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' };
      if (t === 'object') return { code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' };
      if (t === 'string') return { code: 'STRING_TYPE_CONVERT', message: 'Could not interpret value as string.' };
      return { code: 'BASE_TYPE_NULL', message: 'Value must be null.' };
    }
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties':
      return { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${p.limit} or fewer in length.` };
    case 'minLength':
    case 'minItems':
    case 'minProperties':
      return { code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${p.limit} or more in length.` };
    case 'maximum':
    case 'exclusiveMaximum':
      return { code: 'NUMBER_TYPE_MAX', message: `int value should be less than or equal to ${p.limit}.` };
    case 'minimum':
    case 'exclusiveMinimum':
      return { code: 'NUMBER_TYPE_MIN', message: `int value should be greater than or equal to ${p.limit}.` };
    case 'enum':
      return { code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${(p.allowedValues || []).map((v) => JSON.stringify(v)).join(', ')}}.` };
    case 'const':
      return { code: 'BASE_TYPE_CHOICES', message: `Value must be one of {${JSON.stringify(p.allowedValue)}}.` };
    case 'format':
      if (p.format === 'uri') return { code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' };
      if (p.format === 'date-time') return { code: 'DATE_TIME_TYPE_PARSE', message: 'Could not parse value. Should be ISO8601.' };
      if (p.format === 'snowflake') return { code: 'NUMBER_TYPE_COERCE', message: 'Value is not snowflake.' };
      return { code: 'BASE_TYPE_BAD_FORMAT', message: `Value does not match format ${p.format}.` };
    case 'pattern':
      return { code: 'STRING_TYPE_REGEX', message: 'String value did not match validation regex.' };
    case 'uniqueItems':
      return { code: 'LIST_ITEM_VALUE_DUPLICATE', message: 'List items must be unique.' };
    default:
      return { code: 'BASE_TYPE_INVALID', message: e.message || 'Invalid value.' };
  }
}

// Drops the noise Ajv reports for "null or X" unions (oneOf [{type:null}, {$ref}]) when the real
// problem is deeper: the "must be null" branch and the "must match exactly one schema" summary.
function filterAjvErrors(errors) {
  const deeperOrSame = (e, pred) => errors.some((o) => o !== e && pred(o) && (o.instancePath === e.instancePath || o.instancePath.startsWith(`${e.instancePath}/`)));
  return errors.filter((e) => {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      return !deeperOrSame(e, (o) => o.keyword !== 'oneOf' && o.keyword !== 'anyOf');
    }
    if (e.keyword === 'type' && (e.params.type === 'null' || (Array.isArray(e.params.type) && e.params.type.length === 1 && e.params.type[0] === 'null'))) {
      return !deeperOrSame(e, (o) => !(o.keyword === 'type' && o.params.type === 'null') && o.keyword !== 'oneOf' && o.keyword !== 'anyOf');
    }
    return true;
  });
}

function pointerToPath(pointer) {
  if (!pointer) return [];
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// problems: [{ path: [...], code, message, ajv? }] → Discord's nested errors object:
// {"embeds":{"0":{"title":{"_errors":[{"code":"...","message":"..."}]}}}}
function nestErrors(problems) {
  const root = {};
  const seen = new Set();
  for (const pr of problems) {
    const key = `${pr.path.join('/')}\n${pr.code}\n${pr.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let node = root;
    for (const seg of pr.path) {
      node[seg] = node[seg] || {};
      node = node[seg];
    }
    node._errors = node._errors || [];
    const entry = { code: pr.code, message: pr.message };
    if (pr.ajv) entry.ajv = pr.ajv;
    node._errors.push(entry);
  }
  return root;
}

// Ajv errors → problems (see nestErrors).
function ajvProblems(errors) {
  return filterAjvErrors(errors).map((e) => {
    const path = pointerToPath(e.instancePath);
    if (e.keyword === 'required' && e.params && e.params.missingProperty) path.push(e.params.missingProperty);
    const { code, message } = codeFor(e);
    return { path, code, message, ajv: slimAjvError(e) };
  });
}

module.exports = { DiscordSpec, isSnowflake, nestErrors, ajvProblems, filterAjvErrors, COMPONENTS_ID };

// Converts the real vcrpy recordings under <shared>/realworld/ into bedrock-testbed cassettes
// (docs/cassette-format.md), keeping only the interactions whose response bytes are the wire
// bytes (realworld/README.md "How bodies are stored"):
//   - dd-trace-py and openllmetry: raw JSON strings and event streams, verbatim;
//   - opentelemetry-python-contrib and pydantic-ai: only the event streams (`!!binary`, verbatim);
//     their JSON bodies are pretty-printed or re-serialised, so they are left out.
// Usage: node convert_recordings.mjs OUT_DIR [SHARED_DIR]
// The replay test imports convertRecordings() and checks the SDKs' results against the recordings.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import YAML from 'yaml';

const WIRE_EXACT_SOURCES = new Set(['dd-trace-py', 'openllmetry']);
const STREAM_ONLY_SOURCES = new Set(['opentelemetry-python-contrib', 'pydantic-ai']);
const EVENT_STREAM = 'application/vnd.amazon.eventstream';

const RUNTIME_OPERATIONS = {
  converse: 'Converse',
  'converse-stream': 'ConverseStream',
  invoke: 'InvokeModel',
  'invoke-with-response-stream': 'InvokeModelWithResponseStream',
  'count-tokens': 'CountTokens',
};

// ---- vcrpy YAML ---------------------------------------------------------------------------------

// PyYAML accepts continuation lines of a multi-line quoted scalar at the same indentation as its
// key (openllmetry's cassettes are written that way); YAML 1.2 parsers do not. Folding drops a
// continuation line's leading spaces, so indenting those lines further keeps every value intact.
export function reindentQuotedScalars(text) {
  const lines = text.split('\n');
  let open = null; // the quote character of a scalar still open at the end of a line
  for (let i = 0; i < lines.length; i += 1) {
    let start;
    if (open) {
      lines[i] = `    ${lines[i]}`;
      start = 0;
    } else {
      const opening = /^\s*(?:-\s+)?(?:[^\s'"#][^'"]*?:\s+)?(?:-\s+)?(['"])/.exec(lines[i]);
      if (!opening) continue;
      open = opening[1];
      start = opening[0].length;
    }
    const line = lines[i];
    for (let j = start; j < line.length; j += 1) {
      if (open === "'" && line[j] === "'") {
        if (line[j + 1] === "'") j += 1;
        else { open = null; break; }
      } else if (open === '"') {
        if (line[j] === '\\') j += 1;
        else if (line[j] === '"') { open = null; break; }
      }
    }
  }
  return lines.join('\n');
}

export function parseVcrYaml(text) {
  return YAML.parse(reindentQuotedScalars(text), { customTags: ['binary'], maxAliasCount: -1 });
}

const toBuffer = (value) => {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value === null || value === undefined) return Buffer.alloc(0);
  return Buffer.from(JSON.stringify(value), 'utf8'); // a parsed_body mapping
};

// vcrpy headers: {Name: [value, ...]}, values str or !!binary.
function headerPairs(headers = {}) {
  const pairs = [];
  for (const [name, values] of Object.entries(headers ?? {})) {
    for (const value of Array.isArray(values) ? values : [values]) {
      pairs.push([name, toBuffer(value).toString('utf8')]);
    }
  }
  return pairs;
}

const findHeader = (pairs, name) =>
  pairs.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

// ---- event-stream frames ------------------------------------------------------------------------

// Decodes AWS event-stream frames (reference §6) into [{headers: [[name, value]], payload}].
export function decodeFrames(bytes) {
  const frames = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < 16) throw new Error(`truncated frame at byte ${offset}`);
    const total = bytes.readUInt32BE(offset);
    const headersLength = bytes.readUInt32BE(offset + 4);
    if (total < 16 || offset + total > bytes.length) throw new Error(`bad frame length at ${offset}`);
    const headers = [];
    let at = offset + 12;
    const headersEnd = at + headersLength;
    while (at < headersEnd) {
      const nameLength = bytes[at];
      const name = bytes.toString('utf8', at + 1, at + 1 + nameLength);
      at += 1 + nameLength;
      const type = bytes[at];
      at += 1;
      let value;
      switch (type) {
        case 0: value = { bool: true }; break;
        case 1: value = { bool: false }; break;
        case 2: value = { int8: bytes.readInt8(at) }; at += 1; break;
        case 3: value = { int16: bytes.readInt16BE(at) }; at += 2; break;
        case 4: value = { int32: bytes.readInt32BE(at) }; at += 4; break;
        case 5: value = { int64: Number(bytes.readBigInt64BE(at)) }; at += 8; break;
        case 6: case 7: {
          const length = bytes.readUInt16BE(at);
          const raw = bytes.subarray(at + 2, at + 2 + length);
          value = type === 7 ? raw.toString('utf8') : { bytes: raw.toString('base64') };
          at += 2 + length;
          break;
        }
        case 8: value = { timestamp: Number(bytes.readBigInt64BE(at)) }; at += 8; break;
        case 9: {
          const hex = bytes.toString('hex', at, at + 16);
          value = { uuid: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-` +
            `${hex.slice(16, 20)}-${hex.slice(20)}` };
          at += 16;
          break;
        }
        default: throw new Error(`unknown header type ${type} at byte ${at}`);
      }
      headers.push([name, value]);
    }
    const payload = bytes.subarray(headersEnd, offset + total - 4);
    frames.push({ headers, payload: Buffer.from(payload) });
    offset += total;
  }
  return frames;
}

// ---- cassette -----------------------------------------------------------------------------------

// The body forms of docs/cassette-format.md: text when it is plain UTF-8, else base64.
function bodyForm(bytes) {
  const text = bytes.toString('utf8');
  // eslint-disable-next-line no-control-regex
  const plain = Buffer.from(text, 'utf8').equals(bytes) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
  return plain ? { text } : { base64: bytes.toString('base64') };
}

function recordedAt(requestHeaders, responseHeaders) {
  const date = findHeader(responseHeaders, 'Date');
  if (date && !Number.isNaN(Date.parse(date))) {
    return new Date(Date.parse(date)).toISOString().replace('.000Z', 'Z');
  }
  const amzDate = findHeader(requestHeaders, 'X-Amz-Date');
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate ?? '');
  if (m) return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  return '1970-01-01T00:00:00Z';
}

// Operation and model ID (decoded) from the raw request target, or null when not Bedrock's.
export function routeOf(method, target) {
  const path = target.split('?')[0];
  let m = /^\/model\/([^/]+)\/([a-z-]+)$/.exec(path);
  if (m && method === 'POST' && RUNTIME_OPERATIONS[m[2]]) {
    return { operation: RUNTIME_OPERATIONS[m[2]], modelId: decodeURIComponent(m[1]) };
  }
  m = /^\/inference-profiles\/([^/]+)$/.exec(path);
  if (m && method === 'GET') {
    // The cassette's model_id holds the operation's path identifier (decoded): here the profile.
    return { operation: 'GetInferenceProfile', modelId: decodeURIComponent(m[1]) };
  }
  return null;
}

// Converts one vcrpy file. Returns {cassette, interactions, skipped}: `interactions` is what the
// replay test sends and expects, `skipped` says why an interaction was left out.
export function convertVcr(source, fileName, text) {
  const document = parseVcrYaml(text);
  const stem = basename(fileName, '.yaml');
  const interactions = [];
  const cassetteInteractions = [];
  const skipped = [];
  for (const [index, recorded] of (document.interactions ?? []).entries()) {
    const id = `${stem}#${index}`;
    const { request, response } = recorded;
    const uri = new URL(request.uri);
    const target = uri.pathname + uri.search;
    const route = routeOf(request.method, target);
    if (!route) {
      skipped.push(`${id}: ${request.method} ${target} is not a Bedrock operation`);
      continue;
    }
    const responseBody = response.body?.string;
    const binary = responseBody instanceof Uint8Array;
    if (!WIRE_EXACT_SOURCES.has(source) && !(STREAM_ONLY_SOURCES.has(source) && binary)) {
      skipped.push(`${id}: the response body is not the wire bytes`);
      continue;
    }
    const region = /^bedrock(?:-runtime)?\.([a-z0-9-]+)\.amazonaws\.com$/.exec(uri.hostname)?.[1] ??
      'us-east-1';
    const requestHeaders = headerPairs(request.headers)
      .filter(([name]) => !/^(authorization|x-amz-security-token)$/i.test(name));
    const responseHeaders = headerPairs(response.headers);
    const requestBody = toBuffer(request.body ?? request.parsed_body);
    const body = toBuffer(responseBody);
    const status = response.status.code;
    const contentType = findHeader(responseHeaders, 'Content-Type') ?? '';
    const isStream = status === 200 && contentType.startsWith(EVENT_STREAM);

    const cassetteRequest = {
      method: request.method,
      path: target,
      operation: route.operation,
      model_id: route.modelId,
      region,
      headers: requestHeaders,
      body: bodyForm(requestBody),
    };
    const entry = {
      id,
      recorded_at: recordedAt(requestHeaders, responseHeaders),
      request: cassetteRequest,
    };
    const expected = {
      id, region, target, method: request.method, ...route,
      requestBody, requestHeaders, status, responseHeaders,
    };
    if (isStream) {
      const frames = decodeFrames(body);
      entry.stream = {
        status,
        headers: responseHeaders,
        events: frames.map((frame) => ({
          offset_ms: 0,
          headers: Object.fromEntries(frame.headers),
          payload: { base64: frame.payload.toString('base64') },
        })),
        end: 'complete',
      };
      expected.frames = frames;
    } else {
      entry.response = { status, headers: responseHeaders, body: bodyForm(body) };
      expected.body = body;
    }
    cassetteInteractions.push(entry);
    interactions.push(expected);
  }
  const cassette = {
    format: 'bedrock-testbed-cassette/1',
    name: `${source}/${stem}`,
    description: `Converted from ${source}/${fileName} (vcrpy) by tests/conformance/convert_recordings.mjs`,
    interactions: cassetteInteractions,
  };
  return { cassette, interactions, skipped };
}

// Converts every recording under realworldDir into outDir/<source>__<stem>.json. Returns one
// entry per cassette written: {name, file, interactions}, and the skipped interactions.
export async function convertRecordings(realworldDir, outDir) {
  await mkdir(outDir, { recursive: true });
  const cassettes = [];
  const skipped = [];
  for (const source of [...WIRE_EXACT_SOURCES, ...STREAM_ONLY_SOURCES]) {
    const dir = join(realworldDir, source);
    const files = (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();
    for (const fileName of files) {
      const text = await readFile(join(dir, fileName), 'utf8');
      const converted = convertVcr(source, fileName, text);
      skipped.push(...converted.skipped.map((reason) => `${source}/${reason}`));
      if (converted.interactions.length === 0) continue;
      const file = join(outDir, `${source}__${basename(fileName, '.yaml')}.json`);
      await writeFile(file, `${JSON.stringify(converted.cassette, null, 2)}\n`);
      cassettes.push({ name: converted.cassette.name, file, interactions: converted.interactions });
    }
  }
  return { cassettes, skipped };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [outDir, sharedDir] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: node convert_recordings.mjs OUT_DIR [SHARED_DIR]');
    process.exit(2);
  }
  const shared = sharedDir ?? process.env.BEDROCK_SHARED_DIR ??
    join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'shared');
  const { cassettes, skipped } = await convertRecordings(join(shared, 'realworld'), outDir);
  const count = cassettes.reduce((sum, c) => sum + c.interactions.length, 0);
  console.log(`${cassettes.length} cassettes, ${count} interactions written to ${outDir}`);
  console.log(`${skipped.length} interactions left out:`);
  for (const reason of skipped) console.log(`  ${reason}`);
}

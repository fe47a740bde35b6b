// Reads the real vcrpy recordings under <shared>/realworld/ (realworld/README.md "How bodies are
// stored") into what replay.test.mjs sends through the SDKs and expects back. bedrock-mock loads
// the YAML files themselves (its importer, bedrock/cassettes/, is the product's); this file only
// reads them independently, with the npm `yaml` parser and its own frame decoder, so the test
// compares the SDKs' results with the recordings rather than with the importer's output.
// Usage: node realworld_recordings.mjs [SHARED_DIR]  (lists the recordings and their interactions)
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import YAML from 'yaml';

const SOURCES = ['dd-trace-py', 'openllmetry', 'opentelemetry-python-contrib', 'pydantic-ai'];
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

// ---- recordings ---------------------------------------------------------------------------------

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

// One vcrpy file: what each interaction sends and what it answered. `parsed` is set when the
// recording kept a parsed_body (pydantic-ai): its bytes are not the wire bytes, its value is.
export function readVcr(source, fileName, text) {
  const document = parseVcrYaml(text);
  const stem = basename(fileName, '.yaml');
  const interactions = [];
  for (const [index, recorded] of (document.interactions ?? []).entries()) {
    const id = `${stem}#${index}`;
    const { request, response } = recorded;
    const uri = new URL(request.uri);
    const target = uri.pathname + uri.search;
    const route = routeOf(request.method, target);
    if (!route) throw new Error(`${source}/${id}: ${request.method} ${target} is not a Bedrock operation`);
    const region = /^bedrock(?:-runtime)?\.([a-z0-9-]+)\.amazonaws\.com$/.exec(uri.hostname)?.[1] ??
      'us-east-1';
    const requestHeaders = headerPairs(request.headers);
    const responseHeaders = headerPairs(response.headers);
    const requestBody = toBuffer(request.body ?? request.parsed_body);
    const body = toBuffer(response.body?.string ?? response.parsed_body);
    const status = response.status.code;
    const contentType = findHeader(responseHeaders, 'Content-Type') ?? '';
    const expected = {
      id, region, target, method: request.method, ...route,
      requestBody, requestHeaders, status, responseHeaders, parsed: 'parsed_body' in response,
    };
    if (status === 200 && contentType.startsWith(EVENT_STREAM)) expected.frames = decodeFrames(body);
    else expected.body = body;
    interactions.push(expected);
  }
  return interactions;
}

// Every recording under realworldDir: [{name, file, interactions}], files in path order.
export async function readRecordings(realworldDir) {
  const recordings = [];
  for (const source of SOURCES) {
    const dir = join(realworldDir, source);
    const files = (await readdir(dir)).filter((name) => name.endsWith('.yaml')).sort();
    for (const fileName of files) {
      const file = join(dir, fileName);
      const interactions = readVcr(source, fileName, await readFile(file, 'utf8'));
      recordings.push({ name: `${source}/${basename(fileName, '.yaml')}`, file, interactions });
    }
  }
  return recordings;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [sharedDir] = process.argv.slice(2);
  const shared = sharedDir ?? process.env.BEDROCK_SHARED_DIR ??
    join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'shared');
  const recordings = await readRecordings(join(shared, 'realworld'));
  const count = recordings.reduce((sum, r) => sum + r.interactions.length, 0);
  for (const r of recordings) {
    console.log(`${r.name}: ${r.interactions.map((i) => `${i.operation} ${i.status}`).join(', ')}`);
  }
  console.log(`${recordings.length} recordings, ${count} interactions`);
}

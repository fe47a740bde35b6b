// A storm of hostile input against one bedrock-mock (issue #14): well over 1000 malformed
// requests and misbehaving connections, each asserted to get the answer a real server gives
// (400 / 413 / 431 / 408, GOAWAY with the right code, or a closed connection), then the official
// JS client (default HTTP/2 handler) and boto3 still get their answers from the same process,
// which never crashed and whose memory stayed bounded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { startMock } from './support/mock.mjs';

const MODEL = 'amazon.nova-lite-v1:0';
const CONVERSE_PATH = '/model/amazon.nova-lite-v1%3A0/converse';

let mock;
let hostile = 0;  // hostile requests and connections sent, all cases together

before(async () => {
  mock = await startMock({
    args: ['--mode', 'simulate', '--request-timeout', '1', '--idle-timeout', '2',
           '--max-body-bytes', String(26 * 1024 * 1024)],
  });
});
after(async () => {
  await mock?.stop();
});

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

// Sends `chunks` (written one after another, `gapMs` apart) on a fresh connection and collects
// what comes back until the server closes or `timeoutMs` passes.
function exchange(chunks, { gapMs = 0, timeoutMs = 5000, endAfterWrite = false } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(mock.port, '127.0.0.1');
    const received = [];
    let closedByServer = false;
    let reset = false;
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (data) => received.push(data));
    socket.on('error', (error) => { reset = error.code === 'ECONNRESET'; });
    socket.on('end', () => { closedByServer = true; });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ bytes: Buffer.concat(received), closedByServer, reset });
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) break;
        socket.write(chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
      if (endAfterWrite && !socket.destroyed) socket.end();
    });
  });
}

function statusOf(bytes) {
  const match = /^HTTP\/1\.1 (\d{3}) /.exec(bytes.toString('latin1'));
  return match ? Number(match[1]) : 0;
}

async function inBatches(items, size, run) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(run));
  }
}

// ---- HTTP/2 frames (RFC 9113 §4.1) ----
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const GOAWAY = 0x7;
function frame(type, flags, streamId, payload = Buffer.alloc(0)) {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(streamId & 0x7fffffff, 5);
  return Buffer.concat([head, payload]);
}
const settings = () => frame(0x4, 0, 0);
const ping = () => frame(0x6, 0, 0, Buffer.alloc(8));
const rstStream = (id) => frame(0x3, 0, id, Buffer.from([0, 0, 0, 8]));
// A HEADERS frame for GET / (HPACK static table: :method GET = 0x82, :path / = 0x84, :scheme
// http = 0x86) and :authority as a literal; END_STREAM unless `open`.
function headers(id, { endHeaders = true, open = false } = {}) {
  const authority = Buffer.from([0x41, 0x09, ...Buffer.from('localhost')]);
  const block = Buffer.concat([Buffer.from([0x82, 0x84, 0x86]), authority]);
  return frame(0x1, (endHeaders ? 0x4 : 0) | (open ? 0 : 0x1), id, block);
}
// The GOAWAY error code in `bytes` (server frames), or null when none was sent.
function goawayCode(bytes) {
  let at = 0;
  while (at + 9 <= bytes.length) {
    const length = bytes.readUIntBE(at, 3);
    const type = bytes[at + 3];
    if (type === GOAWAY && at + 9 + 8 <= bytes.length) return bytes.readUInt32BE(at + 9 + 4);
    at += 9 + length;
  }
  return null;
}

test('malformed HTTP/1.1 request lines get 400 and a closed connection', async () => {
  const lines = [
    'BAD\r\n\r\n', 'GET\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET / HTTP/1.1 extra\r\n\r\n',
    ' GET / HTTP/1.1\r\n\r\n', 'GET /\x00 HTTP/1.1\r\n\r\n', 'G\x01T / HTTP/1.1\r\n\r\n',
    'GET / HTTP/1.1\nHost: x\n\n', 'GET / HTTP/1.1\r\nNo colon here\r\n\r\n',
    'GET / HTTP/1.1\r\n Folded: value\r\n\r\n', 'GET / HTTP/1.1\r\nBad Name: x\r\n\r\n',
    'POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello',
    'POST / HTTP/1.1\r\nContent-Length: -3\r\n\r\n',
    'POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked, identity\r\n\r\n',
  ];
  const cases = [];
  for (let i = 0; i < 30; ++i) cases.push(...lines);  // 450 requests
  await inBatches(cases, 25, async (request) => {
    const { bytes, closedByServer, reset } = await exchange([Buffer.from(request, 'latin1')]);
    hostile += 1;
    assert.equal(statusOf(bytes), 400, `request ${JSON.stringify(request)} got ${bytes.toString('latin1').slice(0, 80)}`);
    assert.ok(closedByServer || reset, 'the connection closes after a 400');
  });
});

test('bad chunk sizes and chunk framing get 400', async () => {
  const bodies = ['ZZ\r\nabc\r\n0\r\n\r\n', '-1\r\nabc\r\n', '5\r\nabc\r\n0\r\n\r\n',
                  'ffffffffffffffffff\r\n', '3\r\nabcXX\r\n', '3;\x01\r\nabc\r\n0\r\n\r\n'];
  const cases = [];
  for (let i = 0; i < 25; ++i) cases.push(...bodies);  // 150 requests
  await inBatches(cases, 25, async (body) => {
    const head = `POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const { bytes } = await exchange([Buffer.from(head + body, 'latin1')], { endAfterWrite: true });
    hostile += 1;
    assert.equal(statusOf(bytes), 400, `chunked body ${JSON.stringify(body)}`);
  });
});

test('header blocks over the limit get 431', async () => {
  const cases = Array.from({ length: 60 }, (_, i) =>
    `GET / HTTP/1.1\r\nHost: x\r\nX-Huge-${i}: ${'a'.repeat(70 * 1024 + i)}\r\n\r\n`);
  // Many small headers adding up count the same way.
  for (let i = 0; i < 20; ++i) {
    cases.push(`GET / HTTP/1.1\r\n${Array.from({ length: 3000 }, (_, n) => `X-${n}: vvvvvvvvvvvvvvvvvvvv\r\n`).join('')}\r\n`);
  }
  await inBatches(cases, 10, async (request) => {
    const { bytes } = await exchange([Buffer.from(request, 'latin1')]);
    hostile += 1;
    assert.equal(statusOf(bytes), 431);
  });
});

test('invalid UTF-8 and deeply nested JSON bodies get the service\'s 400 with an error type', async () => {
  const bodies = [];
  for (let i = 0; i < 60; ++i) {
    bodies.push(Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":[{"text":"'),
                               Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80 + (i % 60)]),
                               Buffer.from('"}]}]}')]));
  }
  for (let i = 0; i < 60; ++i) {
    const depth = 2000 + i * 1000;
    bodies.push(Buffer.from(`{"messages":${'['.repeat(depth)}${']'.repeat(depth)}}`));
  }
  await inBatches(bodies, 10, async (body) => {
    const head = `POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: bedrock-runtime.us-east-1.amazonaws.com\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const { bytes } = await exchange([Buffer.from(head, 'latin1'), body]);
    hostile += 1;
    const text = bytes.toString('latin1');
    assert.equal(statusOf(bytes), 400, text.slice(0, 200));
    assert.match(text, /x-amzn-ErrorType: (SerializationException|ValidationException)/i);
  });
});

// Bedrock answers a body over InvokeModel's 25,000,000-byte limit with its ValidationException
// (reference §2); the mock gives it as soon as the declared or received length passes the limit.
test('100 MB bodies are refused with the body-limit ValidationException while they are still being sent', async () => {
  const size = 100 * 1024 * 1024;
  const slice = Buffer.alloc(1024 * 1024, 0x61);
  for (let round = 0; round < 3; ++round) {
    const head = `POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${size}\r\n\r\n`;
    const chunks = [Buffer.from(head, 'latin1'), ...Array.from({ length: 100 }, () => slice)];
    const { bytes } = await exchange(chunks, { timeoutMs: 20000 });
    hostile += 1;
    assertBodyLimit(bytes);
  }
  // Chunked, with no length to refuse up front: refused when the body passes the limit.
  const head = `POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const chunk = Buffer.concat([Buffer.from(`${(1024 * 1024).toString(16)}\r\n`), slice, Buffer.from('\r\n')]);
  const { bytes } = await exchange([Buffer.from(head), ...Array.from({ length: 100 }, () => chunk)],
                                   { timeoutMs: 20000 });
  hostile += 1;
  assertBodyLimit(bytes);
});

function assertBodyLimit(bytes) {
  const text = bytes.toString('latin1');
  assert.equal(statusOf(bytes), 400, text.slice(0, 200));
  assert.match(text, /x-amzn-ErrorType: ValidationException/);
  assert.match(text, /less than or equal to 25000000/);
}

test('HTTP/2 connections that break the protocol or flood it get GOAWAY', async () => {
  const PROTOCOL_ERROR = 0x1;
  const ENHANCE_YOUR_CALM = 0xb;
  const cases = [];
  for (let i = 0; i < 40; ++i) {
    // A bad preface after the magic's first bytes: closed (nothing HTTP/2 can be said to it).
    cases.push({ chunks: [Buffer.from(`PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n${'x'.repeat(i)}`)], expect: 'closed' });
    // A valid preface, then a frame on stream 0 that must not be there.
    cases.push({ chunks: [PREFACE, settings(), frame(0x0, 0x1, 0, Buffer.from('data'))], expect: PROTOCOL_ERROR });
    cases.push({ chunks: [PREFACE, settings(), Buffer.from([0, 0, 4, 0x4, 0, 0, 0, 0, 1, 1, 2, 3, 4])], expect: 'any' });
  }
  for (let i = 0; i < 10; ++i) {
    cases.push({ chunks: [PREFACE, ...Array.from({ length: 1100 }, settings)], expect: ENHANCE_YOUR_CALM });
    cases.push({ chunks: [PREFACE, settings(), ...Array.from({ length: 1100 }, ping)], expect: ENHANCE_YOUR_CALM });
    // Rapid reset (CVE-2023-44487): open a stream, reset it, over and over.
    const rapid = [PREFACE, settings()];
    for (let id = 1; id < 2400; id += 2) rapid.push(headers(id, { open: true }), rstStream(id));
    cases.push({ chunks: [Buffer.concat(rapid)], expect: ENHANCE_YOUR_CALM });
    // CONTINUATION flood: a header block that never ends.
    const continuation = [PREFACE, settings(), headers(1, { endHeaders: false })];
    for (let n = 0; n < 3000; ++n) continuation.push(frame(0x9, 0, 1, Buffer.from([0x41, 0x05, ...Buffer.from('abcde')])));
    cases.push({ chunks: [Buffer.concat(continuation)], expect: 'goaway' });
  }
  await inBatches(cases, 10, async ({ chunks, expect }) => {
    const { bytes, closedByServer, reset } = await exchange(chunks);
    hostile += 1;
    const code = goawayCode(bytes);
    if (expect === 'closed') {
      assert.ok(closedByServer || reset, 'a connection with a bad preface is closed');
    } else if (expect === 'goaway') {
      assert.notEqual(code, null, 'GOAWAY sent');
      assert.ok(closedByServer || reset);
    } else if (expect === 'any') {
      assert.ok(closedByServer || reset || code !== null);
    } else {
      assert.equal(code, expect, `GOAWAY code ${code}, wanted ${expect}`);
      assert.ok(closedByServer || reset);
    }
  });
});

test('half-open and slowloris connections are closed by the timeouts, not held', async () => {
  // 100 connections that say nothing (idle timeout 2 s) and 60 that send a request one byte at
  // a time (request timeout 1 s: 408), all at once.
  const silent = Array.from({ length: 100 }, () => exchange([], { timeoutMs: 8000 }));
  const request = `POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789`;
  const slow = Array.from({ length: 60 }, () =>
    exchange([...Buffer.from(request)].map((b) => Buffer.from([b])), { gapMs: 100, timeoutMs: 10000 }));
  const quiet = await Promise.all(silent);
  const loris = await Promise.all(slow);
  hostile += quiet.length + loris.length;
  for (const { closedByServer, reset } of quiet) assert.ok(closedByServer || reset, 'idle connection closed');
  for (const { bytes, closedByServer, reset } of loris) {
    assert.equal(statusOf(bytes), 408);
    assert.ok(closedByServer || reset);
  }
});

test('after the storm the official clients are served by the same process, memory bounded', async () => {
  assert.ok(hostile >= 1000, `only ${hostile} hostile requests were sent`);
  assert.equal(mock.child.exitCode, null, 'the mock is still running');
  const client = mock.runtimeClient({ region: 'us-east-1' });
  const answer = await client.send(new ConverseCommand({
    modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'Still there?' }] }],
  }));
  assert.equal(answer.stopReason, 'end_turn');
  assert.ok(answer.output.message.content[0].text.length > 0);

  const boto3 = spawnSync('python3', ['-c', `
import sys
try:
    import boto3
    from botocore.config import Config
except ImportError:
    print("boto3 not importable"); sys.exit(0)
client = boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=sys.argv[1],
                      aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x",
                      config=Config(retries={"max_attempts": 1}))
out = client.converse(modelId="${MODEL}", messages=[{"role": "user", "content": [{"text": "hi"}]}])
print("boto3 stopReason", out["stopReason"])
`, mock.url], { encoding: 'utf8', timeout: 60000 });
  assert.equal(boto3.status, 0, boto3.stderr);
  assert.match(boto3.stdout, /boto3 stopReason end_turn|boto3 not importable/);

  // 100 MB bodies were refused, not buffered; every connection was released.
  const rss = rssKb(mock.child.pid);
  assert.ok(rss < 150 * 1024, `RSS ${rss} kB after the storm`);
  console.log(`storm: ${hostile} hostile requests/connections; mock RSS after: ${(rss / 1024).toFixed(1)} MB`);
});

// bedrock-record round trip with the official JS SDK, offline:
//   SDK (dummy keys) -> bedrock-record -> bedrock-mock over HTTPS (throwaway self-signed CA,
//   --auth verify with the recorder's own identity),
// then a fresh bedrock-mock replaying only the new cassette must give the SDK the same texts,
// events and errors, and its journal must show every request answered by replay.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';

import { REPO_DIR, converseInput, rejectionOf, startMock } from './support/mock.mjs';

const RECORD_BIN =
  process.env.BEDROCK_RECORD_BIN ?? join(REPO_DIR, 'build', 'recorder', 'bedrock-record');

// The recorder's identity (what the upstream accepts); the SDK signs with mock.mjs's dummy keys.
const RECORDER_KEY_ID = 'AKIARECORDERJS000001';
const RECORDER_SECRET = 'recorderJsSecret/NeverOnDisk+0123456789abcdef';
const RECORDER_TOKEN = 'IQoJb3JpZ2luX2VjRecorderJsSessionToken==';

const NOVA = 'amazon.nova-lite-v1:0';
const NOVA_MICRO = 'amazon.nova-micro-v1:0'; // its streams fail mid-way (rules below)
const SEED_BASE_ID = 'anthropic.claude-3-5-sonnet-20241022-v2:0'; // no on-demand throughput

const utf8 = new TextDecoder();
const encode = (value) => new TextEncoder().encode(JSON.stringify(value));
const novaBody = (text) => ({ // Nova's native InvokeModel schema
  messages: [{ role: 'user', content: [{ text }] }],
  inferenceConfig: { max_new_tokens: 100 },
});

class Recorder {
  constructor(child, port, output) {
    this.child = child;
    this.url = `http://127.0.0.1:${port}`;
    this.output = output;
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit));
    this.child.kill('SIGTERM');
    await exited;
  }
}

async function startRecorder(args, dir) {
  if (!existsSync(RECORD_BIN)) {
    throw new Error(`bedrock-record not found at ${RECORD_BIN} (build it, or set BEDROCK_RECORD_BIN)`);
  }
  const portFile = join(dir, 'recorder-port');
  const env = {
    PATH: process.env.PATH,
    AWS_ACCESS_KEY_ID: RECORDER_KEY_ID,
    AWS_SECRET_ACCESS_KEY: RECORDER_SECRET,
    AWS_SESSION_TOKEN: RECORDER_TOKEN,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const child = spawn(RECORD_BIN, ['--port', '0', '--port-file', portFile, ...args],
    { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bedrock-record exited:\n${output.join('')}`);
    const text = existsSync(portFile) ? (await readFile(portFile, 'utf8')).trim() : '';
    if (/^\d+$/.test(text)) return new Recorder(child, Number(text), output);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bedrock-record did not start:\n${output.join('')}`);
    }
    await sleep(20);
  }
}

// The HTTPS upstream's journal (mock.mjs's admin helper speaks plain HTTP), trusting the
// throwaway certificate.
function upstreamJournal(port, certFile) {
  return new Promise((resolveJournal, rejectJournal) => {
    httpsGet({ host: '127.0.0.1', port, path: '/__admin/requests', ca: readFileSync(certFile) },
      (response) => {
        let text = '';
        response.on('data', (chunk) => { text += chunk; });
        response.on('end', () => resolveJournal(JSON.parse(text).requests));
      }).on('error', rejectJournal);
  });
}

// The same calls against any endpoint; returns what the SDK saw, as plain data to compare.
async function exercise(client) {
  const seen = {};
  const converse = await client.send(new ConverseCommand(converseInput(NOVA, 'Say hello.')));
  seen.converse = converse.output.message.content[0].text;

  const stream = await client.send(new ConverseStreamCommand(converseInput(NOVA, 'Count to 3.')));
  seen.stream = [];
  for await (const event of stream.stream) seen.stream.push(event);

  const invoke = await client.send(new InvokeModelCommand({
    modelId: NOVA, body: encode(novaBody('Hello there')),
  }));
  seen.invoke = JSON.parse(utf8.decode(invoke.body));

  const invokeStream = await client.send(new InvokeModelWithResponseStreamCommand({
    modelId: NOVA, body: encode(novaBody('Stream to me')),
  }));
  seen.invokeStream = [];
  for await (const event of invokeStream.body) {
    seen.invokeStream.push(JSON.parse(utf8.decode(event.chunk.bytes)));
  }

  const counted = await client.send(new CountTokensCommand({
    modelId: NOVA, input: { converse: { messages: converseInput(NOVA, 'Count me').messages } },
  }));
  seen.countTokens = counted.inputTokens;

  const onDemand = await rejectionOf(client.send(new ConverseCommand(converseInput(SEED_BASE_ID))));
  seen.onDemand = { name: onDemand.name, status: onDemand.$metadata.httpStatusCode,
    message: onDemand.message };

  const failing = await client.send(new ConverseStreamCommand(converseInput(NOVA_MICRO, 'Go.')));
  seen.midStream = { events: [] };
  try {
    for await (const event of failing.stream) seen.midStream.events.push(event);
  } catch (error) {
    seen.midStream.error = { name: error.name, message: error.message };
  }
  return seen;
}

describe('bedrock-record round trip (JS SDK)', () => {
  let dir;
  let upstream;
  let recorder;
  let recorded;
  const cassette = () => join(dir, 'recorded.json');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bedrock-recorder-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    await writeFile(join(dir, 'credentials'), `[recorder]\naws_access_key_id = ${RECORDER_KEY_ID}\n` +
      `aws_secret_access_key = ${RECORDER_SECRET}\naws_session_token = ${RECORDER_TOKEN}\n`);
    await writeFile(join(dir, 'rules.json'), JSON.stringify({ rules: [{
      name: 'micro fails mid-stream',
      match: { operation: ['ConverseStream'], modelId: [NOVA_MICRO] },
      respond: { error: 'modelStreamErrorException', streamExceptionAfter: 2 },
    }] }));
    upstream = await startMock({ args: ['--tls-cert', join(dir, 'cert.pem'),
      '--tls-key', join(dir, 'key.pem'), '--auth', 'verify',
      '--credentials', join(dir, 'credentials'), '--rules', join(dir, 'rules.json')] });
    recorder = await startRecorder(['--cassette', cassette(), '--region', 'us-east-1',
      '--upstream', `https://127.0.0.1:${upstream.port}`, '--ca-file', join(dir, 'cert.pem'),
      '--record-mode', 'all'], dir);
  });
  after(async () => {
    await recorder?.stop();
    await upstream?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('records Converse, streams, InvokeModel, CountTokens and errors through the SDK', async () => {
    assert.match(recorder.output.join(''), /bedrock-record listening on http:\/\/127\.0\.0\.1:\d+/);
    // mock.runtimeClient() builds the SDK client; only the endpoint is the recorder's.
    const client = upstream.runtimeClient({ endpoint: recorder.url });
    recorded = await exercise(client);
    assert.ok(recorded.converse.length > 0);
    assert.ok(recorded.stream[0].messageStart);
    assert.ok(recorded.stream.at(-1).metadata);
    assert.equal(recorded.invoke.output.message.role, 'assistant');
    assert.ok(recorded.invokeStream[0].messageStart);
    assert.ok(recorded.countTokens > 0);
    assert.equal(recorded.onDemand.name, 'ValidationException');
    assert.equal(recorded.onDemand.status, 400);
    assert.equal(recorded.midStream.events.length, 2);
    assert.equal(recorded.midStream.error.name, 'ModelStreamErrorException');
    const journal = await upstreamJournal(upstream.port, join(dir, 'cert.pem'));
    assert.equal(journal.length, 7);
    for (const entry of journal) assert.notEqual(entry.answeredBy, 'auth', entry.detail);
  });

  it('writes no secret into the cassette', async () => {
    const text = await readFile(cassette(), 'utf8');
    for (const secret of [RECORDER_SECRET, RECORDER_TOKEN, RECORDER_KEY_ID, 'AKIDEXAMPLE',
      'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY']) {
      assert.ok(!text.includes(secret), `the cassette contains ${secret}`);
    }
    assert.doesNotMatch(text, /Signature=[0-9a-f]{64}/);
    assert.equal(JSON.parse(text).interactions.length, 7);
  });

  it('a fresh mock replaying only the cassette gives the SDK the same answers', async () => {
    assert.ok(recorded, 'the recording test ran');
    const replay = await startMock({ args: ['--mode', 'replay', '--cassettes', cassette(),
      '--pacing', 'none'] });
    try {
      const replayed = await exercise(replay.runtimeClient());
      assert.deepEqual(replayed, recorded);
      const journal = await replay.requests();
      assert.equal(journal.length, 7);
      for (const entry of journal) assert.equal(entry.answeredBy, 'replay', entry.detail);
    } finally {
      await replay.stop();
    }
  });
});

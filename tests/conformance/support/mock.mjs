// Starts and stops bedrock-mock for one test file (or one scenario), and builds SDK clients
// pointed at it. Every test gets its own mock on a free port and its own temp folder, so tests are
// independent and never write into the checkout.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';

// The SDKs read AWS_* variables and ~/.aws (retry mode, max attempts, endpoints, profiles) when a
// client is built; the cases must not depend on the machine's setup.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('AWS_')) delete process.env[name];
}
process.env.AWS_CONFIG_FILE = '/dev/null';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const MOCK_BIN =
  process.env.BEDROCK_MOCK_BIN ?? join(REPO_DIR, 'build', 'mockserver', 'bedrock-mock');

// Fixed dummy credentials (AWS documentation example keys). `--auth verify` tests write the same
// pair into a shared-credentials file for the mock.
export const ACCESS_KEY_ID = 'AKIDEXAMPLE';
export const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
export const CREDENTIALS = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY };

const START_TIMEOUT_MS = 15_000;
const POLL_INTERVAL_MS = 20;

// The SDK's standard retry mode with its default 3 attempts, but a fixed 10 ms backoff instead of
// the jittered 100 ms / 500 ms (throttling) base, so retry tests stay fast.
export function fastStandardRetries(maxAttempts = 3) {
  return new ConfiguredRetryStrategy(maxAttempts, 10);
}

export class Mock {
  constructor(child, port, workDir, output) {
    this.child = child;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.workDir = workDir;
    this.output = output;
  }

  // Both clients keep their default request handlers, as applications use them: the runtime
  // client's is HTTP/2 (NodeHttp2Handler, prior knowledge on http://), the control plane's
  // HTTP/1.1. The mock serves both on the one URL (issue #8).
  runtimeClient({ region = 'us-east-1', credentials = CREDENTIALS, ...rest } = {}) {
    return new BedrockRuntimeClient({ region, endpoint: this.url, credentials, ...rest });
  }

  controlClient({ region = 'us-east-1', credentials = CREDENTIALS, ...rest } = {}) {
    return new BedrockClient({ region, endpoint: this.url, credentials, ...rest });
  }

  async admin(method, path, body) {
    const response = await fetch(`${this.url}/__admin/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /__admin/${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  }

  // The journal, oldest first; `filter` narrows it like the admin API does (operation, modelId).
  async requests(filter = {}) {
    const query = new URLSearchParams(filter).toString();
    const { requests } = await this.admin('GET', `requests${query ? `?${query}` : ''}`);
    return requests;
  }

  async lastRequest() {
    const all = await this.requests();
    return all[all.length - 1];
  }

  async reset() {
    return this.admin('POST', 'reset');
  }

  async addRules(document) {
    return this.admin('POST', 'rules', document);
  }

  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolveExit) => this.child.once('exit', resolveExit));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.workDir, { recursive: true, force: true });
  }
}

// Writes an AWS shared-credentials file holding the test identity (for --auth verify).
export async function writeCredentialsFile(dir) {
  const path = join(dir, 'credentials');
  await writeFile(
    path,
    `[default]\naws_access_key_id = ${ACCESS_KEY_ID}\naws_secret_access_key = ${SECRET_ACCESS_KEY}\n`,
  );
  return path;
}

// Starts bedrock-mock on a free port. `args` are extra flags; `prepare(dir)` may write files into
// the mock's temp folder first and return more flags (e.g. a credentials file).
export async function startMock({ args = [], prepare } = {}) {
  if (!existsSync(MOCK_BIN)) {
    throw new Error(`bedrock-mock not found at ${MOCK_BIN} (build it, or set BEDROCK_MOCK_BIN)`);
  }
  const workDir = await mkdtemp(join(tmpdir(), 'bedrock-conformance-'));
  const extra = prepare ? await prepare(workDir) : [];
  const portFile = join(workDir, 'port');
  const child = spawn(
    MOCK_BIN,
    ['--port', '0', '--port-file', portFile, ...args, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = [];
  child.stdout.on('data', (chunk) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk) => output.push(chunk.toString()));
  let spawnError = null;
  child.once('error', (error) => {
    spawnError = error;
  });

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (spawnError) throw spawnError;
    if (child.exitCode !== null || child.signalCode !== null) {
      await rm(workDir, { recursive: true, force: true });
      throw new Error(
        `bedrock-mock exited (${child.exitCode ?? child.signalCode}) before listening:\n` +
          output.join(''),
      );
    }
    const text = existsSync(portFile) ? (await readFile(portFile, 'utf8')).trim() : '';
    if (/^\d+$/.test(text)) return new Mock(child, Number(text), workDir, output);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(workDir, { recursive: true, force: true });
      throw new Error(`bedrock-mock did not write ${portFile} in time:\n${output.join('')}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

// Runs `body(mock)` against a fresh mock and always stops it.
export async function withMock(options, body) {
  const mock = await startMock(options);
  try {
    return await body(mock);
  } finally {
    await mock.stop();
  }
}

// Resolves to the error a promise rejects with; fails when it resolves.
export async function rejectionOf(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export const converseInput = (modelId, text = 'What is 2+2?', extra = {}) => ({
  modelId,
  messages: [{ role: 'user', content: [{ text }] }],
  inferenceConfig: { maxTokens: 64 },
  ...extra,
});

// Per-test isolation in one shared mock (issue #16): 16 worker processes run at once against one
// bedrock-mock (--auth verify), each in its own session named only by the endpoint URL's path
// (AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://HOST:PORT/__session/ID), each with its own nth-call
// scenario. None may see another's rules, call counts or journal entries.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, withMock, writeCredentialsFile } from './support/mock.mjs';

const WORKERS = 16;
const WORKER_SCRIPT = join(fileURLToPath(new URL('.', import.meta.url)), 'support',
                           'session_worker.mjs');

function runWorker(mock, worker) {
  const id = `worker-${worker}`;
  // Half the workers give the endpoint a trailing '/', as people do: the SDK then sends
  // /__session/ID//model/... and signs it without the empty segment.
  const endpoint = `${mock.url}/__session/${id}${worker % 2 ? '/' : ''}`;
  const env = {
    PATH: process.env.PATH,
    WORKER: String(worker),
    SESSION_ID: id,
    ADMIN_URL: mock.url,
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER_SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)));
      } catch {
        reject(new Error(`worker ${worker} exited ${code} without a result:\n${out}\n${err}`));
      }
    });
  });
}

describe('sessions', () => {
  it(`${WORKERS} parallel workers, one session each, see only their own state`, () =>
    withMock({ args: ['--auth', 'verify'],
               prepare: async (dir) => ['--credentials', await writeCredentialsFile(dir)] },
    async (mock) => {
      const results = await Promise.all(
        Array.from({ length: WORKERS }, (_, worker) => runWorker(mock, worker)));
      for (const seen of results) {
        const where = `worker ${seen.worker}`;
        assert.equal(seen.failure, undefined, `${where}: ${seen.failure}`);
        // Its own nth-call scenario: K throttles, then the SDK's retry gets through.
        assert.equal(seen.firstAttempts, seen.throttles + 1, where);
        assert.deepEqual(seen.moreStatuses, [200, 200, 200], where);
        // Its own stream rule (every 4th worker), nobody else's.
        if (seen.streamFails) {
          assert.equal(seen.streamError, 'ModelStreamErrorException', where);
          assert.equal(seen.streamEvents.length, 2, where);
        } else {
          assert.equal(seen.streamError, null, where);
          assert.equal(seen.streamEvents.at(-1), 'metadata', where);
        }
        // Its own rule's text, with its own ID.
        assert.equal(seen.denied, `AccessDeniedException: denied for ${seen.id}`, where);
        // Its journal: exactly its requests, each sent under its own prefix, over HTTP/2.
        const expected = seen.throttles + 3 + 1 + 1 + 1;
        assert.equal(seen.journal.length, expected, `${where}: ${JSON.stringify(seen.journal)}`);
        for (const entry of seen.journal) {
          assert.ok(entry.target.startsWith(`/__session/${seen.id}/`), `${where}: ${entry.target}`);
          assert.equal(entry.protocol, 'HTTP/2', where);
        }
        const statuses = seen.journal.map((entry) => entry.status);
        assert.deepEqual(statuses.slice(0, seen.throttles + 1),
          [...Array(seen.throttles).fill(429), 200], where);
        assert.equal(seen.journal.at(-1).errorType, 'AccessDeniedException', where);
        assert.equal(seen.dropped, seen.id, where);
      }
      // Every request reached its session: none fell outside (signatures over the prefixed
      // paths verified, no unknown session), and every session was dropped.
      assert.deepEqual(await mock.requests(), []);
      const { sessions } = await mock.admin('GET', 'sessions');
      assert.deepEqual(sessions, []);
    }));
});

// bedrock-cassette export --to har: every bundled cassette (fixtures/cassettes) and every
// recording of tests/golden/imports becomes a HAR 1.2 file that the npm HAR validator
// (har-validator, pinned in package-lock.json, which checks the har-schema JSON schema) accepts,
// and importing the HAR again gives back the same cassette, byte for byte.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import harValidator from 'har-validator';

import { REPO_DIR } from './support/mock.mjs';

// har-validator resolves with the document, or rejects with the schema errors.
async function assertValidHar(document) {
  try {
    await harValidator.har(document);
  } catch (error) {
    assert.fail(`not valid HAR 1.2: ${JSON.stringify(error.errors ?? error.message)}`);
  }
}

const run = promisify(execFile);
const CASSETTE_BIN =
  process.env.BEDROCK_CASSETTE_BIN ?? join(REPO_DIR, 'build', 'cassettes', 'bedrock-cassette');

async function filesIn(dir, pattern) {
  return (await readdir(dir)).filter((name) => pattern.test(name)).sort().map((name) => join(dir, name));
}

describe('HAR export (bedrock-cassette export --to har)', async () => {
  let work;
  before(async () => {
    assert.ok(existsSync(CASSETTE_BIN),
      `bedrock-cassette not found at ${CASSETTE_BIN} (build it, or set BEDROCK_CASSETTE_BIN)`);
    work = await mkdtemp(join(tmpdir(), 'bedrock-har-'));
  });
  after(() => rm(work, { recursive: true, force: true }));

  const bundled = await filesIn(join(REPO_DIR, 'fixtures', 'cassettes'), /\.json$/);
  const imports = await filesIn(join(REPO_DIR, 'tests', 'golden', 'imports'), /\.(json|har|ya?ml)$/);

  for (const file of bundled) {
    it(`${file.slice(REPO_DIR.length + 1)} exports as valid HAR 1.2 and re-imports unchanged`, async () => {
      const har = join(work, 'out.har');
      await run(CASSETTE_BIN, ['export', '--to', 'har', file, '-o', har]);
      const document = JSON.parse(await readFile(har, 'utf8'));
      await assertValidHar(document);
      assert.equal(document.log.version, '1.2');
      const back = join(work, 'back.json');
      await run(CASSETTE_BIN, ['import', '--from', 'har', har, '-o', back]);
      assert.equal(await readFile(back, 'utf8'), await readFile(file, 'utf8'));
    });
  }

  for (const file of imports) {
    it(`${file.slice(REPO_DIR.length + 1)} (another tool's recording) exports as valid HAR 1.2`, async () => {
      const { stdout } = await run(CASSETTE_BIN, ['export', file], { maxBuffer: 64 << 20 });
      const document = JSON.parse(stdout);
      await assertValidHar(document);
      assert.ok(document.log.entries.length > 0);
    });
  }
});

// Stream faults below the event level and quotas (issue #17), through the stock JS runtime
// client (HTTP/2, its default handler): for each fault the error application code meets, as the
// fault tables in docs/mock.md name it. One mock; each case replaces the rules through the
// admin API. The quota cases run on the mock's manual clock, moved by POST /__admin/clock.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { ConverseCommand, ConverseStreamCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import { converseInput, rejectionOf, startMock } from './support/mock.mjs';

const NOVA = 'amazon.nova-lite-v1:0';
const FULL = ['messageStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'];

// Runs ConverseStream to the end: the event types seen and the error thrown, if any.
async function streamOutcome(client) {
  const types = [];
  try {
    const response = await client.send(new ConverseStreamCommand(converseInput(NOVA, 'Describe the sea.')));
    for await (const event of response.stream) {
      types.push(Object.keys(event).find((key) => event[key] !== undefined));
    }
    return { types, error: null };
  } catch (error) {
    return { types, error };
  }
}

const distinct = (types) => types.filter((type, i) => type !== types[i - 1]);
const h2Error = { code: 'ERR_HTTP2_STREAM_ERROR', message: 'Stream closed with error code NGHTTP2_INTERNAL_ERROR' };

// respond: the rule; error: what the SDK throws (null: the stream ends without an error);
// types: the distinct event types the application saw before.
const FAULTS = [
  { name: 'cut mid-frame, then GOAWAY', respond: { streamCutAfterBytes: 300 },
    error: h2Error, types: ['messageStart'] },
  { name: 'cut mid-frame, then RST_STREAM', respond: { streamCutAfterBytes: 300, streamEnd: 'reset' },
    error: h2Error, types: ['messageStart'] },
  { name: 'cut mid-frame, then a clean END_STREAM', respond: { streamCutAfterBytes: 300, streamEnd: 'complete' },
    error: { message: 'Truncated event message received.' }, types: ['messageStart'] },
  { name: 'cut after frame 2, then GOAWAY', respond: { streamCutAfterFrames: 2 },
    error: h2Error, types: ['messageStart', 'contentBlockDelta'] },
  { name: 'cut after frame 2, then RST_STREAM', respond: { streamCutAfterFrames: 2, streamEnd: 'reset' },
    error: h2Error, types: ['messageStart', 'contentBlockDelta'] },
  { name: 'cut after frame 2, then a clean END_STREAM (no error at all)',
    respond: { streamCutAfterFrames: 2, streamEnd: 'complete' }, error: null,
    types: ['messageStart', 'contentBlockDelta'] },
  { name: 'prelude CRC of frame 2 damaged', respond: { corruptFrame: 2, corrupt: 'prelude-crc' },
    error: { message: /^The prelude checksum specified in the message \(\d+\) does not match the calculated CRC32 checksum \(\d+\)$/ },
    types: ['messageStart'] },
  { name: 'message CRC of frame 2 damaged', respond: { corruptFrame: 2, corrupt: 'message-crc' },
    error: { message: /^The message checksum \(\d+\) did not match the expected value of \d+$/ },
    types: ['messageStart'] },
  { name: 'frames split at every byte boundary', respond: { streamChunkBytes: 1 }, error: null, types: FULL },
  { name: 'slow drip (5000 B/s)', respond: { dripBytesPerSecond: 5000 }, error: null, types: FULL },
];

describe('stream faults, JS SDK over HTTP/2', () => {
  let mock;
  before(async () => {
    mock = await startMock({ args: ['--pacing', 'none'] });
  });
  after(() => mock?.stop());

  const useRule = async (respond) => {
    await mock.admin('DELETE', 'rules');
    await mock.addRules([{ match: { operation: 'ConverseStream' }, respond }]);
  };

  for (const fault of FAULTS) {
    it(fault.name, async () => {
      await useRule(fault.respond);
      const { types, error } = await streamOutcome(mock.runtimeClient({ maxAttempts: 1 }));
      assert.deepEqual(distinct(types), fault.types);
      if (fault.error === null) {
        assert.equal(error, null, `${error?.name}: ${error?.message}`);
      } else {
        assert.ok(error, 'the SDK throws');
        if (fault.error.code) assert.equal(error.code, fault.error.code);
        if (fault.error.message instanceof RegExp) assert.match(error.message, fault.error.message);
        else assert.equal(error.message, fault.error.message);
      }
      const entry = await mock.lastRequest();
      assert.equal(entry.protocol, 'HTTP/2', 'the default handler');
      assert.equal(entry.answeredBy, 'simulate');
    });
  }

  it('a byte-split stream gives the same text as an unsplit one', async () => {
    await mock.admin('DELETE', 'rules');
    const text = async () => {
      const response = await mock.runtimeClient().send(new ConverseStreamCommand(converseInput(NOVA, 'Same?')));
      let out = '';
      for await (const event of response.stream) out += event.contentBlockDelta?.delta?.text ?? '';
      return out;
    };
    const whole = await text();
    await useRule({ streamChunkBytes: 1 });
    assert.equal(await text(), whole);
  });

  // With a requestTimeout, a stream that stops sending ends quietly when the timeout fires: the
  // SDK's handler closes the request and iteration simply stops (no error).
  for (const [name, respond, types] of [
    ['stalled after frame 2', { streamCutAfterFrames: 2, streamEnd: 'stall' }, ['messageStart', 'contentBlockDelta']],
    ['a drip slower than the timeout (0.5 B/s)', { dripBytesPerSecond: 0.5 }, []],
  ]) {
    it(`${name}: requestTimeout ends the stream without an error`, async () => {
      await useRule(respond);
      const client = mock.runtimeClient({ maxAttempts: 1, requestHandler: { requestTimeout: 1000 } });
      const outcome = await streamOutcome(client);
      assert.equal(outcome.error, null, `${outcome.error?.name}: ${outcome.error?.message}`);
      assert.deepEqual(distinct(outcome.types), types);
      assert.equal((await mock.lastRequest()).protocol, 'HTTP/2');
    });
  }
});

// The same faults through the JS SDK's HTTP/1.1 handler (NodeHttpHandler from @smithy, which
// Lambda layers and proxies often force): a FIN or an RST both surface as Node's "aborted"
// ECONNRESET; a clean end and the CRC checks behave as over HTTP/2. With socketTimeout a stall
// fails the same way once the socket is idle that long (requestTimeout alone never fires once
// the answer has started: the stream waits forever).
const h1Cut = { code: 'ECONNRESET', message: 'aborted' };
const FAULTS_H1 = [
  ...FAULTS.map((fault) => ({ ...fault, error: fault.error === h2Error ? h1Cut : fault.error })),
  { name: 'stalled after frame 2 (socketTimeout 1 s)', respond: { streamCutAfterFrames: 2, streamEnd: 'stall' },
    error: h1Cut, types: ['messageStart', 'contentBlockDelta'] },
  { name: 'a drip slower than socketTimeout (0.5 B/s)', respond: { dripBytesPerSecond: 0.5 },
    error: { code: 'ECONNRESET', message: /^aborted/ }, types: [] },
];

describe('stream faults, JS SDK over HTTP/1.1 (NodeHttpHandler)', () => {
  let mock;
  before(async () => {
    mock = await startMock({ args: ['--pacing', 'none'] });
  });
  after(() => mock?.stop());

  for (const fault of FAULTS_H1) {
    it(fault.name.replace('GOAWAY', 'FIN').replace('RST_STREAM', 'TCP RST').replace('END_STREAM', 'terminating chunk'), async () => {
      await mock.admin('DELETE', 'rules');
      await mock.addRules([{ match: { operation: 'ConverseStream' }, respond: fault.respond }]);
      const requestHandler = new NodeHttpHandler({ socketTimeout: 1000 });
      const { types, error } = await streamOutcome(mock.runtimeClient({ maxAttempts: 1, requestHandler }));
      assert.deepEqual(distinct(types), fault.types);
      if (fault.error === null) {
        assert.equal(error, null, `${error?.name}: ${error?.message}`);
      } else {
        assert.ok(error, 'the SDK throws');
        if (fault.error.code) assert.equal(error.code, fault.error.code);
        if (fault.error.message instanceof RegExp) assert.match(error.message, fault.error.message);
        else assert.equal(error.message, fault.error.message);
      }
      const entry = await mock.lastRequest();
      assert.equal(entry.protocol, 'HTTP/1.1');
      assert.equal(entry.answeredBy, 'simulate');
    });
  }
});

describe('quotas, JS SDK', () => {
  let mock;
  before(async () => {
    mock = await startMock({ args: ['--quota-clock', 'manual', '--pacing', 'none'] });
  });
  after(() => mock?.stop());

  const advance = (seconds) => mock.admin('POST', 'clock', { advanceSeconds: seconds });

  it('a burst over requestsPerMinute is throttled from the (k+1)th request until the clock moves', async () => {
    await mock.admin('DELETE', 'rules');
    await mock.reset();
    await mock.addRules({ quotas: [{ modelId: NOVA, requestsPerMinute: 3 }] });
    const client = mock.runtimeClient({ maxAttempts: 1 });
    for (let i = 0; i < 3; i += 1) await client.send(new ConverseCommand(converseInput(NOVA)));
    const error = await rejectionOf(client.send(new ConverseCommand(converseInput(NOVA))));
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(error.$metadata.httpStatusCode, 429);
    assert.equal(error.message, 'Too many requests, please wait before trying again.');
    const entry = await mock.lastRequest();
    assert.equal(entry.answeredBy, 'quota');
    assert.deepEqual(entry.quota.requestsPerMinute, { limit: 3, used: 3 });
    await advance(60);
    const answer = await client.send(new ConverseCommand(converseInput(NOVA)));
    assert.equal(answer.$metadata.httpStatusCode, 200);
    assert.deepEqual((await mock.lastRequest()).quota.requestsPerMinute, { limit: 3, used: 1 });
  });

  it('the standard retry mode retries a throttled call 3 times, all counted', async () => {
    await mock.admin('DELETE', 'rules');
    await mock.reset();
    await mock.addRules({ quotas: [{ modelId: NOVA, requestsPerMinute: 1 }] });
    const client = mock.runtimeClient();
    await client.send(new ConverseCommand(converseInput(NOVA)));
    const error = await rejectionOf(client.send(new ConverseCommand(converseInput(NOVA))));
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(error.$metadata.attempts, 3);
    assert.equal((await mock.requests()).filter((r) => r.answeredBy === 'quota').length, 3);
  });

  it('tokensPerMinute trips on a large maxTokens while a small one passes', async () => {
    await mock.admin('DELETE', 'rules');
    await mock.reset();
    await mock.addRules({ quotas: [{ modelId: NOVA, tokensPerMinute: 1000 }] });
    const client = mock.runtimeClient({ maxAttempts: 1 });
    const large = { inferenceConfig: { maxTokens: 4096 } };
    const error = await rejectionOf(client.send(new ConverseCommand(converseInput(NOVA, 'hi', large))));
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(error.message, 'Too many tokens, please wait before trying again.');
    assert.equal((await mock.lastRequest()).quota.neverFits, true);
    const answer = await client.send(new ConverseCommand(converseInput(NOVA, 'hi')));
    assert.equal(answer.$metadata.httpStatusCode, 200);
  });

  it('a quota of 0 is ServiceQuotaExceededException on InvokeModel, not retried', async () => {
    await mock.admin('DELETE', 'rules');
    await mock.reset();
    await mock.addRules({ quotas: [{ modelId: NOVA, tokensPerMinute: 0 }] });
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    const error = await rejectionOf(mock.runtimeClient().send(new InvokeModelCommand({ modelId: NOVA, body })));
    assert.equal(error.name, 'ServiceQuotaExceededException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.equal(error.$fault, 'client');
    assert.equal(error.$metadata.attempts, 1);
  });

  it('a quota of 0 throttles Converse (it declares no ServiceQuotaExceededException)', async () => {
    await mock.admin('DELETE', 'rules');
    await mock.reset();
    await mock.addRules({ quotas: [{ modelId: NOVA, tokensPerMinute: 0 }] });
    const error = await rejectionOf(mock.runtimeClient().send(new ConverseCommand(converseInput(NOVA))));
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(error.message, 'Too many tokens, please wait before trying again.');
    assert.equal(error.$metadata.httpStatusCode, 429);
    assert.equal(error.$metadata.attempts, 3, 'retried, and never let through');
  });
});

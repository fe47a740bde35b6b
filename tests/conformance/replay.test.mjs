// Replay of real recordings: bedrock-mock loads the vcrpy cassettes under <shared>/realworld/
// directly (--cassettes FILE.yaml, its importer), replays them (--mode replay), and the same
// requests sent through the AWS SDK must give the SDK the same result the recording holds: texts,
// events, bytes, error names and messages, and the recorded request IDs. The expected values are
// read from the YAML independently (realworld_recordings.mjs).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import {
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { GetInferenceProfileCommand } from '@aws-sdk/client-bedrock';

import { readRecordings } from './realworld_recordings.mjs';
import { REPO_DIR, rejectionOf, withMock } from './support/mock.mjs';

const SHARED_DIR = process.env.BEDROCK_SHARED_DIR ?? resolve(REPO_DIR, '..', 'shared');
const REALWORLD_DIR = join(SHARED_DIR, 'realworld');
const MISSING_REASON =
  `${REALWORLD_DIR} not found (set BEDROCK_SHARED_DIR or place shared/ next to the checkout): ` +
  'replay of real recordings skipped';

const header = (pairs, name) =>
  pairs.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

// Recorded JSON carries blobs as base64 strings; the SDK's inputs want bytes.
function withBlobs(value, key = '') {
  if (Array.isArray(value)) return value.map((item) => withBlobs(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBlobs(v, k)]));
  }
  if (typeof value === 'string' && (key === 'bytes' || key === 'redactedContent')) {
    return new Uint8Array(Buffer.from(value, 'base64'));
  }
  return value;
}

async function send(mock, recorded) {
  const runtime = mock.runtimeClient({ region: recorded.region, maxAttempts: 1 });
  const { modelId } = recorded;
  const json = () => withBlobs(JSON.parse(recorded.requestBody.toString('utf8')));
  const invokeInput = () => ({
    modelId,
    body: new Uint8Array(recorded.requestBody),
    contentType: header(recorded.requestHeaders, 'Content-Type'),
    accept: header(recorded.requestHeaders, 'Accept'),
  });
  switch (recorded.operation) {
    case 'Converse': return runtime.send(new ConverseCommand({ modelId, ...json() }));
    case 'ConverseStream': return runtime.send(new ConverseStreamCommand({ modelId, ...json() }));
    case 'InvokeModel': return runtime.send(new InvokeModelCommand(invokeInput()));
    case 'InvokeModelWithResponseStream':
      return runtime.send(new InvokeModelWithResponseStreamCommand(invokeInput()));
    case 'CountTokens': {
      const { input } = JSON.parse(recorded.requestBody.toString('utf8'));
      if (input.invokeModel) input.invokeModel.body = Buffer.from(input.invokeModel.body, 'base64');
      return runtime.send(new CountTokensCommand({ modelId, input: withBlobs(input) }));
    }
    case 'GetInferenceProfile':
      return mock.controlClient({ region: recorded.region, maxAttempts: 1 })
        .send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: modelId }));
    default:
      throw new Error(`no SDK call for ${recorded.operation}`);
  }
}

// Every value the SDK returns is the recorded one at the same path (the SDK may drop members its
// model does not know, but must not change or invent any).
function assertWithin(actual, expected, path = '$') {
  if (actual === undefined) return;
  if (actual instanceof Date) {
    assert.equal(actual.getTime(), typeof expected === 'number' ? expected * 1000 : Date.parse(expected), path);
  } else if (actual instanceof Uint8Array) {
    assert.equal(Buffer.from(actual).toString('base64'), expected, path);
  } else if (Array.isArray(actual)) {
    assert.ok(Array.isArray(expected), `${path}: the recording has no array here`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    actual.forEach((item, i) => assertWithin(item, expected[i], `${path}[${i}]`));
  } else if (actual && typeof actual === 'object') {
    assert.ok(expected && typeof expected === 'object', `${path}: the recording has no object here`);
    for (const [key, value] of Object.entries(actual)) {
      if (key === '$metadata' || value === undefined) continue;
      if (key === '$unknown') { // a union member this SDK version does not model
        const [name, raw] = value;
        assertWithin(raw, expected[name], `${path}.${name}`);
        continue;
      }
      assert.ok(key in expected, `${path}.${key}: not in the recording`);
      assertWithin(value, expected[key], `${path}.${key}`);
    }
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

function recordedError(recorded) {
  const body = JSON.parse(recorded.body.toString('utf8') || '{}');
  const typeHeader = header(recorded.responseHeaders, 'x-amzn-ErrorType');
  const code = (typeHeader ?? body.__type ?? body.code ?? '').split(':')[0].split('#').pop();
  // pydantic-ai's scrubber drops x-amzn-ErrorType and its bodies carry no __type: the mock sends
  // what the recording kept and invents no type, so the SDK cannot name the error and falls back
  // to its generic 'Unknown' (status and message still come through).
  return { name: code || 'Unknown', message: body.message ?? body.Message };
}

const upperFirst = (text) => text.charAt(0).toUpperCase() + text.slice(1);

async function checkStream(recorded, result) {
  const events = recorded.frames.map(({ headers, payload }) => {
    const h = Object.fromEntries(headers);
    return h[':message-type'] === 'exception'
      ? { exception: upperFirst(h[':exception-type']), message: JSON.parse(payload).message }
      : { type: h[':event-type'], payload };
  });
  const iterable = recorded.operation === 'ConverseStream' ? result.stream : result.body;
  const received = [];
  let thrown = null;
  try {
    for await (const event of iterable) received.push(event);
  } catch (error) {
    thrown = error;
  }
  const expectedEvents = events.filter((event) => event.type);
  const exception = events.find((event) => event.exception);
  assert.equal(received.length, expectedEvents.length, 'number of events');
  let text = '';
  let recordedText = '';
  received.forEach((event, i) => {
    const { type, payload } = expectedEvents[i];
    const [name] = Object.keys(event).filter((key) => event[key] !== undefined);
    assert.equal(name, type, `event ${i} type`);
    const json = JSON.parse(payload.toString('utf8'));
    if (type === 'chunk') {
      assert.ok(Buffer.from(event.chunk.bytes).equals(Buffer.from(json.bytes, 'base64')),
        `chunk ${i}: decoded bytes differ`);
    } else {
      assertWithin(event[name], json, `events[${i}].${name}`);
      text += event[name]?.delta?.text ?? '';
      recordedText += json.delta?.text ?? '';
    }
  });
  assert.equal(text, recordedText);
  if (exception) {
    assert.ok(thrown, `the SDK throws ${exception.exception}`);
    assert.equal(thrown.name, exception.exception);
    assert.equal(thrown.message, exception.message);
  } else {
    assert.equal(thrown, null, `unexpected ${thrown?.name}: ${thrown?.message}`);
  }
}

async function checkInteraction(mock, recorded) {
  const requestId = header(recorded.responseHeaders, 'x-amzn-RequestId');
  if (recorded.status >= 400) {
    const error = await rejectionOf(send(mock, recorded));
    const expected = recordedError(recorded);
    assert.equal(error.name, expected.name);
    assert.equal(error.message, expected.message);
    assert.equal(error.$metadata.httpStatusCode, recorded.status);
    if (requestId) assert.equal(error.$metadata.requestId, requestId);
    return;
  }
  let result;
  try {
    result = await send(mock, recorded);
  } catch (error) {
    const journal = (await mock.requests()).at(-1);
    assert.fail(`${error.name}: ${error.message} (journal: ${journal?.answeredBy} ${journal?.detail})`);
  }
  assert.equal(result.$metadata.httpStatusCode, recorded.status);
  if (requestId) assert.equal(result.$metadata.requestId, requestId);
  if (recorded.frames) return checkStream(recorded, result);

  if (recorded.operation === 'InvokeModel') {
    if (recorded.parsed) { // pydantic-ai kept the parsed value: the mock rebuilds compact JSON
      assert.deepEqual(JSON.parse(Buffer.from(result.body).toString('utf8')),
        JSON.parse(recorded.body.toString('utf8')), 'InvokeModel body (rebuilt JSON)');
    } else {
      assert.ok(Buffer.from(result.body).equals(recorded.body), 'InvokeModel body bytes');
    }
    assert.equal(result.contentType, header(recorded.responseHeaders, 'Content-Type'));
    return undefined;
  }
  const expected = JSON.parse(recorded.body.toString('utf8'));
  assertWithin(result, expected);
  if (recorded.operation === 'Converse') {
    assert.equal(result.stopReason, expected.stopReason);
    assert.deepEqual(result.metrics, expected.metrics);
    for (const key of ['inputTokens', 'outputTokens', 'totalTokens']) {
      assert.equal(result.usage[key], expected.usage[key], `usage.${key}`);
    }
    assert.deepEqual(result.output.message.content.map((block) => block.text),
      expected.output.message.content.map((block) => block.text));
  }
  if (recorded.operation === 'CountTokens') assert.equal(result.inputTokens, expected.inputTokens);
  return undefined;
}

describe('replay of real recordings (../shared/realworld)', { concurrency: 2 }, async () => {
  if (!existsSync(REALWORLD_DIR)) {
    it('real recordings are available', (t) => {
      if (process.env.CI) assert.fail(`CI is set but ${MISSING_REASON}`);
      t.skip(MISSING_REASON);
    });
    return;
  }
  const recordings = await readRecordings(REALWORLD_DIR);
  before(() => {
    const count = recordings.reduce((sum, r) => sum + r.interactions.length, 0);
    assert.equal(count, 151, 'interactions in the real recordings (realworld/README.md)');
  });

  for (const recording of recordings) {
    const label = recording.interactions.map((r) => `${r.operation} ${r.status}`).join(', ');
    it(`${recording.name}: ${label}`, () =>
      withMock({ args: ['--mode', 'replay', '--pacing', 'none', '--cassettes', recording.file] },
        async (mock) => {
          for (const recorded of recording.interactions) {
            await checkInteraction(mock, recorded);
          }
          const journal = await mock.requests();
          assert.deepEqual(journal.map((entry) => entry.answeredBy),
            recording.interactions.map(() => 'replay'));
        }));
  }
});

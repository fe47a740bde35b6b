// SDK retries, seen from the mock's journal: throttling and 5xx are retried by the standard
// retry mode (3 attempts), a ValidationException is not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

import { converseInput, fastStandardRetries, rejectionOf, withMock } from './support/mock.mjs';

const NOVA = 'amazon.nova-lite-v1:0';

const summary = (journal) => journal.map((entry) => `${entry.status} ${entry.errorType}`.trim());

describe('retries', () => {
  it('throttled-then-ok: Converse succeeds on the 3rd attempt (2 x 429, then 200)', () =>
    withMock({ args: ['--scenario', 'throttled-then-ok'] }, async (mock) => {
      const client = mock.runtimeClient({ retryStrategy: fastStandardRetries() });
      const answer = await client.send(new ConverseCommand(converseInput(NOVA)));
      assert.equal(answer.$metadata.httpStatusCode, 200);
      assert.equal(answer.$metadata.attempts, 3);
      const journal = await mock.requests({ operation: 'Converse' });
      assert.deepEqual(summary(journal), ['429 ThrottlingException', '429 ThrottlingException', '200']);
      assert.equal(journal.at(-1).requestId, answer.$metadata.requestId);
    }));

  it('throttled-then-ok: the default client (standard mode, jittered backoff) recovers too', () =>
    withMock({ args: ['--scenario', 'throttled-then-ok'] }, async (mock) => {
      const client = mock.runtimeClient();
      assert.equal(await client.config.retryMode(), 'standard');
      assert.equal(await client.config.maxAttempts(), 3);
      const answer = await client.send(new ConverseCommand(converseInput(NOVA)));
      assert.equal(answer.$metadata.attempts, 3);
      assert.ok(answer.$metadata.totalRetryDelay > 0);
      assert.equal((await mock.requests({ operation: 'Converse' })).length, 3);
    }));

  it('throttled-then-ok: ConverseStream is retried before the stream starts', () =>
    withMock({ args: ['--scenario', 'throttled-then-ok'] }, async (mock) => {
      const client = mock.runtimeClient({ retryStrategy: fastStandardRetries() });
      const response = await client.send(new ConverseStreamCommand(converseInput(NOVA)));
      const types = [];
      for await (const event of response.stream) types.push(Object.keys(event)[0]);
      assert.equal(types.at(-1), 'metadata');
      assert.deepEqual(summary(await mock.requests({ operation: 'ConverseStream' })),
        ['429 ThrottlingException', '429 ThrottlingException', '200']);
    }));

  it('with 2 attempts the throttling error surfaces after 2 requests', () =>
    withMock({ args: ['--scenario', 'throttled-then-ok'] }, async (mock) => {
      const client = mock.runtimeClient({ retryStrategy: fastStandardRetries(2) });
      const error = await rejectionOf(client.send(new ConverseCommand(converseInput(NOVA))));
      assert.equal(error.name, 'ThrottlingException');
      assert.equal(error.$metadata.attempts, 2);
      const journal = await mock.requests();
      assert.equal(journal.length, 2);
      assert.equal(error.$metadata.requestId, journal.at(-1).requestId);
    }));

  it('service-unavailable: 503 is retried 3 times, then thrown', () =>
    withMock({ args: ['--scenario', 'service-unavailable'] }, async (mock) => {
      const client = mock.runtimeClient({ retryStrategy: fastStandardRetries() });
      const error = await rejectionOf(client.send(new ConverseCommand(converseInput(NOVA))));
      assert.equal(error.name, 'ServiceUnavailableException');
      assert.equal(error.$metadata.attempts, 3);
      assert.deepEqual(summary(await mock.requests()), Array(3).fill('503 ServiceUnavailableException'));
    }));

  it('a ValidationException is not retried (the journal shows 1 request)', () =>
    withMock({}, async (mock) => {
      const client = mock.runtimeClient({ region: 'us-east-2', retryStrategy: fastStandardRetries() });
      const error = await rejectionOf(client.send(
        new ConverseCommand(converseInput('anthropic.claude-3-5-sonnet-20241022-v2:0')),
      ));
      assert.equal(error.name, 'ValidationException');
      assert.equal(error.$metadata.attempts, 1);
      assert.deepEqual(summary(await mock.requests()), ['400 ValidationException']);
    }));

  it('an AccessDeniedException is not retried', () =>
    withMock({ args: ['--scenario', 'model-access-denied'] }, async (mock) => {
      const client = mock.runtimeClient({ retryStrategy: fastStandardRetries() });
      const error = await rejectionOf(client.send(new ConverseCommand(converseInput(NOVA))));
      assert.equal(error.name, 'AccessDeniedException');
      assert.equal((await mock.requests()).length, 1);
    }));
});

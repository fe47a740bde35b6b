// Every simulated error must reach SDK code as the real service's does: the modeled exception
// class (`name`), the HTTP status, the exact message and the request ID the mock logged.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  BedrockRuntimeServiceException,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';

import { converseInput, rejectionOf, startMock, withMock } from './support/mock.mjs';

const SEED_BASE_ID = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const SEED_PROFILE_ID = 'us.anthropic.claude-3-5-sonnet-20241022-v2:0';
const NOVA = 'amazon.nova-lite-v1:0';
const INVALID_MODEL = 'The provided model identifier is invalid.';
const PRINCIPAL = 'arn:aws:sts::123456789012:assumed-role/BedrockTestRole/bedrock-testbed';

const onDemandText = (modelId) =>
  `Invocation of model ID ${modelId} with on-demand throughput isn\u2019t supported. Retry your ` +
  'request with the ID or ARN of an inference profile that contains this model.';

// Checks an SDK error against its journal entry: same request ID, status and error type.
async function assertServiceError(mock, error, { name, status, message }) {
  assert.ok(error instanceof BedrockRuntimeServiceException, `${error?.name}: ${error?.message}`);
  assert.equal(error.name, name);
  assert.equal(error.$metadata.httpStatusCode, status);
  assert.equal(error.message, message);
  assert.match(error.$metadata.requestId,
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const entry = (await mock.requests()).find((r) => r.requestId === error.$metadata.requestId);
  assert.ok(entry, `request ${error.$metadata.requestId} is in the journal`);
  assert.equal(entry.status, status);
  assert.equal(entry.errorType, name);
  return entry;
}

describe('the seed story', () => {
  let mock;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock?.stop());

  it('a base model ID in us-east-2 answers the on-demand-throughput ValidationException', async () => {
    const client = mock.runtimeClient({ region: 'us-east-2' });
    const error = await rejectionOf(client.send(new ConverseCommand(converseInput(SEED_BASE_ID))));
    const entry = await assertServiceError(mock, error, {
      name: 'ValidationException', status: 400, message: onDemandText(SEED_BASE_ID),
    });
    assert.ok(error.message.includes('isn\u2019t supported'), 'U+2019, not an ASCII apostrophe');
    assert.equal(error.$fault, 'client');
    assert.equal(error.$metadata.attempts, 1, 'a ValidationException is not retried');
    assert.equal(entry.operation, 'Converse');
    assert.equal(entry.modelId, SEED_BASE_ID);
    assert.equal(entry.region, 'us-east-2');
  });

  it('the us. inference-profile ID answers', async () => {
    const client = mock.runtimeClient({ region: 'us-east-2' });
    const answer = await client.send(new ConverseCommand(converseInput(SEED_PROFILE_ID)));
    assert.equal(answer.$metadata.httpStatusCode, 200);
    assert.equal(answer.stopReason, 'end_turn');
    assert.ok(answer.output.message.content[0].text.length > 0);
  });

  it('ConverseStream with the base ID fails before the stream, as a plain HTTP error', async () => {
    const client = mock.runtimeClient({ region: 'us-east-2' });
    const error = await rejectionOf(
      client.send(new ConverseStreamCommand(converseInput(SEED_BASE_ID))),
    );
    await assertServiceError(mock, error, {
      name: 'ValidationException', status: 400, message: onDemandText(SEED_BASE_ID),
    });
  });
});

describe('invalid model identifiers', () => {
  let mock;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock?.stop());

  const cases = [
    ['an unknown model', 'us-east-1', 'acme.no-such-model-v1:0'],
    ['a profile of another geography', 'us-east-1', 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0'],
    ['a model the Region does not offer', 'us-east-2', 'amazon.titan-text-lite-v1'],
    ['a foundation-model ARN of another Region', 'us-east-1',
      'arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0'],
  ];
  for (const [what, region, modelId] of cases) {
    it(`${what} answers "${INVALID_MODEL}" on Converse and ConverseStream`, async () => {
      const client = mock.runtimeClient({ region });
      for (const Command of [ConverseCommand, ConverseStreamCommand]) {
        const error = await rejectionOf(client.send(new Command(converseInput(modelId))));
        const entry = await assertServiceError(mock, error, {
          name: 'ValidationException', status: 400, message: INVALID_MODEL,
        });
        assert.equal(entry.modelId, modelId);
      }
    });
  }
});

// One fresh mock per scenario. `call` is what the test sends; `expect` the error it must get.
const runtimeCall = (Command, modelId) => (client) =>
  client.send(new Command(converseInput(modelId)));

const scenarios = [
  {
    scenario: 'model-access-denied',
    call: runtimeCall(ConverseCommand, NOVA),
    expect: {
      name: 'AccessDeniedException', status: 403,
      message: "You don't have access to the model with the specified model ID.",
    },
  },
  {
    scenario: 'throttled-then-ok',
    call: runtimeCall(ConverseCommand, NOVA),
    expect: {
      name: 'ThrottlingException', status: 429,
      message: 'Too many requests, please wait before trying again.',
    },
  },
  {
    scenario: 'expired-token',
    call: runtimeCall(ConverseCommand, NOVA),
    expect: {
      name: 'ExpiredTokenException', status: 403,
      message: 'The security token included in the request is expired',
    },
  },
  {
    scenario: 'scp-deny-destination-region',
    call: runtimeCall(ConverseCommand, SEED_PROFILE_ID),
    expect: {
      name: 'AccessDeniedException', status: 403,
      message: `User: ${PRINCIPAL} is not authorized to perform: bedrock:InvokeModel on resource: ` +
        `arn:aws:bedrock:us-west-2::foundation-model/${SEED_BASE_ID} ` +
        'with an explicit deny in a service control policy',
    },
  },
  {
    scenario: 'vpce-policy-deny',
    call: runtimeCall(ConverseStreamCommand, NOVA),
    expect: {
      name: 'AccessDeniedException', status: 403,
      message: `User: ${PRINCIPAL} is not authorized to perform: ` +
        'bedrock:InvokeModelWithResponseStream on resource: ' +
        `arn:aws:bedrock:us-east-1::foundation-model/${NOVA} because no VPC endpoint policy ` +
        'allows the bedrock:InvokeModelWithResponseStream action',
    },
  },
  {
    scenario: 'service-unavailable',
    call: runtimeCall(ConverseCommand, NOVA),
    expect: {
      name: 'ServiceUnavailableException', status: 503,
      message: 'Bedrock is unable to process your request.',
    },
  },
  {
    scenario: 'on-demand-throughput',
    call: runtimeCall(ConverseCommand, NOVA),
    expect: { name: 'ValidationException', status: 400, message: onDemandText(NOVA) },
  },
];

describe('scenarios', () => {
  for (const { scenario, call, expect } of scenarios) {
    it(`${scenario}: ${expect.name} (${expect.status})`, () =>
      withMock({ args: ['--scenario', scenario] }, async (mock) => {
        // One attempt: this checks the error itself; retries.test.mjs checks retrying.
        const client = mock.runtimeClient({ region: 'us-east-1', maxAttempts: 1 });
        const error = await rejectionOf(call(client));
        const entry = await assertServiceError(mock, error, expect);
        assert.equal(entry.answeredBy, 'rule');
        assert.equal(error.$fault, expect.status >= 500 ? 'server' : 'client');
      }));
  }

  it('on-demand-throughput: a geo-prefixed profile ID still answers', () =>
    withMock({ args: ['--scenario', 'on-demand-throughput'] }, async (mock) => {
      const client = mock.runtimeClient({ region: 'us-east-1' });
      const answer = await client.send(new ConverseCommand(converseInput('us.amazon.nova-lite-v1:0')));
      assert.equal(answer.$metadata.httpStatusCode, 200);
    }));

  it('scp-deny-destination-region: a single-Region model ID is not denied', () =>
    withMock({ args: ['--scenario', 'scp-deny-destination-region'] }, async (mock) => {
      const client = mock.runtimeClient({ region: 'us-east-1' });
      const answer = await client.send(new ConverseCommand(converseInput(NOVA)));
      assert.equal(answer.$metadata.httpStatusCode, 200);
    }));

  it('mid-stream-model-error: ConverseStream throws ModelStreamErrorException while iterating', () =>
    withMock({ args: ['--scenario', 'mid-stream-model-error'] }, async (mock) => {
      const client = mock.runtimeClient({ region: 'us-east-1', maxAttempts: 1 });
      const response = await client.send(new ConverseStreamCommand(converseInput(NOVA)));
      assert.equal(response.$metadata.httpStatusCode, 200, 'the stream itself starts fine');
      const seen = [];
      const error = await rejectionOf((async () => {
        for await (const event of response.stream) seen.push(Object.keys(event)[0]);
      })());
      assert.equal(error.name, 'ModelStreamErrorException');
      assert.ok(error instanceof BedrockRuntimeServiceException);
      assert.equal(error.message,
        'Model produced invalid sequence as part of ToolUse. Please refer to the model tool use ' +
          'troubleshooting guide.');
      assert.deepEqual(seen, ['messageStart', 'contentBlockDelta', 'contentBlockDelta'],
        'the exception frame comes after 3 events');
      const entry = (await mock.requests()).find(
        (r) => r.requestId === response.$metadata.requestId,
      );
      assert.equal(entry.status, 200);
      assert.equal(entry.errorType, 'modelStreamErrorException');
    }));

  it('mid-stream-model-error: InvokeModelWithResponseStream throws it too', () =>
    withMock({ args: ['--scenario', 'mid-stream-model-error'] }, async (mock) => {
      const client = mock.runtimeClient({ region: 'us-east-1', maxAttempts: 1 });
      const response = await client.send(new InvokeModelWithResponseStreamCommand({
        modelId: NOVA,
        body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
      }));
      let chunks = 0;
      const error = await rejectionOf((async () => {
        for await (const event of response.body) if (event.chunk) chunks += 1;
      })());
      assert.equal(error.name, 'ModelStreamErrorException');
      assert.equal(chunks, 3);
    }));
});

// The Anthropic SDK's Bedrock client (`AnthropicBedrock`) against the mock. It calls
// InvokeModel / InvokeModelWithResponseStream itself, over fetch, with a raw ':' in the path and
// its own SigV4 signing: a different wire than the AWS SDK's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';

import {
  ACCESS_KEY_ID,
  SECRET_ACCESS_KEY,
  rejectionOf,
  startMock,
  writeCredentialsFile,
} from './support/mock.mjs';

const PROFILE = 'us.anthropic.claude-3-5-sonnet-20241022-v2:0';
const BASE_ID = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
// The Bedrock Messages version. @anthropic-ai/bedrock-sdk 1.x sends its API's own version
// (2026-10-21) unless told otherwise; the last test checks that default is accepted too.
const BEDROCK_VERSION = 'bedrock-2023-05-31';

// An AnthropicBedrock client for the mock that records what it sends.
function anthropicClient(mock, { region = 'us-east-1', secret = SECRET_ACCESS_KEY, sent = [],
  version = BEDROCK_VERSION } = {}) {
  return new AnthropicBedrock({
    baseURL: mock.url,
    awsAccessKey: ACCESS_KEY_ID,
    awsSecretKey: secret,
    awsRegion: region,
    maxRetries: 0,
    defaultHeaders: version ? { 'anthropic-version': version } : {},
    fetch: async (url, init) => {
      sent.push({ url: String(url), body: init?.body });
      return fetch(url, init);
    },
  });
}

const question = (extra = {}) => ({
  model: PROFILE,
  max_tokens: 64,
  messages: [{ role: 'user', content: 'What is the capital of France?' }],
  ...extra,
});

const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city'],
  },
};

function describeSuite(name, mockOptions) {
  describe(name, () => {
    let mock;
    before(async () => {
      mock = await startMock(mockOptions);
    });
    after(() => mock?.stop());

    it('messages.create answers a well-formed message, sent with a raw ":" in the path', async () => {
      const sent = [];
      const message = await anthropicClient(mock, { sent }).messages.create(question());
      assert.equal(message.type, 'message');
      assert.equal(message.role, 'assistant');
      assert.match(message.id, /^msg_bdrk_01/);
      assert.equal(message.model, 'claude-3-5-sonnet-20241022');
      assert.equal(message.content.length, 1);
      assert.equal(message.content[0].type, 'text');
      assert.match(message.content[0].text, /^[A-Z].*\.$/);
      assert.equal(message.stop_reason, 'end_turn');
      assert.equal(message.usage.output_tokens, message.content[0].text.split(/\s+/).length);

      const journal = await mock.requests();
      const entry = journal.at(-1);
      assert.equal(entry.target, `/model/${PROFILE}/invoke`);
      assert.equal(entry.operation, 'InvokeModel');
      assert.equal(entry.modelId, PROFILE);
      assert.equal(entry.status, 200);

      // The same body through the AWS SDK gives the same text (answers derive from the body).
      const body = sent.at(-1).body;
      assert.equal(JSON.parse(body).anthropic_version, BEDROCK_VERSION);
      const direct = await mock.runtimeClient({
        credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
      }).send(new InvokeModelCommand({ modelId: PROFILE, body }));
      assert.equal(JSON.parse(new TextDecoder().decode(direct.body)).content[0].text,
        message.content[0].text);
    });

    it('messages.stream streams the same text as messages.create', async () => {
      const client = anthropicClient(mock);
      const created = await client.messages.create(question());
      const stream = client.messages.stream(question());
      const types = [];
      let text = '';
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'content_block_delta') text += event.delta.text;
      }
      const final = await stream.finalMessage();
      assert.equal(types[0], 'message_start');
      assert.equal(types[1], 'content_block_start');
      assert.ok(types.filter((t) => t === 'content_block_delta').length >= 2);
      assert.deepEqual(types.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
      assert.equal(text, created.content[0].text);
      assert.deepEqual(final.content, created.content);
      assert.equal(final.stop_reason, 'end_turn');
      assert.equal(final.usage.output_tokens, created.usage.output_tokens);

      const entry = (await mock.requests()).at(-1);
      assert.equal(entry.target, `/model/${PROFILE}/invoke-with-response-stream`);
      assert.equal(entry.operation, 'InvokeModelWithResponseStream');
    });

    it('messages.create with stream: true yields the raw event sequence', async () => {
      const events = [];
      const stream = await anthropicClient(mock).messages.create(question({ stream: true }));
      for await (const event of stream) events.push(event);
      assert.equal(events[0].type, 'message_start');
      assert.equal(events[0].message.role, 'assistant');
      assert.equal(events.at(-1).type, 'message_stop');
      const delta = events.find((e) => e.type === 'message_delta');
      assert.equal(delta.delta.stop_reason, 'end_turn');
    });

    it('a forced tool gives a tool_use block, streamed as input_json_delta fragments', async () => {
      const client = anthropicClient(mock);
      const params = question({ tools: [weatherTool], tool_choice: { type: 'tool', name: 'get_weather' } });
      const created = await client.messages.create(params);
      assert.equal(created.stop_reason, 'tool_use');
      const block = created.content.find((b) => b.type === 'tool_use');
      assert.equal(block.name, 'get_weather');
      assert.match(block.id, /^toolu_bdrk_/);
      assert.equal(typeof block.input.city, 'string');

      const stream = client.messages.stream(params);
      let fragments = 0;
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') fragments += 1;
      }
      assert.ok(fragments >= 2);
      const final = await stream.finalMessage();
      assert.deepEqual(final.content, created.content);
    });

    it('the seed error reaches the Anthropic SDK as a 400 BadRequestError', async () => {
      const client = anthropicClient(mock, { region: 'us-east-2' });
      const error = await rejectionOf(client.messages.create(question({ model: BASE_ID })));
      assert.equal(error.constructor.name, 'BadRequestError');
      assert.equal(error.status, 400);
      assert.equal(error.error.message,
        `Invocation of model ID ${BASE_ID} with on-demand throughput isn\u2019t supported. Retry ` +
          'your request with the ID or ARN of an inference profile that contains this model.');
      const entry = (await mock.requests()).at(-1);
      assert.equal(entry.errorType, 'ValidationException');
      assert.equal(error.headers.get('x-amzn-requestid'), entry.requestId);
    });
  });
}

describeSuite('@anthropic-ai/bedrock-sdk (simulation)', {});

describe('@anthropic-ai/bedrock-sdk with --auth verify', () => {
  let mock;
  before(async () => {
    mock = await startMock({
      args: ['--auth', 'verify'],
      prepare: async (dir) => ['--credentials', await writeCredentialsFile(dir)],
    });
  });
  after(() => mock?.stop());

  it('its SigV4 signature over the raw ":" path is accepted', async () => {
    const message = await anthropicClient(mock).messages.create(question());
    assert.equal(message.type, 'message');
    const stream = anthropicClient(mock).messages.stream(question());
    const final = await stream.finalMessage();
    assert.deepEqual(final.content, message.content);
  });

  it('a wrong secret gives 403 PermissionDeniedError (InvalidSignatureException)', async () => {
    const client = anthropicClient(mock, { secret: 'wrong-secret' });
    const error = await rejectionOf(client.messages.create(question()));
    assert.equal(error.constructor.name, 'PermissionDeniedError');
    assert.equal(error.status, 403);
    assert.equal(error.headers.get('x-amzn-errortype')?.split(':')[0], 'InvalidSignatureException');
  });
});

describe('@anthropic-ai/bedrock-sdk defaults', () => {
  it('messages.create with the SDK\'s default anthropic_version', async () => {
    const mock = await startMock();
    try {
      const sent = [];
      const client = anthropicClient(mock, { sent, version: null });
      const outcome = await client.messages.create(question()).then(
        (message) => message.type,
        (error) => `${error.status} ${error.error?.message ?? error.message}`,
      );
      assert.equal(JSON.parse(sent.at(-1).body).anthropic_version, '2026-10-21');
      assert.equal(outcome, 'message');
    } finally {
      await mock.stop();
    }
  });
});

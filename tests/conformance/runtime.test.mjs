// The runtime operations through @aws-sdk/client-bedrock-runtime against the simulator: every
// answer must deserialize into the SDK's shapes with the values the mock's contract defines
// (docs/catalog.md "Synthetic answers").
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';

import { converseInput, startMock } from './support/mock.mjs';

const NOVA = 'amazon.nova-lite-v1:0'; // on demand in us-east-1
const CLAUDE_PROFILE = 'us.anthropic.claude-3-5-sonnet-20241022-v2:0';
const CLAUDE_ON_DEMAND = 'anthropic.claude-3-haiku-20240307-v1:0';

const utf8 = new TextDecoder();
const encode = (value) => new TextEncoder().encode(JSON.stringify(value));
const wordCount = (text) => text.split(/\s+/).filter(Boolean).length;

const weatherTool = {
  toolSpec: {
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: {
      json: {
        type: 'object',
        properties: {
          city: { type: 'string' },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
          days: { type: 'integer' },
        },
        required: ['city', 'unit'],
      },
    },
  },
};

const toolInput = (modelId) =>
  converseInput(modelId, 'What is the weather in Paris?', {
    toolConfig: { tools: [weatherTool], toolChoice: { tool: { name: 'get_weather' } } },
  });

// Collects a ConverseStream into its events, as [type, payload] pairs.
async function collectConverseStream(response) {
  const events = [];
  for await (const event of response.stream) {
    const types = Object.keys(event).filter((key) => event[key] !== undefined);
    assert.equal(types.length, 1, `one member per event union, got ${types}`);
    events.push([types[0], event[types[0]]]);
  }
  return events;
}

async function collectChunks(response) {
  const chunks = [];
  for await (const event of response.body) {
    assert.ok(event.chunk, `every event is a chunk, got ${Object.keys(event)}`);
    chunks.push(JSON.parse(utf8.decode(event.chunk.bytes)));
  }
  return chunks;
}

describe('runtime operations (simulation)', () => {
  let mock;
  let client;
  before(async () => {
    mock = await startMock();
    client = mock.runtimeClient({ region: 'us-east-1' });
  });
  after(() => mock?.stop());

  async function journalEntry(requestId) {
    const entry = (await mock.requests()).find((request) => request.requestId === requestId);
    assert.ok(entry, `request ${requestId} is in the journal`);
    return entry;
  }

  it('Converse answers text, end_turn, consistent usage and metrics', async () => {
    const answer = await client.send(new ConverseCommand(converseInput(NOVA)));
    assert.equal(answer.$metadata.httpStatusCode, 200);
    assert.equal(answer.output.message.role, 'assistant');
    assert.equal(answer.output.message.content.length, 1);
    const { text } = answer.output.message.content[0];
    assert.match(text, /^[A-Z].*\.$/);
    assert.equal(answer.stopReason, 'end_turn');
    // One word is one output token; "What is 2+2?" is 12 bytes, about one token per 4 bytes.
    assert.equal(answer.usage.outputTokens, wordCount(text));
    assert.ok(answer.usage.outputTokens >= 12 && answer.usage.outputTokens <= 40);
    assert.equal(answer.usage.inputTokens, 3);
    assert.equal(answer.usage.totalTokens, answer.usage.inputTokens + answer.usage.outputTokens);
    assert.ok(Number.isInteger(answer.metrics.latencyMs) && answer.metrics.latencyMs >= 200);

    const entry = await journalEntry(answer.$metadata.requestId);
    assert.equal(entry.operation, 'Converse');
    assert.equal(entry.modelId, NOVA);
    assert.equal(entry.region, 'us-east-1');
    assert.equal(entry.status, 200);
    assert.equal(entry.answeredBy, 'simulate');
    // The JS SDK escapes ':' in the model ID label.
    assert.equal(entry.target, '/model/amazon.nova-lite-v1%3A0/converse');
  });

  it('Converse is deterministic: the same request gives the same answer', async () => {
    const first = await client.send(new ConverseCommand(converseInput(NOVA, 'Name a colour.')));
    const second = await client.send(new ConverseCommand(converseInput(NOVA, 'Name a colour.')));
    assert.deepEqual(second.output, first.output);
    assert.deepEqual(second.usage, first.usage);
    assert.notEqual(second.$metadata.requestId, first.$metadata.requestId);
    const other = await client.send(new ConverseCommand(converseInput(NOVA, 'Name a fruit.')));
    assert.notEqual(other.output.message.content[0].text, first.output.message.content[0].text);
  });

  it('Converse truncates at maxTokens with stopReason max_tokens', async () => {
    const input = converseInput(NOVA, 'Tell me a long story.', { inferenceConfig: { maxTokens: 5 } });
    const answer = await client.send(new ConverseCommand(input));
    assert.equal(answer.stopReason, 'max_tokens');
    assert.equal(answer.usage.outputTokens, 5);
    assert.equal(wordCount(answer.output.message.content[0].text), 5);
  });

  it('Converse through an inference profile answers like a base ID', async () => {
    const answer = await client.send(new ConverseCommand(converseInput(CLAUDE_PROFILE)));
    assert.equal(answer.stopReason, 'end_turn');
    const entry = await journalEntry(answer.$metadata.requestId);
    assert.equal(entry.modelId, CLAUDE_PROFILE);
    assert.match(entry.detail, /^served in us-(east-1|east-2|west-2)$/);
  });

  it('Converse with a forced tool answers a toolUse block and stopReason tool_use', async () => {
    const answer = await client.send(new ConverseCommand(toolInput(NOVA)));
    assert.equal(answer.stopReason, 'tool_use');
    const [block] = answer.output.message.content;
    assert.equal(block.toolUse.name, 'get_weather');
    assert.match(block.toolUse.toolUseId, /^tooluse_[A-Za-z0-9_-]{22}$/);
    assert.equal(typeof block.toolUse.input.city, 'string');
    assert.equal(block.toolUse.input.unit, 'celsius'); // the first enum value
    assert.deepEqual(Object.keys(block.toolUse.input).sort(), ['city', 'unit']);
  });

  it('ConverseStream sends every text event type in order, matching Converse', async () => {
    const input = converseInput(NOVA, 'Describe the sea.');
    const response = await client.send(new ConverseStreamCommand(input));
    assert.equal(response.$metadata.httpStatusCode, 200);
    const events = await collectConverseStream(response);
    const types = events.map(([type]) => type);

    assert.equal(types[0], 'messageStart');
    assert.deepEqual(events[0][1], { role: 'assistant' });
    const deltas = events.filter(([type]) => type === 'contentBlockDelta');
    assert.ok(deltas.length >= 2, 'text arrives in several deltas');
    assert.deepEqual(types.slice(-3), ['contentBlockStop', 'messageStop', 'metadata']);
    assert.deepEqual(types, ['messageStart', ...deltas.map(() => 'contentBlockDelta'),
      'contentBlockStop', 'messageStop', 'metadata']);
    assert.ok(!types.includes('contentBlockStart'), 'no contentBlockStart for text');
    for (const [, delta] of deltas) assert.equal(delta.contentBlockIndex, 0);
    assert.deepEqual(events.at(-3)[1], { contentBlockIndex: 0 });
    assert.deepEqual(events.at(-2)[1], { stopReason: 'end_turn' });
    // The `p` padding is wire-only: the SDK drops it, so no payload shows it.
    for (const [, payload] of events) assert.ok(!('p' in payload));

    const streamed = deltas.map(([, delta]) => delta.delta.text).join('');
    const whole = await client.send(new ConverseCommand(input));
    assert.equal(streamed, whole.output.message.content[0].text);
    const metadata = events.at(-1)[1];
    assert.deepEqual(metadata.usage, whole.usage);
    assert.ok(metadata.metrics.latencyMs >= 200);

    const entry = await journalEntry(response.$metadata.requestId);
    assert.equal(entry.operation, 'ConverseStream');
    assert.equal(entry.status, 200);
  });

  it('ConverseStream of a tool call sends contentBlockStart and input fragments (Claude)', async () => {
    const input = toolInput(CLAUDE_PROFILE);
    const events = await collectConverseStream(await client.send(new ConverseStreamCommand(input)));
    const types = events.map(([type]) => type);
    const start = events.find(([type]) => type === 'contentBlockStart');
    assert.ok(start, `contentBlockStart present in ${types}`);
    const { contentBlockIndex, start: { toolUse } } = start[1];
    assert.equal(toolUse.name, 'get_weather');
    assert.match(toolUse.toolUseId, /^tooluse_[A-Za-z0-9_-]{22}$/);

    const toolDeltas = events
      .filter(([type, e]) => type === 'contentBlockDelta' && e.contentBlockIndex === contentBlockIndex)
      .map(([, e]) => e.delta.toolUse.input);
    assert.equal(toolDeltas[0], '', 'Claude starts tool input with an empty fragment');
    assert.ok(toolDeltas.length >= 2);
    const streamedInput = JSON.parse(toolDeltas.join(''));
    const startIndex = types.indexOf('contentBlockStart');
    assert.equal(types[startIndex + toolDeltas.length + 1], 'contentBlockStop');
    assert.deepEqual(events[startIndex + toolDeltas.length + 1][1], { contentBlockIndex });
    assert.deepEqual(types.slice(-2), ['messageStop', 'metadata']);
    assert.deepEqual(events.at(-2)[1], { stopReason: 'tool_use' });

    const whole = await client.send(new ConverseCommand(input));
    const toolBlock = whole.output.message.content.find((block) => block.toolUse);
    assert.deepEqual(streamedInput, toolBlock.toolUse.input);
    assert.equal(toolUse.toolUseId, toolBlock.toolUse.toolUseId);
  });

  it('ConverseStream of a tool call sends the whole input in one delta (Nova)', async () => {
    const events = await collectConverseStream(
      await client.send(new ConverseStreamCommand(toolInput(NOVA))),
    );
    const start = events.find(([type]) => type === 'contentBlockStart');
    assert.ok(start);
    const toolDeltas = events.filter(
      ([type, e]) => type === 'contentBlockDelta' && e.delta.toolUse !== undefined,
    );
    assert.equal(toolDeltas.length, 1);
    const input = JSON.parse(toolDeltas[0][1].delta.toolUse.input);
    assert.equal(input.unit, 'celsius');
    assert.deepEqual(events.at(-2)[1], { stopReason: 'tool_use' });
  });

  const anthropicBody = (text, extra = {}) => ({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 100,
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    ...extra,
  });
  const novaBody = (text) => ({
    messages: [{ role: 'user', content: [{ text }] }],
    inferenceConfig: { max_new_tokens: 100 },
  });

  it('InvokeModel answers an Anthropic Messages body in the provider key order', async () => {
    const answer = await client.send(new InvokeModelCommand({
      modelId: CLAUDE_ON_DEMAND,
      contentType: 'application/json',
      accept: 'application/json',
      body: encode(anthropicBody('Hello there')),
    }));
    assert.equal(answer.$metadata.httpStatusCode, 200);
    assert.equal(answer.contentType, 'application/json');
    const body = JSON.parse(utf8.decode(answer.body));
    assert.deepEqual(Object.keys(body),
      ['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'usage']);
    assert.match(body.id, /^msg_bdrk_01[1-9A-HJ-NP-Za-km-z]{22}$/);
    assert.equal(body.type, 'message');
    assert.equal(body.role, 'assistant');
    assert.equal(body.model, 'claude-3-haiku-20240307');
    assert.equal(body.content.length, 1);
    assert.equal(body.content[0].type, 'text');
    assert.equal(body.stop_reason, 'end_turn');
    assert.equal(body.stop_sequence, null);
    assert.equal(body.usage.output_tokens, wordCount(body.content[0].text));
    assert.equal(body.usage.input_tokens, 3); // "Hello there": 11 bytes
  });

  it('InvokeModel answers a Nova body', async () => {
    const answer = await client.send(new InvokeModelCommand({
      modelId: NOVA, body: encode(novaBody('Hello there')),
    }));
    const body = JSON.parse(utf8.decode(answer.body));
    assert.equal(body.output.message.role, 'assistant');
    const { text } = body.output.message.content[0];
    assert.ok(text.length > 0);
    assert.equal(body.stopReason, 'end_turn');
    assert.equal(body.usage.outputTokens, wordCount(text));
    assert.equal(body.usage.totalTokens, body.usage.inputTokens + body.usage.outputTokens);
  });

  it('InvokeModel with a malformed native body answers the schema ValidationException', async () => {
    const error = await client
      .send(new InvokeModelCommand({ modelId: CLAUDE_ON_DEMAND, body: encode({ max_tokens: 10 }) }))
      .then(() => null, (e) => e);
    assert.ok(error);
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    // everit's messages run together with no separator, as in the real text quoted in
    // reference/realworld-error-messages.md (sigoden/aichat#543).
    assert.equal(error.message,
      'Malformed input request: #: required key [anthropic_version] not found' +
        '#: required key [messages] not found, please reformat your input and try again.');
  });

  it('InvokeModelWithResponseStream (Anthropic) sends chunks ending in invocation metrics', async () => {
    const body = encode(anthropicBody('Stream to me'));
    const response = await client.send(
      new InvokeModelWithResponseStreamCommand({ modelId: CLAUDE_ON_DEMAND, body }),
    );
    assert.equal(response.$metadata.httpStatusCode, 200);
    assert.equal(response.contentType, 'application/json');
    const chunks = await collectChunks(response);
    const types = chunks.map((chunk) => chunk.type);
    assert.equal(types[0], 'message_start');
    assert.equal(types[1], 'content_block_start');
    assert.deepEqual(types.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
    const text = chunks
      .filter((chunk) => chunk.type === 'content_block_delta')
      .map((chunk) => chunk.delta.text)
      .join('');
    for (const chunk of chunks.slice(0, -1)) assert.ok(!('amazon-bedrock-invocationMetrics' in chunk));
    const metrics = chunks.at(-1)['amazon-bedrock-invocationMetrics'];
    assert.deepEqual(Object.keys(metrics),
      ['inputTokenCount', 'outputTokenCount', 'invocationLatency', 'firstByteLatency']);
    assert.equal(metrics.firstByteLatency, 200);
    assert.ok(metrics.invocationLatency > metrics.firstByteLatency);

    const whole = JSON.parse(utf8.decode(
      (await client.send(new InvokeModelCommand({ modelId: CLAUDE_ON_DEMAND, body }))).body,
    ));
    assert.equal(text, whole.content[0].text);
    assert.equal(metrics.inputTokenCount, whole.usage.input_tokens);
    assert.equal(metrics.outputTokenCount, whole.usage.output_tokens);
    assert.equal(chunks.at(-2).usage.output_tokens, whole.usage.output_tokens);
  });

  it('InvokeModelWithResponseStream (Nova) sends Nova events ending in invocation metrics', async () => {
    const body = encode(novaBody('Stream to me'));
    const chunks = await collectChunks(
      await client.send(new InvokeModelWithResponseStreamCommand({ modelId: NOVA, body })),
    );
    assert.ok(chunks[0].messageStart);
    const text = chunks
      .filter((chunk) => chunk.contentBlockDelta)
      .map((chunk) => chunk.contentBlockDelta.delta.text)
      .join('');
    assert.ok(chunks.at(-2).messageStop || chunks.at(-1).messageStop || chunks.at(-1).metadata);
    const metrics = chunks.at(-1)['amazon-bedrock-invocationMetrics'];
    assert.ok(metrics, 'the last chunk carries amazon-bedrock-invocationMetrics');
    const whole = JSON.parse(utf8.decode(
      (await client.send(new InvokeModelCommand({ modelId: NOVA, body }))).body,
    ));
    assert.equal(text, whole.output.message.content[0].text);
    assert.equal(metrics.outputTokenCount, whole.usage.outputTokens);
  });

  it('CountTokens counts a Converse input like Converse usage does', async () => {
    const input = converseInput(NOVA, 'How many tokens is this sentence, roughly?');
    const counted = await client.send(new CountTokensCommand({
      modelId: NOVA,
      input: { converse: { messages: input.messages } },
    }));
    assert.equal(counted.$metadata.httpStatusCode, 200);
    const answered = await client.send(new ConverseCommand(input));
    assert.equal(counted.inputTokens, answered.usage.inputTokens);
    assert.equal(counted.inputTokens, 11); // 42 bytes
  });

  it('CountTokens counts an InvokeModel body like InvokeModel usage does', async () => {
    const body = encode(anthropicBody('Count the tokens in this body please'));
    const counted = await client.send(new CountTokensCommand({
      modelId: CLAUDE_ON_DEMAND,
      input: { invokeModel: { body } },
    }));
    const whole = JSON.parse(utf8.decode(
      (await client.send(new InvokeModelCommand({ modelId: CLAUDE_ON_DEMAND, body }))).body,
    ));
    assert.equal(counted.inputTokens, whole.usage.input_tokens);
  });

  it('CountTokens takes the base ID of a profile-only model', async () => {
    const counted = await client.send(new CountTokensCommand({
      modelId: 'anthropic.claude-sonnet-4-20250514-v1:0',
      input: { converse: { messages: converseInput(NOVA).messages } },
    }));
    assert.equal(counted.inputTokens, 3);
  });
});

// One mock URL, two protocols: the runtime client's default handler speaks HTTP/2 (prior
// knowledge on http://), the control-plane client HTTP/1.1, and the journal says which carried
// each request (issue #8). Every other file runs its cases through the same default handlers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

import { converseInput, startMock } from './support/mock.mjs';

describe('protocols on one mock URL', () => {
  let mock;
  before(async () => {
    mock = await startMock();
  });
  after(() => mock?.stop());

  it('the runtime client arrives over HTTP/2 and the control plane over HTTP/1.1', async () => {
    const modelId = 'us.anthropic.claude-3-5-sonnet-20241022-v2:0';
    const runtime = mock.runtimeClient({ region: 'us-east-1' });
    const control = mock.controlClient({ region: 'us-east-1' });
    await runtime.send(new ConverseCommand(converseInput(modelId)));
    const stream = await runtime.send(new ConverseStreamCommand(converseInput(modelId)));
    for await (const _event of stream.stream) {
      // drain: the events come as HTTP/2 DATA frames
    }
    await control.send(new ListFoundationModelsCommand({}));
    const protocols = (await mock.requests()).map((entry) => [entry.operation, entry.protocol]);
    assert.deepEqual(protocols, [
      ['Converse', 'HTTP/2'],
      ['ConverseStream', 'HTTP/2'],
      ['ListFoundationModels', 'HTTP/1.1'],
    ]);
  });
});

// `--auth verify`: the signatures the official SDKs compute are accepted (including model IDs
// with ':' and ARNs with '/', which the SDKs escape in the path), and a wrong secret is caught.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
} from '@aws-sdk/client-bedrock-runtime';
import {
  GetInferenceProfileCommand,
  ListInferenceProfilesCommand,
} from '@aws-sdk/client-bedrock';

import {
  ACCESS_KEY_ID,
  SECRET_ACCESS_KEY,
  converseInput,
  rejectionOf,
  startMock,
  writeCredentialsFile,
} from './support/mock.mjs';

const NOVA = 'amazon.nova-lite-v1:0';
const INVALID_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your ' +
  'AWS Secret Access Key and signing method. Consult the service documentation for details.';

describe('--auth verify', () => {
  let mock;
  before(async () => {
    mock = await startMock({
      args: ['--auth', 'verify'],
      prepare: async (dir) => ['--credentials', await writeCredentialsFile(dir)],
    });
  });
  after(() => mock?.stop());

  async function entryOf(requestId) {
    return (await mock.requests()).find((entry) => entry.requestId === requestId);
  }

  it('accepts Converse with a model ID containing ":"', async () => {
    const client = mock.runtimeClient();
    const answer = await client.send(new ConverseCommand(converseInput(NOVA)));
    assert.equal(answer.$metadata.httpStatusCode, 200);
    const entry = await entryOf(answer.$metadata.requestId);
    assert.equal(entry.target, '/model/amazon.nova-lite-v1%3A0/converse');
    assert.equal(entry.answeredBy, 'simulate');
  });

  it('accepts a foundation-model ARN ("/" sent as %2F)', async () => {
    const client = mock.runtimeClient();
    const arn = `arn:aws:bedrock:us-east-1::foundation-model/${NOVA}`;
    const answer = await client.send(new ConverseCommand(converseInput(arn)));
    assert.equal(answer.$metadata.httpStatusCode, 200);
    const entry = await entryOf(answer.$metadata.requestId);
    assert.ok(entry.target.includes('%2F'), entry.target);
    assert.equal(entry.modelId, arn);
  });

  it('passes an application-profile ARN to the simulator (invalid model, not an auth error)', async () => {
    const client = mock.runtimeClient();
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';
    const error = await rejectionOf(client.send(new ConverseCommand(converseInput(arn))));
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.equal(error.message, 'The provided model identifier is invalid.');
    assert.equal((await entryOf(error.$metadata.requestId)).answeredBy, 'simulate');
  });

  it('accepts a signed event stream, InvokeModel and CountTokens', async () => {
    const client = mock.runtimeClient();
    const response = await client.send(new ConverseStreamCommand(converseInput(NOVA)));
    const types = [];
    for await (const event of response.stream) types.push(Object.keys(event)[0]);
    assert.equal(types.at(-1), 'metadata');
    const invoked = await client.send(new InvokeModelCommand({
      modelId: 'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
      body: JSON.stringify({
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 20,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    }));
    assert.equal(invoked.$metadata.httpStatusCode, 200);
    const counted = await client.send(new CountTokensCommand({
      modelId: NOVA, input: { converse: { messages: converseInput(NOVA).messages } },
    }));
    assert.equal(counted.inputTokens, 3);
  });

  it('accepts the control-plane client (GET with a query string, ARN in the path)', async () => {
    const client = mock.controlClient({ region: 'us-east-2' });
    const page = await client.send(new ListInferenceProfilesCommand({ maxResults: 2 }));
    assert.equal(page.inferenceProfileSummaries.length, 2);
    const next = await client.send(
      new ListInferenceProfilesCommand({ maxResults: 2, nextToken: page.nextToken }),
    );
    assert.equal(next.inferenceProfileSummaries.length, 2);
    const profile = await client.send(new GetInferenceProfileCommand({
      inferenceProfileIdentifier: page.inferenceProfileSummaries[0].inferenceProfileArn,
    }));
    assert.equal(profile.inferenceProfileId, page.inferenceProfileSummaries[0].inferenceProfileId);
  });

  it('rejects a wrong secret with InvalidSignatureException (403)', async () => {
    const client = mock.runtimeClient({
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: `${SECRET_ACCESS_KEY}x` },
    });
    const error = await rejectionOf(client.send(new ConverseCommand(converseInput(NOVA))));
    assert.equal(error.name, 'InvalidSignatureException');
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(error.message, INVALID_SIGNATURE);
    assert.equal(error.$metadata.attempts, 1);
    const entry = await entryOf(error.$metadata.requestId);
    assert.equal(entry.status, 403);
    assert.equal(entry.errorType, 'InvalidSignatureException');
    assert.equal(entry.answeredBy, 'auth');
  });

  it('rejects a wrong secret on the control plane too', async () => {
    const client = mock.controlClient({
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'not-the-secret' },
    });
    const error = await rejectionOf(client.send(new ListInferenceProfilesCommand({})));
    assert.equal(error.name, 'InvalidSignatureException');
    assert.equal(error.$metadata.httpStatusCode, 403);
  });

  it('rejects an unknown access key with UnrecognizedClientException (403)', async () => {
    const client = mock.runtimeClient({
      credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: SECRET_ACCESS_KEY },
    });
    const error = await rejectionOf(client.send(new ConverseCommand(converseInput(NOVA))));
    assert.equal(error.name, 'UnrecognizedClientException');
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(error.message, 'The security token included in the request is invalid.');
  });
});

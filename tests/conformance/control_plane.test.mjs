// The control plane through @aws-sdk/client-bedrock, on the same mock URL as the runtime: the
// lists come from the bundled catalog (fixtures/catalog/catalog.json) and agree with what the
// runtime accepts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  GetFoundationModelCommand,
  GetInferenceProfileCommand,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  paginateListInferenceProfiles,
} from '@aws-sdk/client-bedrock';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';

import { REPO_DIR, converseInput, rejectionOf, startMock } from './support/mock.mjs';

const withoutMetadata = ({ $metadata, ...rest }) => rest;

describe('control plane (@aws-sdk/client-bedrock)', () => {
  let mock;
  let catalog;
  before(async () => {
    mock = await startMock();
    catalog = JSON.parse(await readFile(join(REPO_DIR, 'fixtures/catalog/catalog.json'), 'utf8'));
  });
  after(() => mock?.stop());

  const offeredIn = (region) => catalog.models.filter((model) => region in model.inferenceTypes);

  it('ListFoundationModels lists the Region\'s catalog models with their inference types', async () => {
    const client = mock.controlClient({ region: 'us-east-1' });
    const answer = await client.send(new ListFoundationModelsCommand({}));
    assert.equal(answer.$metadata.httpStatusCode, 200);
    const expected = offeredIn('us-east-1');
    assert.deepEqual(answer.modelSummaries.map((m) => m.modelId), expected.map((m) => m.modelId));
    for (const [index, summary] of answer.modelSummaries.entries()) {
      const model = expected[index];
      assert.equal(summary.modelArn, `arn:aws:bedrock:us-east-1::foundation-model/${model.modelId}`);
      assert.equal(summary.modelName, model.modelName);
      assert.equal(summary.providerName, model.providerName);
      assert.deepEqual(summary.inferenceTypesSupported, model.inferenceTypes['us-east-1']);
      assert.deepEqual(summary.inputModalities, model.inputModalities);
      assert.deepEqual(summary.outputModalities, model.outputModalities);
      assert.equal(summary.responseStreamingSupported, model.responseStreamingSupported ?? true);
      assert.equal(summary.modelLifecycle.status, model.lifecycle ?? 'ACTIVE');
    }
  });

  it('ListFoundationModels applies byProvider, byInferenceType and byOutputModality', async () => {
    const client = mock.controlClient({ region: 'us-east-1' });
    const anthropic = await client.send(new ListFoundationModelsCommand({ byProvider: 'anthropic' }));
    assert.deepEqual(
      anthropic.modelSummaries.map((m) => m.modelId),
      offeredIn('us-east-1').filter((m) => m.providerName === 'Anthropic').map((m) => m.modelId),
    );
    const onDemand = await client.send(new ListFoundationModelsCommand({
      byProvider: 'Amazon', byInferenceType: 'ON_DEMAND',
    }));
    assert.ok(onDemand.modelSummaries.length > 0);
    assert.ok(onDemand.modelSummaries.length < offeredIn('us-east-1')
      .filter((m) => m.providerName === 'Amazon').length, 'Nova Premier is profile-only');
    for (const summary of onDemand.modelSummaries) {
      assert.equal(summary.providerName, 'Amazon');
      assert.ok(summary.inferenceTypesSupported.includes('ON_DEMAND'));
    }
    const embedding = await client.send(
      new ListFoundationModelsCommand({ byOutputModality: 'EMBEDDING' }),
    );
    assert.deepEqual(embedding.modelSummaries.map((m) => m.modelId), ['amazon.titan-embed-text-v2:0']);
  });

  it('ListFoundationModels rejects a value outside the enum with Coral\'s text', async () => {
    const client = mock.controlClient({ region: 'us-east-1' });
    const error = await rejectionOf(
      client.send(new ListFoundationModelsCommand({ byOutputModality: 'AUDIO' })),
    );
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.equal(error.message,
      "1 validation error detected: Value at 'byOutputModality' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]');
  });

  it('GetFoundationModel answers details, and 404 for a model the Region lacks', async () => {
    const client = mock.controlClient({ region: 'us-east-2' });
    const { modelDetails } = await client.send(
      new GetFoundationModelCommand({ modelIdentifier: 'amazon.nova-lite-v1:0' }),
    );
    assert.equal(modelDetails.modelArn,
      'arn:aws:bedrock:us-east-2::foundation-model/amazon.nova-lite-v1:0');
    assert.deepEqual(modelDetails.inferenceTypesSupported, ['INFERENCE_PROFILE']);
    const error = await rejectionOf(client.send(
      new GetFoundationModelCommand({ modelIdentifier: 'amazon.titan-text-lite-v1' }),
    ));
    assert.equal(error.name, 'ResourceNotFoundException');
    assert.equal(error.$metadata.httpStatusCode, 404);
    assert.equal(error.message,
      'Could not resolve the foundation model from the provided model identifier.');
  });

  it('ListInferenceProfiles paginated with maxResults=1 equals the unpaginated list', async () => {
    const client = mock.controlClient({ region: 'us-east-2' });
    const whole = await client.send(new ListInferenceProfilesCommand({}));
    assert.equal(whole.nextToken, undefined);
    assert.ok(whole.inferenceProfileSummaries.length >= 10);

    const pages = [];
    for await (const page of paginateListInferenceProfiles({ client }, { maxResults: 1 })) {
      assert.ok(page.inferenceProfileSummaries.length <= 1);
      pages.push(page);
    }
    const paged = pages.flatMap((page) => page.inferenceProfileSummaries);
    assert.equal(pages.length, whole.inferenceProfileSummaries.length);
    assert.equal(pages.at(-1).nextToken, undefined);
    assert.deepEqual(paged, whole.inferenceProfileSummaries);
    assert.equal(new Set(paged.map((p) => p.inferenceProfileId)).size, paged.length);

    const journal = await mock.requests();
    const listCalls = journal.filter((entry) => entry.target.startsWith('/inference-profiles'));
    assert.ok(listCalls.some((entry) => entry.target.includes('nextToken=')));
  });

  it('ListInferenceProfiles filters by type and rejects a foreign nextToken', async () => {
    const east2 = mock.controlClient({ region: 'us-east-2' });
    const application = await east2.send(
      new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }),
    );
    assert.deepEqual(application.inferenceProfileSummaries, []);
    const system = await east2.send(
      new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED', maxResults: 2 }),
    );
    assert.equal(system.inferenceProfileSummaries.length, 2);
    for (const summary of system.inferenceProfileSummaries) {
      assert.equal(summary.type, 'SYSTEM_DEFINED');
      assert.equal(summary.status, 'ACTIVE');
    }
    // A token is bound to its Region.
    const west = mock.controlClient({ region: 'eu-west-1' });
    const error = await rejectionOf(
      west.send(new ListInferenceProfilesCommand({ nextToken: system.nextToken })),
    );
    assert.equal(error.name, 'ValidationException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.equal(error.message, 'The provided nextToken is not valid.');
  });

  it('GetInferenceProfile by ID and by ARN equals the listed summary', async () => {
    const client = mock.controlClient({ region: 'us-east-2' });
    const { inferenceProfileSummaries } = await client.send(new ListInferenceProfilesCommand({}));
    const listed = inferenceProfileSummaries.find(
      (p) => p.inferenceProfileId === 'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
    );
    assert.ok(listed);
    assert.equal(listed.inferenceProfileArn,
      `arn:aws:bedrock:us-east-2:${catalog.account}:inference-profile/${listed.inferenceProfileId}`);
    assert.deepEqual(listed.models.map((m) => m.modelArn).sort(), [
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0',
      'arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0',
      'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0',
    ]);
    assert.ok(listed.createdAt instanceof Date);

    const byId = await client.send(
      new GetInferenceProfileCommand({ inferenceProfileIdentifier: listed.inferenceProfileId }),
    );
    assert.deepEqual(withoutMetadata(byId), listed);
    const byArn = await client.send(
      new GetInferenceProfileCommand({ inferenceProfileIdentifier: listed.inferenceProfileArn }),
    );
    assert.deepEqual(withoutMetadata(byArn), listed);

    const error = await rejectionOf(client.send(new GetInferenceProfileCommand({
      inferenceProfileIdentifier: 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
    })));
    assert.equal(error.name, 'ResourceNotFoundException');
    assert.equal(error.$metadata.httpStatusCode, 404);
    assert.equal(error.message,
      'Inference profile eu.anthropic.claude-3-7-sonnet-20250219-v1:0 not found.');
  });

  it('every listed profile and on-demand text model answers Converse in that Region', async () => {
    const region = 'us-east-2';
    const control = mock.controlClient({ region });
    const runtime = mock.runtimeClient({ region });
    const { inferenceProfileSummaries } = await control.send(new ListInferenceProfilesCommand({}));
    const { modelSummaries } = await control.send(
      new ListFoundationModelsCommand({ byInferenceType: 'ON_DEMAND', byOutputModality: 'TEXT' }),
    );
    const ids = [
      ...inferenceProfileSummaries.map((p) => p.inferenceProfileId),
      ...modelSummaries.map((m) => m.modelId),
    ];
    assert.ok(ids.length > 10);
    for (const modelId of ids) {
      const answer = await runtime.send(new ConverseCommand(converseInput(modelId)));
      assert.equal(answer.$metadata.httpStatusCode, 200, modelId);
    }
    // ...and a profile-only model by its base ID does not.
    const error = await rejectionOf(runtime.send(
      new ConverseCommand(converseInput('anthropic.claude-3-7-sonnet-20250219-v1:0')),
    ));
    assert.equal(error.name, 'ValidationException');
  });
});

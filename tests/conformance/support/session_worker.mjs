// One test worker of sessions.test.mjs, run as its own process, as a pytest-xdist or jest worker
// would be. It is configured the way users configure an SDK, through the environment only:
// AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://HOST:PORT/__session/ID names its session, and the stock
// BedrockRuntimeClient (default HTTP/2 handler, standard retries) is built with no options.
// It creates its session with its own rules, runs its calls, checks that its journal holds
// exactly its own requests, drops the session, and prints one JSON line with what it saw.
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';

const worker = Number(process.env.WORKER);
const id = process.env.SESSION_ID;
const admin = process.env.ADMIN_URL;  // http://HOST:PORT
const throttles = 1 + (worker % 2);   // this worker's nth-call scenario: calls 1..K throttled
const streamFails = worker % 4 === 0;

const rules = [
  { name: `throttle ${id}`, match: { operation: 'Converse', calls: { from: 1, to: throttles } },
    respond: { error: 'ThrottlingException' } },
  { name: `deny ${id}`, match: { modelId: 'amazon.nova-pro-v1:0' },
    respond: { error: 'AccessDeniedException', message: `denied for ${id}` } },
];
if (streamFails) {
  rules.push({ match: { operation: 'ConverseStream' },
               respond: { error: 'modelStreamErrorException', streamExceptionAfter: 2 } });
}

async function call(method, path, body) {
  const response = await fetch(`${admin}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

const input = (modelId) => ({
  modelId, messages: [{ role: 'user', content: [{ text: `Hello from ${id}` }] }],
});

const seen = { worker, id, throttles, streamFails };
try {
  await call('PUT', `/__admin/sessions/${id}`, { rules: { name: id, rules } });
  const client = new BedrockRuntimeClient({});

  const first = await client.send(new ConverseCommand(input('amazon.nova-lite-v1:0')));
  seen.firstAttempts = first.$metadata.attempts;
  const more = await Promise.all([1, 2, 3].map(() =>
    client.send(new ConverseCommand(input('amazon.nova-lite-v1:0')))));
  seen.moreStatuses = more.map((answer) => answer.$metadata.httpStatusCode);

  const stream = await client.send(new ConverseStreamCommand(input('amazon.nova-lite-v1:0')));
  seen.streamEvents = [];
  try {
    for await (const event of stream.stream) seen.streamEvents.push(Object.keys(event)[0]);
    seen.streamError = null;
  } catch (error) {
    seen.streamError = error.name;
  }

  try {
    await client.send(new ConverseCommand(input('amazon.nova-pro-v1:0')));
    seen.denied = null;
  } catch (error) {
    seen.denied = `${error.name}: ${error.message}`;
  }

  const { requests } = await call('GET', `/__session/${id}/__admin/requests`);
  seen.journal = requests.map((entry) => ({
    target: entry.target, operation: entry.operation, status: entry.status,
    errorType: entry.errorType, protocol: entry.protocol,
  }));
  seen.dropped = (await call('DELETE', `/__admin/sessions/${id}`)).deleted;
} catch (error) {
  seen.failure = String(error?.stack ?? error);
}
process.stdout.write(`${JSON.stringify(seen)}\n`);

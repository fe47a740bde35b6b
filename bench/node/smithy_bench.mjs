// Reference figures for bench/run.sh: @smithy/signature-v4 and @smithy/eventstream-codec on the
// SAME request and frames as bench/sigv4_bench.cpp and bench/event_stream_bench.cpp (keep them in
// step). sha256 is @smithy/hash-node (node's OpenSSL), what the AWS SDK for JavaScript uses on
// node. "verify" is what a server built on @smithy/signature-v4 does: re-sign the received
// request at its X-Amz-Date over the headers it lists, compare in constant time.
// Prints one JSON object: {sign_per_s, verify_per_s, signature, encode/decode MB/s per frame}.
import { timingSafeEqual } from "node:crypto";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";

const minSeconds = Number(process.env.BENCH_MIN_SECONDS ?? "2");
const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "FwoGZXIvYXdzEXAMPLESESSIONTOKENxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
};
const signingDate = new Date(Date.UTC(2025, 0, 30, 20, 38, 0));
const body =
  '{"messages":[{"role":"user","content":[{"text":"' + "x".repeat(900) +
  '"}]}],"system":[{"text":"You are a helpful assistant."}],' +
  '"inferenceConfig":{"maxTokens":512,"temperature":0.5,"topP":0.9}}';
const unsignedRequest = () => ({
  method: "POST",
  protocol: "https:",
  hostname: "bedrock-runtime.us-east-1.amazonaws.com",
  path: "/model/us.anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse",
  query: {},
  headers: {
    host: "bedrock-runtime.us-east-1.amazonaws.com",
    "accept-encoding": "identity",
    "content-type": "application/json",
    "user-agent": "Boto3/1.40.0 md/Botocore#1.40.0 ua/2.1 os/linux lang/python#3.12.3",
    "amz-sdk-invocation-id": "8e2b0a57-1f6d-4f1a-9b3c-2f7d4a1c0e11",
    "amz-sdk-request": "attempt=1; max=4",
    "content-length": "1024",
  },
  body,
});
const signer = new SignatureV4({
  credentials, region: "us-east-1", service: "bedrock", sha256: Hash.bind(null, "sha256"),
  applyChecksum: false,  // the C++ bench does not add x-amz-content-sha256 either (sign_body off)
});

async function rate(fn) {  // operations per second over >= minSeconds, after a warm-up
  for (let i = 0; i < 2000; ++i) await fn();
  // CPU time of this process, as Google Benchmark's items/s uses: on a shared machine wall time
  // would charge the other processes' load to @smithy and flatter the ratios.
  let ops = 0;
  const start = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < minSeconds) {
    for (let i = 0; i < 1000; ++i) await fn();
    ops += 1000;
    const used = process.cpuUsage(start);
    elapsed = (used.user + used.system) / 1e6;
  }
  return ops / elapsed;
}

function rateSync(fn) {  // the same for synchronous calls (no await tick per call)
  for (let i = 0; i < 2000; ++i) fn();
  // CPU time of this process, as Google Benchmark's items/s uses: on a shared machine wall time
  // would charge the other processes' load to @smithy and flatter the ratios.
  let ops = 0;
  const start = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < minSeconds) {
    for (let i = 0; i < 1000; ++i) fn();
    ops += 1000;
    const used = process.cpuUsage(start);
    elapsed = (used.user + used.system) / 1e6;
  }
  return ops / elapsed;
}

const signed = await signer.sign(unsignedRequest(), { signingDate });
const authorization = signed.headers.authorization;
const signature = /Signature=([0-9a-f]{64})/.exec(authorization)[1];
const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)[1].split(";");

async function verify(received) {
  const m = /Signature=([0-9a-f]{64})/.exec(received.headers.authorization);
  const listed = new Set(/SignedHeaders=([^,]+)/.exec(received.headers.authorization)[1].split(";"));
  const d = received.headers["x-amz-date"];
  const date = new Date(Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8),
                                 +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15)));
  const headers = {};
  for (const [name, value] of Object.entries(received.headers)) {
    if (listed.has(name) && name !== "x-amz-date" && name !== "x-amz-security-token") headers[name] = value;
  }
  const again = await signer.sign({ ...received, headers }, { signingDate: date, signableHeaders: listed });
  const expected = /Signature=([0-9a-f]{64})/.exec(again.headers.authorization)[1];
  return timingSafeEqual(Buffer.from(expected), Buffer.from(m[1]));
}
if (!(await verify(signed))) throw new Error("verify refused the signed request");

const out = { signature, signed_headers: signedNames.join(";") };
out.sign_per_s = await rate(() => signer.sign(unsignedRequest(), { signingDate }));
out.verify_per_s = await rate(() => verify(signed));

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const event = (type, payload) => ({
  headers: {
    ":event-type": { type: "string", value: type },
    ":content-type": { type: "string", value: "application/json" },
    ":message-type": { type: "string", value: "event" },
  },
  body: fromUtf8(payload),
});
const frames = {
  content_block_delta: event("contentBlockDelta",
    '{"contentBlockIndex":0,"delta":{"text":" capital of France is Paris."},' +
    '"p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJK"}'),
  payload_64KiB: event("chunk", "x".repeat(64 * 1024)),
};
for (const [name, message] of Object.entries(frames)) {
  const frame = codec.encode(message);
  out[`frame_${name}_bytes`] = frame.length;
  out[`frame_${name}_crc`] = Buffer.from(frame.subarray(frame.length - 4)).toString("hex");
  out[`encode_${name}_MBps`] = rateSync(() => codec.encode(message)) * frame.length / 1e6;
  out[`decode_${name}_MBps`] = rateSync(() => codec.decode(frame)) * frame.length / 1e6;
}
console.log(JSON.stringify(out));

// Signs one request now (for bench/auth_cost.sh): wrk then sends the same bytes repeatedly,
// all inside the mock's ±5 minute window. Args: credentials-file-free inputs as JSON on argv[2]:
// {path, body, host, accessKeyId, secretAccessKey}; prints the signed headers as JSON.
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";

const input = JSON.parse(process.argv[2]);
const signer = new SignatureV4({
  credentials: { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey },
  region: "us-east-1", service: "bedrock", sha256: Hash.bind(null, "sha256"), applyChecksum: false,
});
const signed = await signer.sign({
  method: "POST", protocol: "http:", hostname: input.host, path: input.path, query: {},
  headers: { host: input.host, "content-type": "application/json" }, body: input.body,
});
console.log(JSON.stringify(signed.headers));

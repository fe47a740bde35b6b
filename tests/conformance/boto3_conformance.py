#!/usr/bin/env python3
"""The core conformance cases through boto3/botocore, against a bedrock-mock started here.

Run: python3 tests/conformance/boto3_conformance.py
Env: BEDROCK_MOCK_BIN (default <repo>/build/mockserver/bedrock-mock).
When boto3 is not importable every case is reported as skipped and the exit status is 0.
The last line is always `boto3: N passed, M failed, K skipped`; the exit status is non-zero
when a case failed.
"""
import base64
import json
import re
import os
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
MOCK_BIN = Path(os.environ.get("BEDROCK_MOCK_BIN", REPO_DIR / "build" / "mockserver" / "bedrock-mock"))

ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
NOVA = "amazon.nova-lite-v1:0"
SEED_BASE_ID = "anthropic.claude-3-5-sonnet-20241022-v2:0"
SEED_PROFILE_ID = "us." + SEED_BASE_ID
ON_DEMAND_TEXT = (
    "Invocation of model ID {} with on-demand throughput isn\u2019t supported. Retry your request "
    "with the ID or ARN of an inference profile that contains this model."
)
INVALID_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details."
)

# botocore reads ~/.aws and AWS_* variables; the cases must not depend on the machine's setup.
for name in [n for n in os.environ if n.startswith("AWS_")]:
    del os.environ[name]
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull

try:
    import boto3
    import botocore
    from botocore.config import Config
    from botocore.eventstream import ChecksumMismatch
    from botocore.exceptions import ClientError, EventStreamError
    from urllib3.exceptions import ProtocolError, ReadTimeoutError
    IMPORT_ERROR = None
except ImportError as error:  # a fresh Debian has no boto3
    IMPORT_ERROR = error


class Mock:
    """bedrock-mock on a free port, in its own temp folder."""

    def __init__(self, *args, auth_verify=False):
        self.dir = tempfile.TemporaryDirectory(prefix="bedrock-conformance-py-")
        port_file = Path(self.dir.name) / "port"
        extra = []
        if auth_verify:
            credentials = Path(self.dir.name) / "credentials"
            credentials.write_text(
                f"[default]\naws_access_key_id = {ACCESS_KEY_ID}\n"
                f"aws_secret_access_key = {SECRET_ACCESS_KEY}\n")
            extra = ["--auth", "verify", "--credentials", str(credentials)]
        self.process = subprocess.Popen(
            [str(MOCK_BIN), "--port", "0", "--port-file", str(port_file), *args, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while True:  # poll for the port file; the mock writes it atomically once listening
            if self.process.poll() is not None:
                output = self.process.stdout.read().decode(errors="replace")
                self.dir.cleanup()
                raise RuntimeError(f"bedrock-mock exited ({self.process.returncode}): {output}")
            text = port_file.read_text().strip() if port_file.exists() else ""
            if text.isdigit():
                self.url = f"http://127.0.0.1:{text}"
                return
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("bedrock-mock did not write its port file in time")
            time.sleep(0.02)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def requests(self, **query):
        suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
        with urllib.request.urlopen(f"{self.url}/__admin/requests{suffix}") as response:
            return json.load(response)["requests"]

    def admin(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/__admin/{path}", data=data, method=method,
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request) as response:
            return json.load(response)

    def use_rules(self, document):
        self.admin("DELETE", "rules")
        self.admin("POST", "reset")
        self.admin("POST", "rules", document)

    def client(self, service="bedrock-runtime", region="us-east-1", secret=SECRET_ACCESS_KEY,
               max_attempts=None, read_timeout=None):
        retries = {"mode": "standard"}
        if max_attempts is not None:
            retries["max_attempts"] = max_attempts
        extra = {} if read_timeout is None else {"read_timeout": read_timeout}
        return boto3.client(
            service, region_name=region, endpoint_url=self.url,
            aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key=secret,
            config=Config(retries=retries, **extra))


def converse_input(model_id, text="What is 2+2?"):
    return {
        "modelId": model_id,
        "messages": [{"role": "user", "content": [{"text": text}]}],
        "inferenceConfig": {"maxTokens": 64},
    }


def expect_error(call, code, status, message=None):
    try:
        call()
    except ClientError as error:
        assert error.response["Error"]["Code"] == code, error.response["Error"]
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == status
        if message is not None:
            assert error.response["Error"]["Message"] == message, error.response["Error"]["Message"]
        return error
    raise AssertionError(f"expected {code}, the call succeeded")


def entry_of(mock, request_id):
    for entry in mock.requests():
        if entry["requestId"] == request_id:
            return entry
    raise AssertionError(f"request {request_id} is not in the journal")


# ---- cases (each takes the shared simulation mock) ----------------------------------------------

def case_converse(mock):
    answer = mock.client().converse(**converse_input(NOVA))
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    text = answer["output"]["message"]["content"][0]["text"]
    assert answer["output"]["message"]["role"] == "assistant"
    assert answer["stopReason"] == "end_turn"
    usage = answer["usage"]
    assert usage["outputTokens"] == len(text.split()), (usage, text)
    assert usage["inputTokens"] == 3
    assert usage["totalTokens"] == usage["inputTokens"] + usage["outputTokens"]
    assert answer["metrics"]["latencyMs"] >= 200
    entry = entry_of(mock, answer["ResponseMetadata"]["RequestId"])
    assert entry["operation"] == "Converse" and entry["modelId"] == NOVA


def case_converse_stream(mock):
    client = mock.client()
    request = converse_input(NOVA, "Describe the sea.")
    events = list(client.converse_stream(**request)["stream"])
    types = [next(iter(event)) for event in events]
    deltas = [e["contentBlockDelta"] for e in events if "contentBlockDelta" in e]
    assert types == ["messageStart"] + ["contentBlockDelta"] * len(deltas) + [
        "contentBlockStop", "messageStop", "metadata"], types
    assert events[0]["messageStart"] == {"role": "assistant"}
    assert events[-2]["messageStop"] == {"stopReason": "end_turn"}
    whole = client.converse(**request)
    assert "".join(d["delta"]["text"] for d in deltas) == whole["output"]["message"]["content"][0]["text"]
    assert events[-1]["metadata"]["usage"] == whole["usage"]


def case_invoke_model(mock):
    body = json.dumps({
        "anthropic_version": "bedrock-2023-05-31", "max_tokens": 100,
        "messages": [{"role": "user", "content": "Hello there"}],
    })
    answer = mock.client().invoke_model(modelId="anthropic.claude-3-haiku-20240307-v1:0", body=body)
    assert answer["contentType"] == "application/json"
    headers = answer["ResponseMetadata"]["HTTPHeaders"]
    message = json.loads(answer["body"].read())
    assert list(message) == ["id", "type", "role", "model", "content", "stop_reason",
                             "stop_sequence", "usage"], list(message)
    assert message["model"] == "claude-3-haiku-20240307"
    assert message["stop_reason"] == "end_turn"
    assert int(headers["x-amzn-bedrock-output-token-count"]) == message["usage"]["output_tokens"]
    assert int(headers["x-amzn-bedrock-input-token-count"]) == message["usage"]["input_tokens"]


def case_invoke_model_with_response_stream(mock):
    body = json.dumps({"messages": [{"role": "user", "content": [{"text": "Stream to me"}]}]})
    client = mock.client()
    chunks = [json.loads(event["chunk"]["bytes"])
              for event in client.invoke_model_with_response_stream(modelId=NOVA, body=body)["body"]]
    metrics = chunks[-1]["amazon-bedrock-invocationMetrics"]
    whole = json.loads(client.invoke_model(modelId=NOVA, body=body)["body"].read())
    text = "".join(c["contentBlockDelta"]["delta"]["text"] for c in chunks if "contentBlockDelta" in c)
    assert text == whole["output"]["message"]["content"][0]["text"]
    assert metrics["outputTokenCount"] == whole["usage"]["outputTokens"]


def case_count_tokens(mock):
    client = mock.client()
    if not hasattr(client, "count_tokens"):
        raise SkipCase(f"botocore {botocore.__version__} has no CountTokens")
    request = converse_input(NOVA, "How many tokens is this sentence, roughly?")
    counted = client.count_tokens(modelId=NOVA, input={"converse": {"messages": request["messages"]}})
    assert counted["inputTokens"] == client.converse(**request)["usage"]["inputTokens"] == 11
    body = json.dumps({"messages": request["messages"]}).encode()
    counted = client.count_tokens(modelId=NOVA, input={"invokeModel": {"body": body}})
    assert counted["inputTokens"] == json.loads(
        client.invoke_model(modelId=NOVA, body=body)["body"].read())["usage"]["inputTokens"]


def case_seed_error_and_fix(mock):
    client = mock.client(region="us-east-2")
    error = expect_error(lambda: client.converse(**converse_input(SEED_BASE_ID)),
                         "ValidationException", 400, ON_DEMAND_TEXT.format(SEED_BASE_ID))
    metadata = error.response["ResponseMetadata"]
    assert metadata["RetryAttempts"] == 0
    entry = entry_of(mock, metadata["RequestId"])
    assert (entry["status"], entry["errorType"], entry["region"]) == (400, "ValidationException", "us-east-2")
    answer = client.converse(**converse_input(SEED_PROFILE_ID))
    assert answer["stopReason"] == "end_turn"


def case_mid_stream_error(_):
    with Mock("--scenario", "mid-stream-model-error") as mock:
        stream = mock.client(max_attempts=1).converse_stream(**converse_input(NOVA))["stream"]
        seen = []
        try:
            for event in stream:
                seen.append(next(iter(event)))
        except EventStreamError as error:
            assert error.response["Error"]["Code"] == "modelStreamErrorException", error.response
            assert error.response["Error"]["Message"].startswith("Model produced invalid sequence")
        else:
            raise AssertionError(f"no exception after {seen}")
        assert seen == ["messageStart", "contentBlockDelta", "contentBlockDelta"], seen


def case_throttled_then_ok_is_retried(_):
    with Mock("--scenario", "throttled-then-ok") as mock:
        answer = mock.client().converse(**converse_input(NOVA))
        assert answer["ResponseMetadata"]["RetryAttempts"] == 2
        journal = [(e["status"], e["errorType"]) for e in mock.requests(operation="Converse")]
        assert journal == [(429, "ThrottlingException")] * 2 + [(200, "")], journal


def case_validation_is_not_retried(_):
    with Mock() as mock:
        client = mock.client(region="us-east-2")
        expect_error(lambda: client.converse(**converse_input(SEED_BASE_ID)), "ValidationException", 400)
        assert len(mock.requests()) == 1


def case_auth_verify(_):
    with Mock(auth_verify=True) as mock:
        client = mock.client()
        assert client.converse(**converse_input(NOVA))["stopReason"] == "end_turn"
        arn = f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA}"
        answer = client.converse(**converse_input(arn))
        entry = entry_of(mock, answer["ResponseMetadata"]["RequestId"])
        assert "%2F" in entry["target"] and entry["modelId"] == arn, entry
        events = list(client.converse_stream(**converse_input(NOVA))["stream"])
        assert "metadata" in events[-1]
        profiles = mock.client("bedrock", region="us-east-2").list_inference_profiles(maxResults=2)
        assert len(profiles["inferenceProfileSummaries"]) == 2
        wrong = mock.client(secret=SECRET_ACCESS_KEY + "x")
        expect_error(lambda: wrong.converse(**converse_input(NOVA)),
                     "InvalidSignatureException", 403, INVALID_SIGNATURE)


def session_worker(args):
    """One worker process of case_sessions_in_parallel_processes: configured through the
    environment only, as a pytest-xdist worker would be."""
    base_url, worker = args
    session = f"py-worker-{worker}"
    throttles = 1 + worker % 2
    rules = [{"match": {"operation": "Converse", "calls": {"from": 1, "to": throttles}},
              "respond": {"error": "ThrottlingException"}},
             {"match": {"modelId": "amazon.nova-pro-v1:0"},
              "respond": {"error": "AccessDeniedException", "message": f"denied for {session}"}}]
    admin = urllib.request.Request(f"{base_url}/__admin/sessions/{session}", method="PUT",
                                   data=json.dumps({"rules": rules}).encode(),
                                   headers={"Content-Type": "application/json"})
    urllib.request.urlopen(admin).close()
    os.environ.update({"AWS_ENDPOINT_URL_BEDROCK_RUNTIME": f"{base_url}/__session/{session}",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
                       "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY})
    client = boto3.client("bedrock-runtime", config=Config(retries={"mode": "standard"}))
    answer = client.converse(**converse_input(NOVA))
    try:
        client.converse(**converse_input("amazon.nova-pro-v1:0"))
        denied = None
    except ClientError as error:
        denied = error.response["Error"]["Message"]
    with urllib.request.urlopen(f"{base_url}/__session/{session}/__admin/requests") as response:
        journal = json.load(response)["requests"]
    urllib.request.urlopen(urllib.request.Request(
        f"{base_url}/__admin/sessions/{session}", method="DELETE")).close()
    return {"session": session, "throttles": throttles, "denied": denied,
            "retries": answer["ResponseMetadata"]["RetryAttempts"],
            "journal": [(e["target"], e["status"]) for e in journal]}


def case_sessions_in_parallel_processes(_):
    """16 processes share one mock (--auth verify), each in its own /__session/ID/ prefix with
    its own nth-call rule; none sees another's counts, rules or journal (issue #16)."""
    import multiprocessing
    with Mock(auth_verify=True) as mock:
        with multiprocessing.get_context("fork").Pool(16) as pool:
            results = pool.map(session_worker, [(mock.url, worker) for worker in range(16)])
        for seen in results:
            session, throttles = seen["session"], seen["throttles"]
            assert seen["retries"] == throttles, seen
            assert seen["denied"] == f"denied for {session}", seen
            statuses = [status for _, status in seen["journal"]]
            assert statuses == [429] * throttles + [200, 403], seen
            assert all(t.startswith(f"/__session/{session}/model/") for t, _ in seen["journal"]), seen
        assert mock.requests() == [], mock.requests()


# ---- stream faults and quotas (issue #17) ------------------------------------------------------

FULL_STREAM = ["messageStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"]
RESET_TEXT = "Connection broken: ConnectionResetError(104, 'Connection reset by peer')"
# name, respond, (exception class, text it contains) or None, distinct event types seen before.
STREAM_FAULTS = [
    ("cut mid-frame, then FIN", {"streamCutAfterBytes": 300},
     (lambda: ProtocolError, "Response ended prematurely"), ["messageStart"]),
    ("cut mid-frame, then RST", {"streamCutAfterBytes": 300, "streamEnd": "reset"},
     (lambda: ProtocolError, RESET_TEXT), ["messageStart"]),
    ("cut mid-frame, then the terminating chunk (no error)",
     {"streamCutAfterBytes": 300, "streamEnd": "complete"}, None, ["messageStart"]),
    ("cut after frame 2, then FIN", {"streamCutAfterFrames": 2},
     (lambda: ProtocolError, "Response ended prematurely"), ["messageStart", "contentBlockDelta"]),
    ("cut after frame 2, then RST", {"streamCutAfterFrames": 2, "streamEnd": "reset"},
     (lambda: ProtocolError, RESET_TEXT), ["messageStart", "contentBlockDelta"]),
    ("cut after frame 2, then the terminating chunk (no error)",
     {"streamCutAfterFrames": 2, "streamEnd": "complete"}, None, ["messageStart", "contentBlockDelta"]),
    ("prelude CRC of frame 2 damaged", {"corruptFrame": 2, "corrupt": "prelude-crc"},
     (lambda: ChecksumMismatch, "Checksum mismatch: expected 0x"), ["messageStart"]),
    ("message CRC of frame 2 damaged", {"corruptFrame": 2, "corrupt": "message-crc"},
     (lambda: ChecksumMismatch, "Checksum mismatch: expected 0x"), ["messageStart"]),
    ("frames split at every byte boundary", {"streamChunkBytes": 1}, None, FULL_STREAM),
    ("slow drip (5000 B/s)", {"dripBytesPerSecond": 5000}, None, FULL_STREAM),
    ("stalled after frame 2 (read_timeout 1 s)", {"streamCutAfterFrames": 2, "streamEnd": "stall"},
     (lambda: ReadTimeoutError, "Read timed out."), ["messageStart", "contentBlockDelta"]),
    ("a drip slower than read_timeout (0.5 B/s)", {"dripBytesPerSecond": 0.5},
     (lambda: ReadTimeoutError, "Read timed out."), []),
]


def distinct(types):
    return [t for i, t in enumerate(types) if i == 0 or types[i - 1] != t]


def stream_fault_case(name, respond, expected, types):
    """One case per fault, on the shared mock; its rules are removed afterwards."""
    def case(mock):
        client = mock.client(max_attempts=1, read_timeout=1)
        mock.use_rules([{"match": {"operation": "ConverseStream"}, "respond": respond}])
        seen, error = [], None
        try:
            for event in client.converse_stream(**converse_input(NOVA, "Describe the sea."))["stream"]:
                seen.append(next(iter(event)))
        except Exception as caught:  # which exception is the point: checked below
            error = caught
        finally:
            mock.admin("DELETE", "rules")
        assert distinct(seen) == types, distinct(seen)
        if expected is None:
            assert error is None, f"{type(error).__name__}: {error}"
        else:
            assert isinstance(error, expected[0]()), f"{type(error).__module__}.{type(error).__name__}: {error}"
            assert expected[1] in str(error), str(error)
    case.__name__ = "case_stream_fault_" + "_".join(re.findall(r"[A-Za-z0-9]+", name))
    return case


def case_quota_burst_then_clock(_):
    with Mock("--quota-clock", "manual") as mock:
        mock.use_rules({"quotas": [{"modelId": NOVA, "requestsPerMinute": 3}]})
        client = mock.client(max_attempts=1)
        for _ in range(3):
            client.converse(**converse_input(NOVA))
        error = expect_error(lambda: client.converse(**converse_input(NOVA)), "ThrottlingException",
                             429, "Too many requests, please wait before trying again.")
        headers = error.response["ResponseMetadata"]["HTTPHeaders"]
        assert headers["content-length"] == "65", headers
        assert headers["x-amzn-errortype"].startswith("ThrottlingException:"), headers
        entry = entry_of(mock, error.response["ResponseMetadata"]["RequestId"])
        assert entry["answeredBy"] == "quota" and entry["quota"]["requestsPerMinute"]["used"] == 3, entry
        mock.admin("POST", "clock", {"advanceSeconds": 60})
        assert client.converse(**converse_input(NOVA))["stopReason"] == "end_turn"


def case_quota_tokens_per_minute(_):
    with Mock("--quota-clock", "manual") as mock:
        mock.use_rules({"quotas": [{"modelId": NOVA, "tokensPerMinute": 1000}]})
        client = mock.client()  # standard mode: the throttle is retried, 3 attempts in all
        large = dict(converse_input(NOVA), inferenceConfig={"maxTokens": 4096})
        error = expect_error(lambda: client.converse(**large), "ThrottlingException", 429,
                             "Too many tokens, please wait before trying again.")
        assert error.response["ResponseMetadata"]["RetryAttempts"] == 2
        assert client.converse(**converse_input(NOVA))["stopReason"] == "end_turn"
        mock.use_rules({"quotas": [{"modelId": NOVA, "tokensPerMinute": 0}]})
        # A quota of 0: InvokeModel declares ServiceQuotaExceededException (not retried) ...
        body = json.dumps({"messages": [{"role": "user", "content": [{"text": "hi"}]}]})
        error = expect_error(lambda: client.invoke_model(modelId=NOVA, body=body),
                             "ServiceQuotaExceededException", 400)
        assert error.response["ResponseMetadata"]["RetryAttempts"] == 0, "not retried"
        # ... Converse does not: it is throttled, retried, and never gets through.
        error = expect_error(lambda: client.converse(**converse_input(NOVA)), "ThrottlingException",
                             429, "Too many tokens, please wait before trying again.")
        assert error.response["ResponseMetadata"]["RetryAttempts"] == 2


class SkipCase(Exception):
    pass


CASES = [
    case_converse, case_converse_stream, case_invoke_model,
    case_invoke_model_with_response_stream, case_count_tokens, case_seed_error_and_fix,
    case_mid_stream_error, case_throttled_then_ok_is_retried, case_validation_is_not_retried,
    case_auth_verify, case_sessions_in_parallel_processes,
    *[stream_fault_case(*fault) for fault in STREAM_FAULTS],
    case_quota_burst_then_clock, case_quota_tokens_per_minute,
]


def main():
    names = [case.__name__[len("case_"):] for case in CASES]
    if IMPORT_ERROR is not None:
        for name in names:
            print(f"skip - {name}")
        print(f"boto3 cases skipped: boto3 is not importable ({IMPORT_ERROR})")
        print(f"boto3: 0 passed, 0 failed, {len(CASES)} skipped")
        return 0
    if not MOCK_BIN.exists():
        print(f"not ok - bedrock-mock not found at {MOCK_BIN} (build it, or set BEDROCK_MOCK_BIN)")
        print(f"boto3: 0 passed, {len(CASES)} failed, 0 skipped")
        return 1
    print(f"boto3 {boto3.__version__}, botocore {botocore.__version__}")
    passed = failed = skipped = 0
    with Mock() as shared:
        for case, name in zip(CASES, names):
            started = time.monotonic()
            try:
                case(shared)
            except SkipCase as reason:
                skipped += 1
                print(f"skip - {name}: {reason}")
                continue
            except Exception:  # a failed case must not stop the others
                failed += 1
                print(f"not ok - {name}")
                print("  " + traceback.format_exc().replace("\n", "\n  ").rstrip())
                continue
            passed += 1
            print(f"ok - {name} ({(time.monotonic() - started) * 1000:.0f} ms)")
    print(f"boto3: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

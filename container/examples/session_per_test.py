#!/usr/bin/env python3
"""What conftest.py does, runnable without pytest: 16 worker processes share one bedrock-mock,
each test in its own session with its own scenario (docs/container.md). compose.yaml runs it
against the container; tests/container/dockerfile_check.sh runs it against a local mock.

Env: BEDROCK_MOCK_ADMIN (default http://localhost:8080), AWS_* for boto3 (any dummy keys).
"""
import json
import multiprocessing
import os
import sys
import urllib.request

import boto3

ADMIN = os.environ.get("BEDROCK_MOCK_ADMIN", "http://localhost:8080")
MODEL = "amazon.nova-lite-v1:0"


def admin(method, path, body=None):
    request = urllib.request.Request(
        ADMIN + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def one_test(worker):
    """A test that expects 'throttled twice, then the retry succeeds' in its own session."""
    session_id = f"gw{worker}.test_retries_get_through"
    session = admin("PUT", f"/__admin/sessions/{session_id}", {"scenario": "throttled-then-ok"})
    os.environ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"] = session["endpoint"]  # monkeypatch.setenv
    try:
        client = boto3.client("bedrock-runtime")
        answer = client.converse(modelId=MODEL,
                                 messages=[{"role": "user", "content": [{"text": "Hi"}]}])
        journal = admin("GET", f"/__session/{session_id}/__admin/requests")["requests"]
        statuses = [entry["status"] for entry in journal]
        ok = answer["ResponseMetadata"]["RetryAttempts"] == 2 and statuses == [429, 429, 200]
        return f"{session_id}: {'ok' if ok else 'FAILED'} {statuses}"
    finally:
        admin("DELETE", f"/__admin/sessions/{session_id}")


def main():
    with multiprocessing.get_context("fork").Pool(16) as pool:
        lines = pool.map(one_test, range(16))
    print("\n".join(lines))
    failed = [line for line in lines if "FAILED" in line]
    print(f"session_per_test: {16 - len(failed)} of 16 workers saw only their own session")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

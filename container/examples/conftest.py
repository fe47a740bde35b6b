"""A pytest fixture that gives every test its own bedrock-mock session (docs/container.md).

Copy it into your tests/ folder. With one shared mock (a CI service container) and
`pytest -n 16` (pytest-xdist), each test gets a fresh session: its own rules, nth-call counters
and journal, so tests never see each other's state. Your code under test needs no change: boto3
reads the session's endpoint from AWS_ENDPOINT_URL_BEDROCK_RUNTIME.
"""
import json
import os
import re
import urllib.request

import pytest

ADMIN = os.environ.get("BEDROCK_MOCK_ADMIN", "http://localhost:8080")


def _admin(method, path, body=None):
    request = urllib.request.Request(
        ADMIN + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


@pytest.fixture
def bedrock_session(request, monkeypatch):
    """Yields the session (a dict with "id" and "endpoint"); mark a test with
    @pytest.mark.bedrock(scenario="throttled-then-ok") or rules=[...] to start it with those."""
    marker = request.node.get_closest_marker("bedrock")
    settings = dict(marker.kwargs) if marker else {}
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    session_id = re.sub(r"[^A-Za-z0-9._-]", "_", f"{worker}.{request.node.name}")[:128]
    session = _admin("PUT", f"/__admin/sessions/{session_id}", settings)
    monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", session["endpoint"])
    session["requests"] = lambda: _admin("GET", f"/__session/{session_id}/__admin/requests")[
        "requests"]
    yield session
    _admin("DELETE", f"/__admin/sessions/{session_id}")

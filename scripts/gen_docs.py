"""Regenerate the README's event catalogue and configuration table from the code.

The tables sit between ``<!-- events:start -->``/``<!-- events:end -->`` and
``<!-- config:start -->``/``<!-- config:end -->``; tests/unit/test_docs.py fails when they
are stale (run ``make docs``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from intervox_auth.settings import AuthSettings
from intervox_contracts import ALL_EVENTS, Topology
from intervox_contracts.routing import topic_matches
from intervox_engine.settings import EngineSettings
from intervox_gateway.settings import GatewaySettings
from intervox_platform.settings import ServiceSettings
from intervox_scoring.settings import ScoringSettings
from intervox_stt.settings import STTSettings
from intervox_tts.settings import TTSSettings

ROOT = Path(__file__).resolve().parent.parent

PRODUCERS = {
    "interview.requested": "gateway",
    "interview.started": "interview-engine",
    "questions_ready": "interview-engine",
    "next_question": "interview-engine",
    "question_audio_ready": "tts",
    "answer.submitted": "gateway",
    "question.skipped": "gateway",
    "interview.end_requested": "gateway",
    "answer.audio_segment_received": "gateway",
    "answer.audio_completed": "gateway",
    "transcript.partial": "stt",
    "transcript.final": "stt",
    "answer.scoring_requested": "interview-engine",
    "score_ready": "scoring",
    "follow_up_asked": "interview-engine",
    "interview_end": "interview-engine",
    "report_ready": "interview-engine",
    "command_rejected": "interview-engine",
    "interview.control_requested": "gateway",
    "interview_paused": "interview-engine",
    "interview_resumed": "interview-engine",
    "question_repeated": "interview-engine",
    "questions.upcoming": "interview-engine",
}


def events_table() -> str:
    topology = Topology()
    lines = [
        "| type (routing key) | v | producer | consumers | to browsers | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for event in ALL_EVENTS:
        consumers = sorted(
            {
                q.consumer
                for q in topology.work_queues()
                if any(topic_matches(k, event.TYPE) for k in q.binding_keys)
            }
        )
        lines.append(
            f"| `{event.TYPE}` | {event.VERSION} | {PRODUCERS[event.TYPE]} | "
            f"{', '.join(consumers)} | {'yes' if event.RELAYED else ''} | {event.SUMMARY} |"
        )
    return "\n".join(lines)


SERVICES: list[tuple[str, type[ServiceSettings]]] = [
    ("all", ServiceSettings),
    ("gateway", GatewaySettings),
    ("auth", AuthSettings),
    ("interview-engine", EngineSettings),
    ("scoring", ScoringSettings),
    ("stt", STTSettings),
    ("tts", TTSSettings),
]


def _default(field: Any) -> str:
    if field.default_factory is not None:
        return "(generated)"
    value = field.default
    if value is None or value == []:
        return ""
    return f"`{value}`"


def config_table() -> str:
    lines = ["| variable | service | default | meaning |", "|---|---|---|---|"]
    shared = set(ServiceSettings.model_fields)
    # A setting that several services read the same way (LLM_* in the engine and the
    # scorer) is one row naming them all; insertion order keeps the first service's place.
    rows: dict[tuple[str, str, str], list[str]] = {}
    for service, settings in SERVICES:
        for name, field in settings.model_fields.items():
            if service != "all" and name in shared and name != "port":
                continue
            description = (field.description or "").replace("|", "\\|")
            rows.setdefault((name.upper(), _default(field), description), []).append(service)
    for (name, default, description), services in rows.items():
        lines.append(f"| `{name}` | {', '.join(services)} | {default} | {description} |")
    return "\n".join(lines)


def render(readme: str) -> str:
    for marker, table in (("events", events_table()), ("config", config_table())):
        pattern = re.compile(rf"(<!-- {marker}:start -->\n).*?(<!-- {marker}:end -->)", re.S)
        if not pattern.search(readme):
            raise SystemExit(f"README has no {marker} markers")
        readme = pattern.sub(lambda m, t=table: m.group(1) + t + "\n" + m.group(2), readme)
    return readme


def main() -> int:
    path = ROOT / "README.md"
    current = path.read_text(encoding="utf-8")
    updated = render(current)
    if "--check" in sys.argv:
        return 0 if updated == current else 1
    path.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

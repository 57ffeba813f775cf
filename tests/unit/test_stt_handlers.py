"""STT handlers on a real (SQLite) database: partials per segment, one final per answer
whatever order segments and the completion arrive in, prompts from the question asked."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from intervox_contracts import Event, Topology
from intervox_contracts.enums import Difficulty, QuestionKind
from intervox_contracts.events import (
    AnswerAudioCompleted,
    AnswerAudioCompletedPayload,
    AnswerAudioSegmentReceived,
    AnswerAudioSegmentReceivedPayload,
    QuestionsReady,
    QuestionsReadyPayload,
    QuestionView,
    TranscriptFinal,
    TranscriptPartial,
)
from intervox_platform.db import Database
from intervox_platform.messaging import InProcessBus, Messaging
from intervox_platform.messaging.outbox import UnitOfWork
from intervox_stt.domain.prompt import Prompt
from intervox_stt.domain.transcript import SegmentTranscript, Word
from intervox_stt.handlers import HANDLERS, SttDeps
from intervox_stt.main import MIGRATIONS
from intervox_stt.store import SCHEMA

INTERVIEW = uuid.uuid4()
USER = uuid.uuid4()


class ScriptedTranscriber:
    """Stands in for the model (tested on its own): the segment bytes say what was heard."""

    engine_name = "faster-whisper/base"

    def __init__(self) -> None:
        self.prompts: list[Prompt] = []

    def transcribe_bytes(
        self, data: bytes, mime_type: str | None, prompt: Prompt, max_seconds: float | None = 30
    ) -> SegmentTranscript:
        self.prompts.append(prompt)
        text = data.decode()
        if not text:
            return SegmentTranscript("", (), 2.0, self.engine_name, no_speech=True)
        words = tuple(
            Word(w, 0.2 + 0.4 * i, 0.5 + 0.4 * i, 0.9) for i, w in enumerate(text.split())
        )
        return SegmentTranscript(text, words, 3.0, self.engine_name)


@pytest.fixture
async def handle(tmp_path: Path) -> AsyncIterator[Any]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'stt.db'}", SCHEMA, MIGRATIONS, 5)
    await database.start()
    messaging = Messaging("stt", SCHEMA, database.engine, InProcessBus(Topology("t")))
    transcriber = ScriptedTranscriber()

    async def run(event: Event) -> list[Event]:
        async with database.sessions() as session, session.begin():
            deps = SttDeps(uow=UnitOfWork(messaging, session), transcriber=transcriber)  # type: ignore[arg-type]
            return list(await HANDLERS[event.type](event, deps))

    run.transcriber = transcriber  # type: ignore[attr-defined]
    yield run
    await database.close()


def segment(answer: uuid.UUID, index: int, text: str, question: str = "q1") -> Event:
    return AnswerAudioSegmentReceived.create(
        AnswerAudioSegmentReceivedPayload(
            answer_id=answer,
            question_id=question,
            segment_index=index,
            mime_type="audio/webm;codecs=opus",
            audio_b64=base64.b64encode(text.encode()).decode(),
        ),
        interview_id=INTERVIEW,
        user_id=USER,
    )


def completed(answer: uuid.UUID, count: int, question: str = "q1") -> Event:
    return AnswerAudioCompleted.create(
        AnswerAudioCompletedPayload(answer_id=answer, question_id=question, segment_count=count),
        interview_id=INTERVIEW,
        user_id=USER,
    )


async def test_final_once_whatever_the_order(handle: Any) -> None:
    answer = uuid.uuid4()
    assert await handle(completed(answer, 3)) == []
    out = await handle(segment(answer, 2, "a replica shares that table."))
    assert [e.type for e in out] == [TranscriptPartial.TYPE]
    assert out[0].payload.segment_index == 2
    out = await handle(segment(answer, 0, "um I would use a key."))
    assert [e.type for e in out] == [TranscriptPartial.TYPE]
    out = await handle(segment(answer, 1, "It is stored in PostgreSQL."))
    assert [e.type for e in out] == [TranscriptPartial.TYPE, TranscriptFinal.TYPE]
    final = out[1].payload
    assert (
        final.text
        == "um I would use a key. It is stored in PostgreSQL. a replica shares that table."
    )
    assert not final.no_speech
    assert final.engine == "faster-whisper/base"
    assert final.fallback_from is None
    # Word times run on one timeline: each segment lasts 3 s.
    assert [round(w.start_s, 1) for w in final.words[:2]] == [0.2, 0.6]
    assert final.words[6].word == "It"
    assert final.words[6].start_s == pytest.approx(3.2)
    assert final.words[-1].start_s > 6.0
    assert 0.85 < final.confidence <= 0.9
    assert final.delivery is not None
    assert final.delivery.words == 16
    assert final.delivery.filler_breakdown == {"um": 1}
    assert out[1].causation_id == out[0].causation_id  # caused by the last segment
    # Redelivered pieces (other event ids) change nothing and emit nothing.
    assert await handle(segment(answer, 1, "It is stored in PostgreSQL.")) == []
    assert await handle(completed(answer, 3)) == []


async def test_completion_after_the_last_segment_emits_the_final(handle: Any) -> None:
    answer = uuid.uuid4()
    assert len(await handle(segment(answer, 0, "hello there"))) == 1
    out = await handle(completed(answer, 1))
    assert [e.type for e in out] == [TranscriptFinal.TYPE]
    assert out[0].payload.text == "hello there"


async def test_silence_only_answer_is_no_speech(handle: Any) -> None:
    answer = uuid.uuid4()
    await handle(segment(answer, 0, ""))
    await handle(segment(answer, 1, ""))
    (final,) = await handle(completed(answer, 2))
    assert final.payload.no_speech
    assert final.payload.text == ""
    assert final.payload.delivery is None
    assert final.payload.words == []


async def test_prompts_carry_the_question_and_the_previous_segment(handle: Any) -> None:
    question = QuestionView(
        question_id="q7",
        index=1,
        total=3,
        text="How does Kafka keep consumer offsets?",
        topic="messaging-streaming",
        difficulty=Difficulty.MEDIUM,
        kind=QuestionKind.TECHNICAL,
    )
    ready = QuestionsReady.create(
        QuestionsReadyPayload(total=3, topics=["messaging-streaming"], first_question=question),
        interview_id=INTERVIEW,
        user_id=USER,
    )
    assert await handle(ready) == []
    answer = uuid.uuid4()
    await handle(segment(answer, 0, "each consumer group commits", "q7"))
    await handle(segment(answer, 1, "to a compacted topic", "q7"))
    first, second = handle.transcriber.prompts[-2:]
    assert first.question == question.text
    assert first.previous_text == ""
    assert "Kafka" in first.terms
    assert "consumer group" in first.terms
    assert second.previous_text == "each consumer group commits"


async def test_bad_base64_is_recorded_as_silence(handle: Any) -> None:
    answer = uuid.uuid4()
    event = segment(answer, 0, "x")
    broken = event.model_copy(
        update={"payload": event.payload.model_copy(update={"audio_b64": "!!not base64!!"})}
    )
    (partial,) = await handle(broken)
    assert partial.payload.text == ""
    (final,) = await handle(completed(answer, 1))
    assert final.payload.no_speech

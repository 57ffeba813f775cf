"""Voice benchmarks (`make bench-voice`).

1. STT word error rate and real-time factor, local Whisper base and tiny.en, on a fixed set
   of spoken technical answers full of jargon, synthesized with piper and with espeak-ng,
   with the jargon prompt (question + glossary) and, for base on piper, without it.
2. End of speech → ``transcript.final`` p50/p95 for ~30 s answers sent as utterance
   segments through RabbitMQ to the STT component (earlier segments are transcribed while
   the candidate is still speaking; the clock starts when the last segment and the end of
   the answer are published).
3. TTS time to audio ready (synthesize, encode, store, cache row) for 20-word questions,
   uncached and cached.

The last line printed is
``bench-voice wer_base=<fraction> rtf_base=<x> final_p95_s=<s> tts_p95_ms=<ms>``.

Needs RabbitMQ (AMQP_URL, default amqp://guest:guest@127.0.0.1:5672/) for part 2; the STT
database is SQLite unless DATABASE_URL is set. Models come from the installed packages.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import os
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from intervox_audio import Pcm, encode, resample, split_at_pauses
from intervox_contracts import Event
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
from intervox_contracts.routing import QueueSpec
from intervox_platform.messaging import Delivery, OutgoingMessage, make_bus
from intervox_stt.domain.prompt import Prompt, build_prompt
from intervox_stt.domain.wer import normalize_words, word_error_rate
from intervox_stt.main import stt_component
from intervox_stt.providers.local import LocalWhisper
from intervox_stt.providers.transcriber import Transcriber
from intervox_stt.settings import STTSettings
from intervox_tts.providers.espeak_engine import EspeakSynth
from intervox_tts.providers.piper_engine import PiperSynth

# (topic, question, spoken answer): what candidates say, jargon included.
ANSWERS: list[tuple[str, str, str]] = [
    (
        "http-apis",
        "How would you make a payment endpoint idempotent when clients retry requests?",
        "I would require an idempotency key header. The service stores the key with the "
        "response in PostgreSQL inside the same transaction, so a retried request returns "
        "the stored result instead of charging twice.",
    ),
    (
        "containers-kubernetes",
        "What happens when a Kubernetes pod fails its readiness probe?",
        "The kubelet keeps the container running, but the endpoints controller removes the "
        "pod from the Service, so no traffic reaches it until the probe succeeds again. A "
        "failing liveness probe is different: that one restarts the container.",
    ),
    (
        "messaging-streaming",
        "How do Kafka consumer groups share the work of a topic?",
        "Each partition of the topic is assigned to exactly one consumer in the group. When "
        "a consumer joins or leaves, the group rebalances, and every consumer commits its "
        "offsets so that processing resumes where it stopped.",
    ),
    (
        "python",
        "How does the GIL affect CPU-bound work in Python?",
        "The global interpreter lock lets only one thread run Python bytecode at a time, so "
        "threads do not speed up CPU-bound code. I would use multiprocessing or move the hot "
        "loop into NumPy, which releases the GIL.",
    ),
    (
        "distributed-systems",
        "What does the CAP theorem say about network partitions?",
        "During a network partition a distributed system must choose between consistency "
        "and availability. Raft, for example, keeps consistency: a minority partition has no "
        "quorum, so it cannot elect a leader or accept writes.",
    ),
    (
        "nosql-caching",
        "How do you prevent a cache stampede in front of a database?",
        "When a hot key expires, many requests miss at once and hit the database. I would "
        "use a lock so that one request recomputes the value, add jitter to the TTL, and "
        "serve the stale value from Redis meanwhile.",
    ),
]
# Twenty words each; one word differs so that every question misses the cache once.
QUESTIONS_20_WORDS = [
    f"Explain how you would design a rate limiter for a {service} API, and which "
    "Redis data structure would hold it?"
    for service in (
        "payments",
        "search",
        "billing",
        "weather",
        "maps",
        "photos",
        "messaging",
        "booking",
        "shipping",
        "music",
        "video",
        "news",
        "banking",
        "chat",
        "email",
        "calendar",
        "travel",
        "insurance",
        "gaming",
        "ticketing",
        "storage",
        "analytics",
        "advertising",
        "auction",
        "recipes",
        "fitness",
        "podcast",
        "dating",
        "lending",
        "parking",
    )
]
assert all(len(q.split()) == 20 for q in QUESTIONS_20_WORDS)


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class SttResult:
    errors: float = 0.0
    words: int = 0
    seconds: float = 0.0
    audio_s: float = 0.0

    def add(self, reference: str, hypothesis: str, elapsed: float, duration: float) -> None:
        n = len(normalize_words(reference))
        self.errors += word_error_rate(reference, hypothesis) * n
        self.words += n
        self.seconds += elapsed
        self.audio_s += duration

    @property
    def wer(self) -> float:
        return self.errors / max(1, self.words)

    @property
    def rtf(self) -> float:
        return self.seconds / max(1e-9, self.audio_s)


def speak_all(piper: PiperSynth, espeak: EspeakSynth) -> dict[str, list[Pcm]]:
    voices: dict[str, list[Pcm]] = {"piper": [], "espeak-ng": []}
    for _, _, answer in ANSWERS:
        voices["piper"].append(resample(piper.synthesize(answer, "joe", 1.0)))
        voices["espeak-ng"].append(resample(espeak.synthesize(answer, "en-us", 1.0)))
    return voices


def bench_stt(models_dir: Path, voices: dict[str, list[Pcm]]) -> dict[str, SttResult]:
    results: dict[str, SttResult] = {}
    # (model, encoder window): the default short window, and for base Whisper's reference
    # 30-s window to show what the short one costs in accuracy and saves in time.
    for model, short_window in (("base", True), ("base", False), ("tiny.en", True)):
        engine = LocalWhisper(model, models_dir, short_window=short_window)
        started = time.perf_counter()
        engine.load()
        window = "" if short_window else "/30s-window"
        print(f"  {engine.name}{window}: loaded in {time.perf_counter() - started:.1f}s")
        transcriber = Transcriber(engine)
        runs: list[tuple[str, bool]] = [("piper", True)]
        if short_window:
            runs.append(("espeak-ng", True))
        if model == "base" and short_window:
            runs.append(("piper", False))
        for voice, prompted in runs:
            result = SttResult()
            for (topic, question, answer), pcm in zip(ANSWERS, voices[voice], strict=True):
                prompt = build_prompt(question, topic) if prompted else Prompt()
                started = time.perf_counter()
                heard = transcriber.transcribe(pcm, prompt)
                result.add(answer, heard.text, time.perf_counter() - started, pcm.duration_s)
            label = f"{model}{window}/{voice}/{'prompt' if prompted else 'no-prompt'}"
            results[label] = result
            print(f"  {label:40s} WER {result.wer:6.1%}   RTF {result.rtf:.3f}")
    return results


def thirty_second_answer(voices: dict[str, list[Pcm]]) -> Pcm:
    """Answers one after the other (0.6 s apart), cut at the pause closest to 30 s."""
    pause = np.zeros(int(0.6 * 16_000), dtype=np.float32)
    joined = Pcm(np.concatenate([x for pcm in voices["piper"] for x in (pcm.samples, pause)]))
    pieces = split_at_pauses(joined.slice(0.0, 40.0), 20, min_pause_s=0.3)
    ends = np.cumsum([p.duration_s for p in pieces])
    return joined.slice(0.0, float(min(ends, key=lambda t: abs(t - 30.0))))


async def bench_final_latency(
    amqp_url: str, database_url: str | None, data_dir: Path, answer: Pcm, runs: int
) -> list[float]:
    namespace = f"bench{uuid.uuid4().hex[:8]}"
    settings = STTSettings(
        amqp_url=amqp_url, database_url=database_url, bus_namespace=namespace, data_dir=data_dir
    )
    bus = make_bus(amqp_url, namespace)
    component = stt_component(settings)
    observe = QueueSpec(
        name=f"{namespace}.bench.{uuid.uuid4().hex[:6]}",
        exchange=bus.topology.events_exchange,
        binding_keys=(TranscriptPartial.TYPE, TranscriptFinal.TYPE),
        description="benchmark observer",
        consumer="bench",
        transient=True,
        prefetch=64,
    )
    arrived: dict[tuple[str, str, int], asyncio.Event] = {}
    stamps: dict[tuple[str, str, int], float] = {}

    def slot(key: tuple[str, str, int]) -> asyncio.Event:
        return arrived.setdefault(key, asyncio.Event())

    async def on_output(delivery: Delivery) -> None:
        from intervox_contracts import parse_event

        event = parse_event(delivery.body)
        index = getattr(event.payload, "segment_index", -1)
        key = (event.type, str(event.payload.answer_id), index)  # type: ignore[attr-defined]
        stamps[key] = time.perf_counter()
        slot(key).set()

    async def publish(event: Event) -> None:
        await bus.publish(
            OutgoingMessage(
                exchange=bus.topology.events_exchange,
                routing_key=event.type,
                body=event.to_json(),
                message_id=str(event.event_id),
                type=event.type,
                correlation_id=event.correlation_id,
            )
        )

    segments = [encode(piece, "webm", live=True) for piece in split_at_pauses(answer, 6)]
    latencies: list[float] = []
    await bus.connect()
    try:
        await bus.declare([*component.queues(), observe])
        await component.start(bus)
        await bus.consume(observe, on_output)
        await asyncio.to_thread(component.transcriber.load)
        interview, user = uuid.uuid4(), uuid.uuid4()
        topic, question, _ = ANSWERS[0]
        await publish(
            QuestionsReady.create(
                QuestionsReadyPayload(
                    total=1,
                    topics=[topic],
                    first_question=QuestionView(
                        question_id="q1",
                        index=1,
                        total=1,
                        text=question,
                        topic=topic,
                        difficulty=Difficulty.MEDIUM,
                        kind=QuestionKind.TECHNICAL,
                    ),
                ),
                interview_id=interview,
                user_id=user,
            )
        )
        for run in range(runs):
            answer_id = uuid.uuid4()

            def segment_event(index: int, answer_id: uuid.UUID = answer_id) -> Event:
                return AnswerAudioSegmentReceived.create(
                    AnswerAudioSegmentReceivedPayload(
                        answer_id=answer_id,
                        question_id="q1",
                        segment_index=index,
                        mime_type="audio/webm;codecs=opus",
                        audio_b64=base64.b64encode(segments[index]).decode(),
                    ),
                    interview_id=interview,
                    user_id=user,
                )

            # While the candidate speaks, each finished utterance is sent and transcribed.
            for index in range(len(segments) - 1):
                await publish(segment_event(index))
            for index in range(len(segments) - 1):
                key = (TranscriptPartial.TYPE, str(answer_id), index)
                await asyncio.wait_for(slot(key).wait(), 120)
            # End of speech: the last utterance and the end of the answer go together.
            started = time.perf_counter()
            await publish(segment_event(len(segments) - 1))
            await publish(
                AnswerAudioCompleted.create(
                    AnswerAudioCompletedPayload(
                        answer_id=answer_id, question_id="q1", segment_count=len(segments)
                    ),
                    interview_id=interview,
                    user_id=user,
                )
            )
            final = (TranscriptFinal.TYPE, str(answer_id), -1)
            await asyncio.wait_for(slot(final).wait(), 120)
            latencies.append(stamps[final] - started)
            print(f"  run {run + 1}: end of speech → transcript.final {latencies[-1]:.3f}s")
    finally:
        with contextlib.suppress(Exception):
            await bus.stop_consuming()
        with contextlib.suppress(Exception):
            await component.stop()
        with contextlib.suppress(Exception):
            await _delete_namespace(amqp_url, namespace, [*component.queues(), observe])
        await bus.close()
    return latencies


async def _delete_namespace(amqp_url: str, namespace: str, queues: list[QueueSpec]) -> None:
    import aio_pika

    connection = await aio_pika.connect(amqp_url)
    try:
        for queue in queues:
            for name in (queue.name, queue.dead_letter_queue):
                if name:
                    channel = await connection.channel()
                    with contextlib.suppress(Exception):
                        await channel.queue_delete(name)
        for exchange in (f"{namespace}.events", f"{namespace}.relay", f"{namespace}.dlx"):
            channel = await connection.channel()
            with contextlib.suppress(Exception):
                await channel.exchange_delete(exchange)
    finally:
        await connection.close()


async def bench_tts(data_dir: Path, piper: PiperSynth) -> tuple[list[float], list[float]]:
    from intervox_platform.db import Database
    from intervox_platform.storage import LocalMediaStore
    from intervox_tts.handlers import QuestionVoice
    from intervox_tts.main import MIGRATIONS
    from intervox_tts.providers.synthesizer import Synthesizer, Voice
    from intervox_tts.store import SCHEMA

    database = Database(f"sqlite+aiosqlite:///{data_dir / 'tts.db'}", SCHEMA, MIGRATIONS, 5)
    await database.start()
    voice = QuestionVoice(Synthesizer([Voice(piper, "joe")]), LocalMediaStore(data_dir), "wav")
    uncached: list[float] = []
    cached: list[float] = []
    try:
        # A running service has its database pool and media store warm: one question
        # outside the measured set opens them, as the first question of a day would.
        async with database.sessions() as session, session.begin():
            await voice.audio_for(session, "Which HTTP status code means too many requests?")
        for round_, timings in ((1, uncached), (2, cached)):
            for text in QUESTIONS_20_WORDS:
                started = time.perf_counter()
                async with database.sessions() as session, session.begin():
                    audio = await voice.audio_for(session, text)
                timings.append(time.perf_counter() - started)
                assert audio.cached == (round_ == 2)
    finally:
        await database.close()
    return uncached, cached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="end-of-speech runs")
    parser.add_argument(
        "--amqp-url", default=os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
    )
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    work = Path(tempfile.mkdtemp(prefix="intervox-bench-voice-"))
    models_dir = Path(os.environ.get("DATA_DIR", "data")) / "models"
    print(f"cores: {os.cpu_count()}   work dir: {work}")

    print("speaking the answers (piper, espeak-ng)…")
    # Without piper's sampling noise the answers, and so the WER, are the same at every run.
    piper, espeak = PiperSynth(variation=False), EspeakSynth()
    piper.load()
    voices = speak_all(piper, espeak)
    total = sum(p.duration_s for p in voices["piper"])
    print(f"  {len(ANSWERS)} answers, {total:.0f}s of piper speech")

    print("STT: WER and real-time factor (local, int8, CPU)")
    stt = bench_stt(models_dir, voices)

    print("STT: end of speech → transcript.final, ~30 s answers in 6 segments over RabbitMQ")
    answer = thirty_second_answer(voices)
    print(f"  answer: {answer.duration_s:.1f}s")
    latencies = asyncio.run(
        bench_final_latency(
            args.amqp_url,
            os.environ.get("DATABASE_URL"),
            work,
            answer,
            args.runs,
        )
    )
    print(f"  p50 {pct(latencies, 50):.3f}s   p95 {pct(latencies, 95):.3f}s")

    print("TTS: time to audio ready, 20-word question (piper, wav, SQLite cache)")
    uncached, cached = asyncio.run(bench_tts(work, piper))
    print(
        f"  uncached p50 {pct(uncached, 50) * 1000:.0f}ms p95 {pct(uncached, 95) * 1000:.0f}ms"
        f"   cached p50 {pct(cached, 50) * 1000:.1f}ms p95 {pct(cached, 95) * 1000:.1f}ms"
    )
    base = stt["base/piper/prompt"]
    print(
        f"bench-voice wer_base={base.wer:.3f} rtf_base={base.rtf:.3f} "
        f"final_p95_s={pct(latencies, 95):.3f} tts_p95_ms={pct(uncached, 95) * 1000:.0f}"
    )


if __name__ == "__main__":
    main()

"""Pure STT logic: jargon prompts, phantom phrases, assembly, delivery analytics, WER."""

from __future__ import annotations

import pytest
from intervox_stt.domain import phantoms
from intervox_stt.domain.delivery import analyse, count_fillers
from intervox_stt.domain.prompt import MAX_TERMS, build_prompt, key_terms, technical_terms
from intervox_stt.domain.transcript import SegmentTranscript, Word, assemble, drop_echo
from intervox_stt.domain.wer import word_error_rate
from intervox_stt.providers.base import EngineResult
from intervox_stt.providers.transcriber import clean


def words_at(
    text: str, start: float = 0.0, step: float = 0.4, gap_after: dict[int, float] | None = None
) -> list[Word]:
    out: list[Word] = []
    t = start
    for i, token in enumerate(text.split()):
        out.append(Word(token, round(t, 3), round(t + step * 0.8, 3), 0.9))
        t += step + (gap_after or {}).get(i, 0.0)
    return out


# ------------------------------------------------------------------ prompts
def test_technical_terms_of_a_question() -> None:
    terms = technical_terms(
        "How do PostgreSQL MVCC and Redis TTLs interact in a Node.js service on EC2 over HTTP/2?"
    )
    assert {"PostgreSQL", "MVCC", "Redis", "Node.js", "EC2", "HTTP/2"} <= set(terms)
    assert "How" not in terms
    assert "a" not in terms


def test_key_terms_put_the_questions_own_jargon_first_and_are_bounded() -> None:
    terms = key_terms(
        "Explain what a kubelet does when a Pod fails its readiness probe.", "containers-kubernetes"
    )
    assert terms.index("kubelet") < terms.index("etcd")
    assert "Kubernetes" in terms
    assert "idempotent" in terms
    assert len(terms) <= MAX_TERMS
    assert len(set(terms)) == len(terms)


def test_whisper_prompt_ends_with_the_previous_segment() -> None:
    previous = " ".join(f"w{i}" for i in range(100))
    prompt = build_prompt("What is idempotency?", "http-apis", previous)
    text = prompt.whisper_prompt()
    assert text is not None
    assert text.startswith("What is idempotency?")
    assert "Glossary:" in text
    assert "idempotent" in text
    assert text.endswith("w99")
    assert "w59" not in text
    assert build_prompt(None, None).whisper_prompt() is not None  # common terms even so


# ------------------------------------------------------------------ phantoms
@pytest.mark.parametrize(
    "sentence",
    [
        "Thanks for watching!",
        " Thank you for watching.",
        "Please subscribe to my channel.",
        "Subtitles by the Amara.org community",
        "Let me know in the comments below.",
        "[BLANK_AUDIO]",
        "(upbeat music)",
        "♪ ♪",
        "...",
    ],
)
def test_phantom_phrases_are_recognised(sentence: str) -> None:
    assert phantoms.is_phantom(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["Thanks to watching the logs we found it.", "I would use a watchdog.", "Thank you."],
)
def test_real_sentences_are_not_phantoms(sentence: str) -> None:
    assert not phantoms.is_phantom(sentence)


def test_clean_drops_phantoms_and_a_doubtful_lone_thank_you() -> None:
    real = words_at("An index avoids a scan.")
    result = EngineResult(
        [
            ("An index avoids a scan.", real),
            ("Thanks for watching!", words_at("Thanks for watching!", 3)),
        ]
    )
    text, kept = clean(result)
    assert text == "An index avoids a scan."
    assert [w.text for w in kept] == [w.text for w in real]
    unsure = [Word("Thank", 0.0, 0.2, 0.3), Word("you.", 0.2, 0.4, 0.3)]
    assert clean(EngineResult([("Thank you.", unsure)])) == ("", ())
    sure = [Word("Thank", 0.0, 0.2, 0.95), Word("you.", 0.2, 0.4, 0.95)]
    assert clean(EngineResult([("Thank you.", sure)]))[0] == "Thank you."


def test_an_echo_of_the_previous_segment_is_dropped() -> None:
    previous = "the trade-offs between offset-based and cursor-based pagination?"
    echoed = EngineResult(
        [
            (
                "Based and cursor-based pagination. Cursors are stable.",
                words_at("Based and cursor-based pagination. Cursors are stable."),
            )
        ]
    )
    text, kept = clean(echoed, previous)
    assert text == "Cursors are stable."
    assert kept[0].text == "Cursors"
    # Two repeated words are speech, not an echo; nothing is dropped without context.
    assert clean(EngineResult([("pagination? Yes.", words_at("pagination? Yes."))]), previous)[0]
    assert (
        drop_echo(tuple(words_at("cursor-based pagination again")), previous)[0].text
        == "cursor-based"
    )
    assert clean(echoed)[0].startswith("Based and")
    # What is left of an echo may be a lone doubtful "you": dropped too.
    tail = [*words_at("and cursor-based pagination."), Word("you", 3.0, 3.2, 0.2)]
    assert clean(EngineResult([("and cursor-based pagination. you", tail)]), previous) == ("", ())


def test_a_sign_off_invented_after_the_last_sentence_is_dropped() -> None:
    said = "What does GraphQL solve compared with REST? Thank you."
    text, kept = clean(EngineResult([(said, words_at(said))]))
    assert text == "What does GraphQL solve compared with REST?"
    assert kept[-1].text == "REST?"
    said = "It runs on the server side. you"
    assert clean(EngineResult([(said, words_at(said))]))[0] == "It runs on the server side."
    # Inside a sentence it is speech.
    said = "How do vector clocks help? I'm sorry, I'm sorry."
    assert clean(EngineResult([(said, words_at(said))]))[0] == "How do vector clocks help?"
    said = "I would thank you for asking"
    assert clean(EngineResult([(said, words_at(said))]))[0] == said
    said = "Did you say you"
    assert clean(EngineResult([(said, words_at(said))]))[0] == said


# ------------------------------------------------------------------ assembly
def test_assembly_puts_segments_on_one_timeline() -> None:
    first = SegmentTranscript("One two.", tuple(words_at("One two.")), 2.0, "faster-whisper/base")
    silent = SegmentTranscript("", (), 1.5, "faster-whisper/base", no_speech=True)
    third = SegmentTranscript(
        "Three.",
        tuple(words_at("Three.", 0.5)),
        1.0,
        "faster-whisper/base",
        fallback_from="deepgram",
    )
    whole = assemble([first, silent, third])
    assert whole.text == "One two. Three."
    assert whole.duration_s == 4.5
    assert whole.segment_offsets == (0.0, 2.0, 3.5)
    assert whole.words[-1].start_s == pytest.approx(4.0)
    assert not whole.no_speech
    assert whole.fallback_from == "deepgram"
    assert 0 < whole.confidence <= 1
    nothing = assemble([silent, silent])
    assert nothing.no_speech
    assert nothing.text == ""
    assert nothing.confidence == 0.0


# ------------------------------------------------------------------ delivery
def test_fillers_are_counted_in_context() -> None:
    said = "Um, so basically it's, like, a queue. I mean, you know, it works like a queue. Uh"
    found = count_fillers(said.split())
    assert found == {"um": 1, "basically": 1, "like": 1, "i mean": 1, "you know": 1, "uh": 1}
    comparisons = "I would like a cache that looks like Redis"
    assert count_fillers(comparisons.split()) == {}
    question = "Do you know the answer"
    assert count_fillers(question.split()) == {}


def test_delivery_metrics_separate_speaking_from_thinking() -> None:
    # 10 words, 0.4 s each, a 3 s pause after word 4 and 2 s of silence before speaking.
    words = words_at("um so the cache sits in front of the database", start=2.0, gap_after={3: 3.0})
    metrics = analyse(words, duration_s=12.0)
    assert metrics.words == 10
    assert metrics.long_pauses == 1
    assert metrics.longest_pause_s == pytest.approx(3.08, abs=0.01)
    # thinking: 2 s before the first word + the 3.08 s pause + 3.08 s after the last one
    assert metrics.speaking_s == pytest.approx(12.0 - 2.0 - 3.08 - 3.08, abs=0.01)
    assert metrics.words_per_minute == pytest.approx(10 / metrics.speaking_s * 60, rel=0.01)
    assert metrics.filler_words == 1
    assert metrics.filler_breakdown == {"um": 1}
    assert metrics.fillers_per_minute > 0


def test_delivery_of_nothing_is_zero() -> None:
    metrics = analyse([], 3.0)
    assert metrics.words == 0
    assert metrics.words_per_minute == 0
    assert metrics.speaking_s == 0


# ------------------------------------------------------------------ WER
def test_word_error_rate() -> None:
    assert word_error_rate("The cache is warm.", "the cache is warm") == 0.0
    assert word_error_rate("a b c d", "a x c") == pytest.approx(0.5)
    assert word_error_rate("HTTP/2 is multiplexed", "HTTP 2 is multiplexed") == 0.0
    assert word_error_rate("", "") == 0.0
    assert word_error_rate("", "extra") == 1.0

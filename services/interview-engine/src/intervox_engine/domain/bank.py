"""The curated question bank: its schema and the rules every shipped question obeys.

The bank is data (``intervox_engine/bank/questions/*.json``, one file per topic); this
module is the single definition of its shape, used by the loader, the planner and the
bank-quality tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from intervox_contracts.enums import Difficulty, QuestionKind, Seniority
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator


class KeyPoint(BaseModel):
    """One thing a strong answer must say, and the follow-up that probes it when missing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    text: str = Field(min_length=8, max_length=300)
    # Words or short phrases whose presence signals the point (synonyms included). They feed
    # the offline scorer's key-point matching and the speech recogniser's jargon prompt.
    keywords: list[str] = Field(min_length=2, max_length=12)
    follow_up: str = Field(min_length=10, max_length=300)
    importance: int = Field(ge=1, le=3, default=2)

    @field_validator("follow_up")
    @classmethod
    def _follow_up_is_a_question(cls, value: str) -> str:
        if not value.rstrip().endswith("?"):
            raise ValueError("a follow-up is a question and ends with '?'")
        return value


class Resource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3, max_length=160)
    url: HttpUrl


class BankQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,60}$")
    topic: str
    difficulty: Difficulty
    kind: QuestionKind = QuestionKind.TECHNICAL
    seniority: list[Seniority] = Field(min_length=1)
    prompt: str = Field(min_length=15, max_length=600)
    model_answer: str = Field(min_length=80, max_length=2500)
    key_points: list[KeyPoint] = Field(min_length=3, max_length=6)
    # Every shipped question has at least one (checked by the bank tests); generated ones
    # may have none rather than invented links.
    resources: list[Resource] = Field(default_factory=list, max_length=4)
    tags: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _key_point_ids_unique(self) -> BankQuestion:
        ids = [kp.id for kp in self.key_points]
        if len(ids) != len(set(ids)):
            raise ValueError(f"question {self.id}: duplicate key point ids")
        return self


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    name: str
    category: str
    description: str


class TopicFile(BaseModel):
    """The content of one ``bank/questions/<topic>.json`` file."""

    model_config = ConfigDict(extra="forbid")

    topic: Topic
    questions: list[BankQuestion]

    @model_validator(mode="after")
    def _questions_belong_to_topic(self) -> TopicFile:
        for question in self.questions:
            if question.topic != self.topic.id:
                raise ValueError(f"question {question.id} is filed under {self.topic.id}")
        return self


class QuestionBank(BaseModel):
    version: str
    topics: dict[str, Topic]
    questions: list[BankQuestion]

    def by_id(self) -> dict[str, BankQuestion]:
        return {q.id: q for q in self.questions}

    def for_topic(self, topic: str) -> list[BankQuestion]:
        return [q for q in self.questions if q.topic == topic]


def parse_topic_files(documents: Iterable[str], version: str) -> QuestionBank:
    """Build a bank from the JSON text of topic files; pure, so tests can feed it strings."""
    topics: dict[str, Topic] = {}
    questions: list[BankQuestion] = []
    seen: set[str] = set()
    for document in documents:
        parsed = TopicFile.model_validate(json.loads(document))
        if parsed.topic.id in topics:
            raise ValueError(f"topic {parsed.topic.id} is defined twice")
        topics[parsed.topic.id] = parsed.topic
        for question in parsed.questions:
            if question.id in seen:
                raise ValueError(f"question id {question.id} is used twice")
            seen.add(question.id)
            questions.append(question)
    return QuestionBank(version=version, topics=topics, questions=questions)


BANK_DIR = Path(__file__).resolve().parent.parent / "bank"


def load_bank(directory: Path = BANK_DIR) -> QuestionBank:
    version = (directory / "VERSION").read_text(encoding="utf-8").strip()
    files = sorted((directory / "questions").glob("*.json"))
    return parse_topic_files((f.read_text(encoding="utf-8") for f in files), version)

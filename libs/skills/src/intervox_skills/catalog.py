"""The interview topics and the skills that point to them (data files beside this module)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

HERE = Path(__file__).resolve().parent


class Topic(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    category: str
    description: str = ""


class Skill(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    topic: str
    aliases: list[str] = Field(min_length=1)


class Taxonomy(BaseModel):
    version: str
    skills: list[Skill]


@cache
def load_topics() -> tuple[Topic, ...]:
    data = json.loads((HERE / "topics.json").read_text(encoding="utf-8"))
    return tuple(Topic.model_validate(t) for t in data["topics"])


@cache
def load_taxonomy() -> Taxonomy:
    taxonomy = Taxonomy.model_validate_json((HERE / "taxonomy.json").read_text(encoding="utf-8"))
    known = {t.id for t in load_topics()}
    unknown = {s.topic for s in taxonomy.skills} - known
    if unknown:
        raise ValueError(f"taxonomy maps skills to unknown topics: {sorted(unknown)}")
    return taxonomy

"""Find skills in free text (a job description, a resume) and rank the topics they imply."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from intervox_skills.catalog import Skill, load_taxonomy

_EVIDENCE_CHARS = 140


@dataclass(frozen=True)
class DetectedSkill:
    skill: str
    name: str
    topic: str
    mentions: int
    evidence: str
    """The text around the first mention, so the candidate sees why it was detected."""


@dataclass(frozen=True)
class SkillReport:
    skills: list[DetectedSkill]
    topics: list[str]
    """Topics ordered by how strongly the text points to them."""


def _alias_pattern(alias: str) -> str:
    # Word-ish boundaries that also work for "c++", "c#", ".net" and "node.js".
    return rf"(?<![\w.+#-]){re.escape(alias)}(?![\w+#]|\.\w)"


@cache
def _matcher() -> tuple[re.Pattern[str], dict[str, Skill]]:
    by_alias: dict[str, Skill] = {}
    for skill in load_taxonomy().skills:
        for alias in skill.aliases:
            by_alias[alias.lower()] = skill
    # Longest first, so "spring boot" wins over a shorter alias inside it.
    ordered = sorted(by_alias, key=len, reverse=True)
    pattern = re.compile(
        "|".join(f"(?P<a{i}>{_alias_pattern(a)})" for i, a in enumerate(ordered)), re.IGNORECASE
    )
    return pattern, {f"a{i}": by_alias[a] for i, a in enumerate(ordered)}


def _evidence(text: str, start: int, end: int) -> str:
    left = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1, start - 70)
    right_candidates = [i for i in (text.find("\n", end), text.find(". ", end)) if i != -1]
    right = min([*right_candidates, end + 70, len(text)])
    snippet = " ".join(text[max(0, left) : right].split())
    return snippet[:_EVIDENCE_CHARS]


def extract_skills(*texts: str) -> SkillReport:
    pattern, groups = _matcher()
    mentions: Counter[str] = Counter()
    first: dict[str, DetectedSkill] = {}
    for text in texts:
        for match in pattern.finditer(text):
            skill = groups[match.lastgroup or ""]
            mentions[skill.id] += 1
            if skill.id not in first:
                first[skill.id] = DetectedSkill(
                    skill.id,
                    skill.name,
                    skill.topic,
                    0,
                    _evidence(text, match.start(), match.end()),
                )
    skills = sorted(
        (
            DetectedSkill(d.skill, d.name, d.topic, mentions[d.skill], d.evidence)
            for d in first.values()
        ),
        key=lambda d: (-d.mentions, d.name.lower()),
    )
    weight: dict[str, float] = {}
    for detected in skills:
        # A topic backed by several distinct skills outranks one skill named many times.
        weight[detected.topic] = (
            weight.get(detected.topic, 0.0) + 1 + min(detected.mentions, 3) * 0.25
        )
    topics = [topic for topic, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    return SkillReport(skills=skills, topics=topics)

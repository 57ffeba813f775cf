"""STAR structure of behavioral answers: Situation, Task, Action, Result.

Each component is found by first-person narrative cues in a sentence ("at my last job…",
"I was responsible for…", "so I set up…", "as a result … 30%"); the sentence that shows it
is kept as evidence. Order matters too: a story told S → T → A → R is easier to follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intervox_scoring.domain.text import sentences

COMPONENTS = ("situation", "task", "action", "result")

_CUES: dict[str, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(when i was|while i was|at my (previous|last|current|old|first) (job|company|role|"
        r"team|employer|internship)|in my (previous|last|current|former|first) (job|role|"
        r"position|team|company|internship)|we were (working|building|facing|trying|about|"
        r"migrating|running)|our (team|company|product|client|project|service|system) (was|"
        r"had|needed|were)|there was an?|the (situation|context|background|project) was|"
        r"last (year|quarter|month|sprint)|a few (years|months|weeks) ago|at the time|"
        r"back (then|in)|once,? (we|i|our))\b",
        re.IGNORECASE,
    ),
    "task": re.compile(
        r"\b(my (task|goal|job|role|responsibility|objective|assignment|mission) was|i was ("
        r"responsible|asked|tasked|assigned|in charge|expected)|i (needed|had|was supposed) to|"
        r"we (needed|had) to|the (goal|task|challenge|objective|problem|deadline) was|i owned|"
        r"it was (up to me|my job|on me))\b",
        re.IGNORECASE,
    ),
    "action": re.compile(
        r"\b(i (then |first |quickly |personally )?(decided|started|built|created|wrote|"
        r"implemented|designed|organi[sz]ed|proposed|set up|talked|spoke|met|scheduled|"
        r"reached out|led|introduced|added|refactored|investigated|analy[sz]ed|suggested|"
        r"convinced|negotiated|documented|automated|reviewed|paired|prioriti[sz]ed|split|"
        r"broke|escalated|gathered|took|made|ran|tested|fixed|migrated|rolled|coached|"
        r"mentored|explained|listened|asked|drafted|measured|profiled|wrote)|so i|my approach "
        r"was|what i did|i worked (with|on|through))\b",
        re.IGNORECASE,
    ),
    "result": re.compile(
        r"(\b(as a result|in the end|the result|resulted in|which (led|resulted)|the outcome|"
        r"ultimately|eventually|we (reduced|increased|improved|cut|saved|shipped|delivered|"
        r"launched|hit|met|achieved|grew|avoided)|(reduced|increased|improved|cut|saved|grew|"
        r"dropped|halved|doubled) (\w+ ){0,3}(by|from)|i learned|the lesson|since then|"
        r"afterwards|(was|were) (happy|pleased|satisfied)|on time|ahead of schedule)\b|"
        r"\d+ ?(%|percent))",
        re.IGNORECASE,
    ),
}

ADVICE = {
    "situation": "Set the scene in one or two sentences: where you were and what was at stake.",
    "task": "Say what you were responsible for: your goal, not the team's in general.",
    "action": "Describe what you did yourself, step by step ('I …', not only 'we …').",
    "result": "End with the result: what changed, with a number if you can, and what you learned.",
}


@dataclass(frozen=True)
class Star:
    evidence: dict[str, str]  # component → the sentence that shows it
    ordered: bool

    @property
    def present(self) -> list[str]:
        return [c for c in COMPONENTS if c in self.evidence]

    @property
    def missing(self) -> list[str]:
        return [c for c in COMPONENTS if c not in self.evidence]

    @property
    def share(self) -> float:
        return len(self.evidence) / len(COMPONENTS)


def detect_star(text: str) -> Star:
    evidence: dict[str, str] = {}
    first_index: dict[str, int] = {}
    for i, sentence in enumerate(sentences(text)):
        for component, pattern in _CUES.items():
            if component not in evidence and pattern.search(sentence):
                evidence[component] = sentence.strip()
                first_index[component] = i
    positions = [first_index[c] for c in COMPONENTS if c in first_index]
    return Star(evidence=evidence, ordered=positions == sorted(positions) and len(positions) >= 3)

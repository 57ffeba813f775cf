"""Validate the question bank files and print per-topic counts (used by helpers and CI)."""

from __future__ import annotations

import collections
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BANK_MODULE = ROOT / "services/interview-engine/src/intervox_engine/domain/bank.py"
sys.path.insert(0, str(ROOT / "libs/contracts/src"))

spec = importlib.util.spec_from_file_location("bank", BANK_MODULE)
assert spec
assert spec.loader
bank_module = importlib.util.module_from_spec(spec)
sys.modules["bank"] = bank_module
spec.loader.exec_module(bank_module)

bank = bank_module.load_bank(ROOT / "services/interview-engine/src/intervox_engine/bank")
counts: collections.Counter[tuple[str, str]] = collections.Counter(
    (q.topic, q.difficulty.value) for q in bank.questions
)
for topic in sorted(bank.topics):
    row = {d: counts[(topic, d)] for d in ("easy", "medium", "hard")}
    print(f"{topic:28s} {row}")
print(f"bank {bank.version}: {len(bank.questions)} questions, {len(bank.topics)} topics")

"""The README's generated tables match the code (run `make docs` when this fails)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_tables_are_current() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/gen_docs.py", "--check"], cwd=ROOT, check=False
    )
    assert result.returncode == 0, "README event/config tables are stale: run `make docs`"

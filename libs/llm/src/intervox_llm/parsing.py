"""Model text → validated pydantic object."""

from __future__ import annotations

import json
import re
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from intervox_llm.errors import LLMOutputError

M = TypeVar("M", bound=BaseModel)

_FENCE = re.compile(r"^\s*```(?:json|JSON)?\s*\n?(.*?)\n?\s*```\s*$", re.S)


def parse_json_output(provider: str, text: str | None, schema: type[M]) -> M:
    """Parse and validate; local models often wrap JSON in a Markdown fence, which is removed."""
    if not text or not text.strip():
        raise LLMOutputError(provider, "empty response", text or "")
    fenced = _FENCE.match(text)
    body = fenced.group(1) if fenced else text
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise LLMOutputError(provider, f"response is not JSON ({exc.msg})", text) from exc
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(root)"
        raise LLMOutputError(
            provider,
            f"response does not match {schema.__name__}: {where}: {first['msg']}"
            f" ({exc.error_count()} error(s))",
            text,
        ) from exc

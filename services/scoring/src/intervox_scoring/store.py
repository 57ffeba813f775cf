"""Scoring persistence (schema ``scoring``): one row per scored answer."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from intervox_platform.db import utc_datetime_field
from sqlmodel import Field, SQLModel

SCHEMA = "scoring"


class AnswerScore(SQLModel, table=True):
    __tablename__ = "scores"
    __table_args__ = {"schema": SCHEMA}

    answer_id: uuid.UUID = Field(primary_key=True)
    interview_id: uuid.UUID = Field(index=True)
    user_id: uuid.UUID = Field(index=True)
    question_id: str
    topic: str
    overall: float
    correctness: float
    completeness: float
    clarity: float
    scorer: str
    detail: dict[str, Any] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    scored_at: datetime = utc_datetime_field()

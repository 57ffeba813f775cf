"""What a candidate brings: the topic catalogue, skills detected in a JD or resume, and
their voice preferences.

(No `from __future__ import annotations`: FastAPI resolves the closures' annotations.)
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, UploadFile
from intervox_contracts import utc_now
from intervox_contracts.enums import InterviewType, Seniority
from intervox_platform.messaging import Messaging
from intervox_platform.security import AccessClaims, TokenVerifier, bearer_token
from intervox_platform.storage import MediaStore
from intervox_platform.web import ApiError, ErrorBody
from intervox_skills import extract_skills, load_topics
from intervox_skills.documents import MAX_DOCUMENT_BYTES, DocumentError, extract_text
from pydantic import BaseModel, Field

from intervox_gateway import store

ROLE_PRESETS = [
    "Backend engineer",
    "Frontend engineer",
    "Full-stack engineer",
    "Mobile engineer",
    "Data engineer",
    "Machine learning engineer",
    "DevOps / platform engineer",
    "Site reliability engineer",
    "Security engineer",
    "Engineering manager",
]


class TopicOut(BaseModel):
    id: str
    name: str
    category: str


class Catalog(BaseModel):
    topics: list[TopicOut]
    roles: list[str]
    seniorities: list[Seniority]
    interview_types: list[InterviewType]
    lengths: list[int]


class DetectedSkillOut(BaseModel):
    skill: str
    name: str
    topic: str
    mentions: int
    evidence: str


class SkillsOut(BaseModel):
    resume_id: uuid.UUID | None
    skills: list[DetectedSkillOut]
    topics: list[str]


class PreferencesIn(BaseModel):
    voice: str | None = Field(default=None, max_length=64)
    speech_rate: float = Field(default=1.0, ge=0.75, le=1.5)
    end_of_turn_silence_s: float = Field(default=2.5, ge=1.5, le=6.0)


class PreferencesOut(PreferencesIn):
    pass


def build_profile_router(
    messaging: Messaging, verifier: TokenVerifier, media: MediaStore
) -> APIRouter:
    router = APIRouter(
        prefix="/api/v1",
        tags=["profile"],
        responses={s: {"model": ErrorBody} for s in (401, 413, 415, 422)},
    )

    async def current_user(authorization: Annotated[str | None, Header()] = None) -> AccessClaims:
        return await verifier.verify(bearer_token(authorization))

    User = Annotated[AccessClaims, Depends(current_user)]

    @router.get("/catalog", response_model=Catalog, summary="Topics, roles and options")
    async def catalog() -> Catalog:
        return Catalog(
            topics=[TopicOut(id=t.id, name=t.name, category=t.category) for t in load_topics()],
            roles=ROLE_PRESETS,
            seniorities=list(Seniority),
            interview_types=list(InterviewType),
            lengths=[5, 10, 15],
        )

    @router.post(
        "/profile/skills",
        response_model=SkillsOut,
        summary="Detect skills and topics in a job description and/or a resume",
    )
    async def detect_skills(
        user: User,
        job_description: Annotated[str | None, Form(max_length=20_000)] = None,
        resume: Annotated[UploadFile | None, File()] = None,
    ) -> SkillsOut:
        texts = [job_description] if job_description and job_description.strip() else []
        resume_id: uuid.UUID | None = None
        if resume is not None:
            data = await resume.read(MAX_DOCUMENT_BYTES + 1)
            try:
                text = extract_text(resume.filename or "", resume.content_type or "", data)
            except DocumentError as exc:
                status = {"DOCUMENT_TOO_LARGE": 413, "UNSUPPORTED_DOCUMENT": 415}.get(exc.code, 422)
                raise ApiError(status, exc.code, exc.message) from exc
            resume_id = uuid.uuid4()
            suffix = (resume.filename or "resume").rsplit(".", 1)[-1].lower()[:5] or "bin"
            key = f"resumes/{user.user_id}/{resume_id}.{suffix}"
            await media.put(key, data)
            async with messaging.unit_of_work() as uow:
                uow.session.add(
                    store.Resume(
                        id=resume_id,
                        user_id=user.user_id,
                        filename=(resume.filename or "resume")[:255],
                        media_key=key,
                        text=text,
                        created_at=utc_now(),
                    )
                )
            texts.append(text)
        if not texts:
            raise ApiError(422, "NOTHING_TO_ANALYSE", "Paste a job description or upload a resume.")
        report = extract_skills(*texts)
        return SkillsOut(
            resume_id=resume_id,
            skills=[
                DetectedSkillOut(
                    skill=s.skill,
                    name=s.name,
                    topic=s.topic,
                    mentions=s.mentions,
                    evidence=s.evidence,
                )
                for s in report.skills
            ],
            topics=report.topics,
        )

    @router.get("/me/preferences", response_model=PreferencesOut)
    async def get_preferences(user: User) -> PreferencesOut:
        async with messaging.sessions() as session:
            row = await session.get(store.Preferences, user.user_id)
        if row is None:
            return PreferencesOut()
        return PreferencesOut(
            voice=row.voice,
            speech_rate=row.speech_rate,
            end_of_turn_silence_s=row.end_of_turn_silence_s,
        )

    @router.put("/me/preferences", response_model=PreferencesOut)
    async def put_preferences(body: PreferencesIn, user: User) -> PreferencesOut:
        async with messaging.unit_of_work() as uow:
            row = await uow.session.get(store.Preferences, user.user_id)
            row = row or store.Preferences(user_id=user.user_id, updated_at=utc_now())
            row.voice = body.voice
            row.speech_rate = body.speech_rate
            row.end_of_turn_silence_s = body.end_of_turn_silence_s
            row.updated_at = utc_now()
            uow.session.add(row)
        return PreferencesOut(**body.model_dump())

    return router

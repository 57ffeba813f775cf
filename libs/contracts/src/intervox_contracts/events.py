"""Every event of the interview flow, one model each.

Client-facing events (``RELAYED = True``) are the ones the gateway sequences and relays to
the browsers subscribed to the interview; their ``type`` strings are what web clients
switch on. The others travel between services only. ``routing.py`` lists who consumes what.
"""

from __future__ import annotations

import uuid
from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, Field, TypeAdapter, model_validator

from intervox_contracts.enums import (
    AnswerMode,
    Difficulty,
    EndReason,
    InterviewStatus,
    InterviewType,
    QuestionKind,
    Seniority,
)
from intervox_contracts.envelope import Event, Payload

Score = Annotated[float, Field(ge=0, le=100)]


# --------------------------------------------------------------------------- shared parts
class QuestionView(Payload):
    """A question as the candidate sees it. Never carries the model answer or key points."""

    question_id: str = Field(description="Unique within the interview, e.g. 'q3' or 'q3-f1'.")
    index: int = Field(ge=1, description="1-based position among the main questions.")
    total: int = Field(ge=1, description="Number of main questions in the interview.")
    text: str
    topic: str
    difficulty: Difficulty
    kind: QuestionKind
    is_follow_up: bool = False
    parent_question_id: str | None = None
    source: str = Field(default="bank", description="'bank' or the LLM provider that wrote it.")


class KeyPointRef(Payload):
    id: str
    text: str
    keywords: list[str] = Field(default_factory=list)
    importance: int = Field(default=2, ge=1, le=3)


class WordTiming(Payload):
    word: str
    start_s: float = Field(ge=0)
    end_s: float = Field(ge=0)
    confidence: float = Field(ge=0, le=1)


class DeliveryMetrics(Payload):
    """How an answer was spoken; absent for typed answers."""

    duration_s: float = Field(ge=0)
    speaking_s: float = Field(ge=0)
    words: int = Field(ge=0)
    words_per_minute: float = Field(ge=0)
    filler_words: int = Field(ge=0)
    fillers_per_minute: float = Field(ge=0)
    filler_breakdown: dict[str, int] = Field(default_factory=dict)
    long_pauses: int = Field(ge=0)
    longest_pause_s: float = Field(ge=0)


# --------------------------------------------------------------------------- payloads
class InterviewRequestedPayload(Payload):
    role: str = Field(min_length=2, max_length=120)
    seniority: Seniority
    interview_type: InterviewType = InterviewType.TECHNICAL
    topics: list[str] = Field(default_factory=list, max_length=12)
    question_count: int = Field(ge=1, le=20)
    job_description: str | None = None
    resume_text: str | None = None
    voice: str | None = Field(default=None, description="TTS voice for this interview.")
    speech_rate: float | None = Field(default=None, ge=0.75, le=1.5)
    daily_challenge: bool = False


class InterviewStartedPayload(Payload):
    question_count: int = Field(ge=1)
    topics: list[str]
    plan_source: str


class QuestionsReadyPayload(Payload):
    total: int = Field(ge=1)
    topics: list[str]
    first_question: QuestionView


class NextQuestionPayload(Payload):
    question: QuestionView
    previous_question_id: str | None = None
    reason: Literal["answered", "skipped"] = "answered"


class QuestionAudioReadyPayload(Payload):
    question_id: str
    text: str = Field(description="Captions: the words spoken in the audio.")
    audio_url: str
    mime_type: str
    duration_ms: int = Field(ge=0)
    engine: str
    voice: str
    cached: bool = False


class AnswerSubmittedPayload(Payload):
    answer_id: uuid.UUID
    question_id: str
    text: str = Field(min_length=1, max_length=20_000)
    mode: AnswerMode = AnswerMode.TEXT


class QuestionSkippedPayload(Payload):
    question_id: str


class InterviewEndRequestedPayload(Payload):
    reason: EndReason = EndReason.ENDED_EARLY


class AnswerAudioSegmentReceivedPayload(Payload):
    answer_id: uuid.UUID
    question_id: str
    segment_index: int = Field(ge=0)
    mime_type: str
    audio_b64: str = Field(description="The utterance segment, base64 (at most 30 s of audio).")
    storage_key: str | None = None


class AnswerAudioCompletedPayload(Payload):
    answer_id: uuid.UUID
    question_id: str
    segment_count: int = Field(ge=0)


class TranscriptPartialPayload(Payload):
    answer_id: uuid.UUID
    question_id: str
    segment_index: int = Field(ge=0)
    text: str


class TranscriptFinalPayload(Payload):
    answer_id: uuid.UUID
    question_id: str
    text: str
    no_speech: bool = Field(description="True when the audio held no speech: never scored.")
    words: list[WordTiming] = Field(default_factory=list)
    confidence: float = Field(ge=0, le=1)
    engine: str
    fallback_from: str | None = Field(
        default=None, description="The provider that failed, when the local engine took over."
    )
    delivery: DeliveryMetrics | None = None


class AnswerScoringRequestedPayload(Payload):
    answer_id: uuid.UUID
    question_id: str
    question_text: str
    topic: str
    kind: QuestionKind
    difficulty: Difficulty
    model_answer: str
    key_points: list[KeyPointRef]
    answer_text: str
    mode: AnswerMode
    is_follow_up: bool = False
    delivery: DeliveryMetrics | None = None


class ScoreReadyPayload(Payload):
    answer_id: uuid.UUID
    question_id: str
    overall: Score
    correctness: Score
    completeness: Score
    clarity: Score
    feedback: str
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    key_points_covered: list[str] = Field(default_factory=list)
    key_points_missed: list[str] = Field(default_factory=list)
    confidence: float = Field(ge=0, le=1)
    model_answer: str
    scorer: str


class FollowUpAskedPayload(Payload):
    question: QuestionView
    key_point_id: str | None = None


class InterviewEndPayload(Payload):
    status: Literal[InterviewStatus.COMPLETED, InterviewStatus.ABANDONED]
    reason: EndReason
    answered: int = Field(ge=0)
    skipped: int = Field(ge=0)
    overall_score: Score | None = None


class ResourceLink(Payload):
    title: str
    url: str


class Improvement(Payload):
    text: str
    topic: str
    resources: list[ResourceLink] = Field(default_factory=list)


class QuestionReport(Payload):
    question_id: str
    text: str
    topic: str
    difficulty: Difficulty
    is_follow_up: bool = False
    skipped: bool = False
    answer_text: str | None = None
    overall: Score | None = None
    correctness: Score | None = None
    completeness: Score | None = None
    clarity: Score | None = None
    feedback: str | None = None
    key_points_missed: list[str] = Field(
        default_factory=list, description="The missed key points, as sentences."
    )
    model_answer: str | None = None
    answer_id: uuid.UUID | None = None
    answer_mode: AnswerMode | None = None
    parent_question_id: str | None = None
    key_points_covered: list[str] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    question_score: Score | None = Field(
        default=None, description="The main question's score with its follow-up counted."
    )
    delivery: DeliveryMetrics | None = None
    resources: list[ResourceLink] = Field(default_factory=list)
    source: str | None = None


class DeliverySummary(Payload):
    spoken_answers: int = Field(ge=0)
    words_per_minute: float = Field(ge=0)
    fillers_per_minute: float = Field(ge=0)
    filler_words: int = Field(ge=0)
    long_pauses: int = Field(ge=0)
    longest_pause_s: float = Field(ge=0)
    speaking_s: float = Field(ge=0)
    thinking_s: float = Field(ge=0)


class InterviewReport(Payload):
    """The final report; later versions add fields (all optional) without a version bump."""

    interview_id: uuid.UUID
    role: str
    seniority: Seniority
    status: InterviewStatus
    overall: Score | None = None
    correctness: Score | None = None
    completeness: Score | None = None
    clarity: Score | None = None
    per_topic: dict[str, float] = Field(default_factory=dict)
    questions: list[QuestionReport] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    interview_type: InterviewType | None = None
    end_reason: EndReason | None = None
    answered: int | None = None
    skipped: int | None = None
    question_count: int | None = None
    started_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    improvement_plan: list[Improvement] = Field(default_factory=list)
    delivery: DeliverySummary | None = None
    trend: Literal["first", "improving", "declining", "consistent"] | None = None
    previous_overall: list[float] = Field(
        default_factory=list, description="Earlier sessions' overall scores, newest first."
    )
    ratings: dict[str, float] = Field(
        default_factory=dict, description="The user's topic ratings after this interview."
    )


class ReportReadyPayload(Payload):
    report_url: str
    overall_score: Score | None = None
    report: InterviewReport


class InterviewPausedPayload(Payload):
    question_id: str | None = None
    resume_before: AwareDatetime = Field(description="Resumable until then (24 h).")


class InterviewResumedPayload(Payload):
    question: QuestionView


class QuestionRepeatedPayload(Payload):
    question: QuestionView


class QuestionsUpcomingPayload(Payload):
    after_question_id: str = Field(description="The main question just asked.")
    asked_text: str = Field(
        min_length=1,
        description="That question's text. The TTS speaks it first (or waits for its audio "
        "if it is being made), so speaking ahead never delays the question asked.",
    )
    texts: list[str] = Field(
        default_factory=list,
        max_length=3,
        description="The next main question for each difficulty the answer can lead to, "
        "the likeliest (same difficulty) first; empty after the last main question.",
    )
    follow_ups: list[str] = Field(
        default_factory=list,
        max_length=2,
        description="The follow-up questions the answer to this question is likeliest to "
        "earn, likeliest first (empty when the interview asks no follow-ups).",
    )

    @model_validator(mode="after")
    def _something_is_upcoming(self) -> QuestionsUpcomingPayload:
        if not self.texts and not self.follow_ups:
            raise ValueError("nothing upcoming: send no event")
        return self


class InterviewControlRequestedPayload(Payload):
    action: Literal["pause", "resume", "repeat"]


class CommandRejectedPayload(Payload):
    command_event_id: uuid.UUID
    code: str
    message: str


# --------------------------------------------------------------------------- events
class InterviewRequested(Event):
    TYPE: ClassVar[str] = "interview.requested"
    SUMMARY: ClassVar[str] = "A candidate asked for a new interview (gateway → engine)."
    type: Literal["interview.requested"] = "interview.requested"
    version: Literal[1] = 1
    payload: InterviewRequestedPayload


class InterviewStarted(Event):
    TYPE: ClassVar[str] = "interview.started"
    SUMMARY: ClassVar[str] = "The engine planned the interview and it is under way."
    type: Literal["interview.started"] = "interview.started"
    version: Literal[1] = 1
    payload: InterviewStartedPayload


class QuestionsReady(Event):
    TYPE: ClassVar[str] = "questions_ready"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The plan is ready; carries the first question."
    type: Literal["questions_ready"] = "questions_ready"
    version: Literal[1] = 1
    payload: QuestionsReadyPayload


class NextQuestionAsked(Event):
    TYPE: ClassVar[str] = "next_question"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The engine moved on to the next main question."
    type: Literal["next_question"] = "next_question"
    version: Literal[1] = 1
    payload: NextQuestionPayload


class QuestionAudioReady(Event):
    TYPE: ClassVar[str] = "question_audio_ready"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The spoken version of a question is stored and playable."
    type: Literal["question_audio_ready"] = "question_audio_ready"
    version: Literal[1] = 1
    payload: QuestionAudioReadyPayload


class QuestionsUpcoming(Event):
    TYPE: ClassVar[str] = "questions.upcoming"
    SUMMARY: ClassVar[str] = (
        "The questions and follow-ups that may come next (engine → tts, which speaks them "
        "ahead of time so the next one plays at once). Never relayed: candidates do not see "
        "them."
    )
    type: Literal["questions.upcoming"] = "questions.upcoming"
    version: Literal[1] = 1
    payload: QuestionsUpcomingPayload


class AnswerSubmitted(Event):
    TYPE: ClassVar[str] = "answer.submitted"
    SUMMARY: ClassVar[str] = "A typed answer to the current question (gateway → engine)."
    type: Literal["answer.submitted"] = "answer.submitted"
    version: Literal[1] = 1
    payload: AnswerSubmittedPayload


class QuestionSkipped(Event):
    TYPE: ClassVar[str] = "question.skipped"
    SUMMARY: ClassVar[str] = "The candidate skipped the current question (gateway → engine)."
    type: Literal["question.skipped"] = "question.skipped"
    version: Literal[1] = 1
    payload: QuestionSkippedPayload


class InterviewEndRequested(Event):
    TYPE: ClassVar[str] = "interview.end_requested"
    SUMMARY: ClassVar[str] = "The candidate ended the interview early (gateway → engine)."
    type: Literal["interview.end_requested"] = "interview.end_requested"
    version: Literal[1] = 1
    payload: InterviewEndRequestedPayload


class AnswerAudioSegmentReceived(Event):
    TYPE: ClassVar[str] = "answer.audio_segment_received"
    SUMMARY: ClassVar[str] = "One utterance of a spoken answer (gateway → stt)."
    type: Literal["answer.audio_segment_received"] = "answer.audio_segment_received"
    version: Literal[1] = 1
    payload: AnswerAudioSegmentReceivedPayload


class AnswerAudioCompleted(Event):
    TYPE: ClassVar[str] = "answer.audio_completed"
    SUMMARY: ClassVar[str] = "The candidate finished speaking; all segments were sent."
    type: Literal["answer.audio_completed"] = "answer.audio_completed"
    version: Literal[1] = 1
    payload: AnswerAudioCompletedPayload


class TranscriptPartial(Event):
    TYPE: ClassVar[str] = "transcript.partial"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "Transcript of one segment, shown live while the candidate speaks."
    type: Literal["transcript.partial"] = "transcript.partial"
    version: Literal[1] = 1
    payload: TranscriptPartialPayload


class TranscriptFinal(Event):
    TYPE: ClassVar[str] = "transcript.final"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The assembled transcript of a spoken answer, with timings."
    type: Literal["transcript.final"] = "transcript.final"
    version: Literal[1] = 1
    payload: TranscriptFinalPayload


class AnswerScoringRequested(Event):
    TYPE: ClassVar[str] = "answer.scoring_requested"
    SUMMARY: ClassVar[str] = (
        "An answer with its question's rubric, to be scored (engine → scoring)."
    )
    type: Literal["answer.scoring_requested"] = "answer.scoring_requested"
    version: Literal[1] = 1
    payload: AnswerScoringRequestedPayload


class ScoreReady(Event):
    TYPE: ClassVar[str] = "score_ready"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The rubric score and feedback for one answer."
    type: Literal["score_ready"] = "score_ready"
    version: Literal[1] = 1
    payload: ScoreReadyPayload


class FollowUpAsked(Event):
    TYPE: ClassVar[str] = "follow_up_asked"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "A follow-up probing a key point the last answer missed."
    type: Literal["follow_up_asked"] = "follow_up_asked"
    version: Literal[1] = 1
    payload: FollowUpAskedPayload


class InterviewEnded(Event):
    TYPE: ClassVar[str] = "interview_end"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The interview is over: completed or abandoned."
    type: Literal["interview_end"] = "interview_end"
    version: Literal[1] = 1
    payload: InterviewEndPayload


class ReportReady(Event):
    TYPE: ClassVar[str] = "report_ready"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The final report can be fetched."
    type: Literal["report_ready"] = "report_ready"
    version: Literal[1] = 1
    payload: ReportReadyPayload


class InterviewControlRequested(Event):
    TYPE: ClassVar[str] = "interview.control_requested"
    SUMMARY: ClassVar[str] = "The candidate paused, resumed or asked to repeat (gateway → engine)."
    type: Literal["interview.control_requested"] = "interview.control_requested"
    version: Literal[1] = 1
    payload: InterviewControlRequestedPayload


class InterviewPaused(Event):
    TYPE: ClassVar[str] = "interview_paused"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The interview is paused; it can be resumed within 24 hours."
    type: Literal["interview_paused"] = "interview_paused"
    version: Literal[1] = 1
    payload: InterviewPausedPayload


class InterviewResumed(Event):
    TYPE: ClassVar[str] = "interview_resumed"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The interview continues from the exact question it was paused on."
    type: Literal["interview_resumed"] = "interview_resumed"
    version: Literal[1] = 1
    payload: InterviewResumedPayload


class QuestionRepeated(Event):
    TYPE: ClassVar[str] = "question_repeated"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The current question, asked again on request."
    type: Literal["question_repeated"] = "question_repeated"
    version: Literal[1] = 1
    payload: QuestionRepeatedPayload


class CommandRejected(Event):
    TYPE: ClassVar[str] = "command_rejected"
    RELAYED: ClassVar[bool] = True
    SUMMARY: ClassVar[str] = "The engine refused a command the gateway had accepted (e.g. a race)."
    type: Literal["command_rejected"] = "command_rejected"
    version: Literal[1] = 1
    payload: CommandRejectedPayload


ALL_EVENTS: tuple[type[Event], ...] = (
    InterviewRequested,
    InterviewStarted,
    QuestionsReady,
    NextQuestionAsked,
    QuestionAudioReady,
    AnswerSubmitted,
    QuestionSkipped,
    InterviewEndRequested,
    AnswerAudioSegmentReceived,
    AnswerAudioCompleted,
    TranscriptPartial,
    TranscriptFinal,
    AnswerScoringRequested,
    ScoreReady,
    FollowUpAsked,
    InterviewEnded,
    ReportReady,
    InterviewControlRequested,
    InterviewPaused,
    InterviewResumed,
    QuestionRepeated,
    CommandRejected,
    QuestionsUpcoming,
)
EVENT_TYPES: dict[str, type[Event]] = {cls.TYPE: cls for cls in ALL_EVENTS}
RELAYED_TYPES: frozenset[str] = frozenset(cls.TYPE for cls in ALL_EVENTS if cls.RELAYED)

AnyEvent = Annotated[
    InterviewRequested
    | InterviewStarted
    | QuestionsReady
    | NextQuestionAsked
    | QuestionAudioReady
    | AnswerSubmitted
    | QuestionSkipped
    | InterviewEndRequested
    | AnswerAudioSegmentReceived
    | AnswerAudioCompleted
    | TranscriptPartial
    | TranscriptFinal
    | AnswerScoringRequested
    | ScoreReady
    | FollowUpAsked
    | InterviewEnded
    | ReportReady
    | InterviewControlRequested
    | InterviewPaused
    | InterviewResumed
    | QuestionRepeated
    | CommandRejected
    | QuestionsUpcoming,
    Field(discriminator="type"),
]
_ANY_EVENT: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)


def parse_event(raw: bytes | str) -> Event:
    """Decode a wire message into its event model; raises ``pydantic.ValidationError``."""
    event: Event = _ANY_EVENT.validate_json(raw)
    return event

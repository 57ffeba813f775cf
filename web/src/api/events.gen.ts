// Generated from docs/asyncapi.yaml by `npm run gen`; do not edit by hand.

/**
 * Every event the gateway relays to browsers (x-relayed-to-clients).
 */
export type ClientEventUnion =
  | CommandRejected
  | FollowUpAsked
  | InterviewEnded
  | InterviewPaused
  | InterviewResumed
  | NextQuestionAsked
  | QuestionAudioReady
  | QuestionRepeated
  | QuestionsReady
  | ReportReady
  | ScoreReady
  | TranscriptFinal
  | TranscriptPartial;
export type Difficulty = "easy" | "medium" | "hard";
export type QuestionKind = "technical" | "behavioral" | "system_design";
export type EndReason = "finished" | "ended_early" | "inactivity_timeout";
export type Seniority = "intern" | "junior" | "mid" | "senior" | "staff";
export type InterviewStatus = "created" | "in_progress" | "paused" | "completed" | "abandoned";
export type AnswerMode = "text" | "voice";
export type InterviewType = "technical" | "behavioral" | "system_design" | "mixed";

export interface CommandRejected {
  event_id?: string;
  type?: "command_rejected";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: CommandRejectedPayload;
}
export interface CommandRejectedPayload {
  command_event_id: string;
  code: string;
  message: string;
}
export interface FollowUpAsked {
  event_id?: string;
  type?: "follow_up_asked";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: FollowUpAskedPayload;
}
export interface FollowUpAskedPayload {
  question: QuestionView;
  key_point_id?: string | null;
}
/**
 * A question as the candidate sees it. Never carries the model answer or key points.
 */
export interface QuestionView {
  /**
   * Unique within the interview, e.g. 'q3' or 'q3-f1'.
   */
  question_id: string;
  /**
   * 1-based position among the main questions.
   */
  index: number;
  /**
   * Number of main questions in the interview.
   */
  total: number;
  text: string;
  topic: string;
  difficulty: Difficulty;
  kind: QuestionKind;
  is_follow_up?: boolean;
  parent_question_id?: string | null;
  /**
   * 'bank' or the LLM provider that wrote it.
   */
  source?: string;
}
export interface InterviewEnded {
  event_id?: string;
  type?: "interview_end";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: InterviewEndPayload;
}
export interface InterviewEndPayload {
  status: "completed" | "abandoned";
  reason: EndReason;
  answered: number;
  skipped: number;
  overall_score?: number | null;
}
export interface InterviewPaused {
  event_id?: string;
  type?: "interview_paused";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: InterviewPausedPayload;
}
export interface InterviewPausedPayload {
  question_id?: string | null;
  /**
   * Resumable until then (24 h).
   */
  resume_before: string;
}
export interface InterviewResumed {
  event_id?: string;
  type?: "interview_resumed";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: InterviewResumedPayload;
}
export interface InterviewResumedPayload {
  question: QuestionView;
}
export interface NextQuestionAsked {
  event_id?: string;
  type?: "next_question";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: NextQuestionPayload;
}
export interface NextQuestionPayload {
  question: QuestionView;
  previous_question_id?: string | null;
  reason?: "answered" | "skipped";
}
export interface QuestionAudioReady {
  event_id?: string;
  type?: "question_audio_ready";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: QuestionAudioReadyPayload;
}
export interface QuestionAudioReadyPayload {
  question_id: string;
  /**
   * Captions: the words spoken in the audio.
   */
  text: string;
  audio_url: string;
  mime_type: string;
  duration_ms: number;
  engine: string;
  voice: string;
  cached?: boolean;
}
export interface QuestionRepeated {
  event_id?: string;
  type?: "question_repeated";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: QuestionRepeatedPayload;
}
export interface QuestionRepeatedPayload {
  question: QuestionView;
}
export interface QuestionsReady {
  event_id?: string;
  type?: "questions_ready";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: QuestionsReadyPayload;
}
export interface QuestionsReadyPayload {
  total: number;
  topics: string[];
  first_question: QuestionView;
}
export interface ReportReady {
  event_id?: string;
  type?: "report_ready";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: ReportReadyPayload;
}
export interface ReportReadyPayload {
  report_url: string;
  overall_score?: number | null;
  report: InterviewReport;
}
/**
 * The final report; later versions add fields (all optional) without a version bump.
 */
export interface InterviewReport {
  interview_id: string;
  role: string;
  seniority: Seniority;
  status: InterviewStatus;
  overall?: number | null;
  correctness?: number | null;
  completeness?: number | null;
  clarity?: number | null;
  per_topic?: {
    [k: string]: number | undefined;
  };
  questions?: QuestionReport[];
  strengths?: string[];
  improvements?: string[];
  interview_type?: InterviewType | null;
  end_reason?: EndReason | null;
  answered?: number | null;
  skipped?: number | null;
  question_count?: number | null;
  started_at?: string | null;
  ended_at?: string | null;
  improvement_plan?: Improvement[];
  delivery?: DeliverySummary | null;
  trend?: ("first" | "improving" | "declining" | "consistent") | null;
  /**
   * Earlier sessions' overall scores, newest first.
   */
  previous_overall?: number[];
  /**
   * The user's topic ratings after this interview.
   */
  ratings?: {
    [k: string]: number | undefined;
  };
}
export interface QuestionReport {
  question_id: string;
  text: string;
  topic: string;
  difficulty: Difficulty;
  is_follow_up?: boolean;
  skipped?: boolean;
  answer_text?: string | null;
  overall?: number | null;
  correctness?: number | null;
  completeness?: number | null;
  clarity?: number | null;
  feedback?: string | null;
  /**
   * The missed key points, as sentences.
   */
  key_points_missed?: string[];
  model_answer?: string | null;
  answer_id?: string | null;
  answer_mode?: AnswerMode | null;
  parent_question_id?: string | null;
  key_points_covered?: string[];
  strengths?: string[];
  improvements?: string[];
  /**
   * The main question's score with its follow-up counted.
   */
  question_score?: number | null;
  delivery?: DeliveryMetrics | null;
  resources?: ResourceLink[];
  source?: string | null;
}
/**
 * How an answer was spoken; absent for typed answers.
 */
export interface DeliveryMetrics {
  duration_s: number;
  speaking_s: number;
  words: number;
  words_per_minute: number;
  filler_words: number;
  fillers_per_minute: number;
  filler_breakdown?: {
    [k: string]: number | undefined;
  };
  long_pauses: number;
  longest_pause_s: number;
}
export interface ResourceLink {
  title: string;
  url: string;
}
export interface Improvement {
  text: string;
  topic: string;
  resources?: ResourceLink[];
}
export interface DeliverySummary {
  spoken_answers: number;
  words_per_minute: number;
  fillers_per_minute: number;
  filler_words: number;
  long_pauses: number;
  longest_pause_s: number;
  speaking_s: number;
  thinking_s: number;
}
export interface ScoreReady {
  event_id?: string;
  type?: "score_ready";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: ScoreReadyPayload;
}
export interface ScoreReadyPayload {
  answer_id: string;
  question_id: string;
  overall: number;
  correctness: number;
  completeness: number;
  clarity: number;
  feedback: string;
  strengths?: string[];
  improvements?: string[];
  key_points_covered?: string[];
  key_points_missed?: string[];
  confidence: number;
  model_answer: string;
  scorer: string;
}
export interface TranscriptFinal {
  event_id?: string;
  type?: "transcript.final";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: TranscriptFinalPayload;
}
export interface TranscriptFinalPayload {
  answer_id: string;
  question_id: string;
  text: string;
  /**
   * True when the audio held no speech: never scored.
   */
  no_speech: boolean;
  words?: WordTiming[];
  confidence: number;
  engine: string;
  /**
   * The provider that failed, when the local engine took over.
   */
  fallback_from?: string | null;
  delivery?: DeliveryMetrics | null;
}
export interface WordTiming {
  word: string;
  start_s: number;
  end_s: number;
  confidence: number;
}
export interface TranscriptPartial {
  event_id?: string;
  type?: "transcript.partial";
  version?: 1;
  occurred_at?: string;
  interview_id: string;
  user_id: string;
  correlation_id: string;
  causation_id?: string | null;
  seq?: number | null;
  payload: TranscriptPartialPayload;
}
export interface TranscriptPartialPayload {
  answer_id: string;
  question_id: string;
  segment_index: number;
  text: string;
}

/** The `type` of every event relayed to browsers. */
export const CLIENT_EVENT_TYPES = ["command_rejected", "follow_up_asked", "interview_end", "interview_paused", "interview_resumed", "next_question", "question_audio_ready", "question_repeated", "questions_ready", "report_ready", "score_ready", "transcript.final", "transcript.partial"] as const;
export type ClientEventType = "command_rejected" | "follow_up_asked" | "interview_end" | "interview_paused" | "interview_resumed" | "next_question" | "question_audio_ready" | "question_repeated" | "questions_ready" | "report_ready" | "score_ready" | "transcript.final" | "transcript.partial";

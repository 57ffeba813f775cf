// The interview room's state, folded from the event stream (pure: unit-tested). A reload
// replays the stream from seq 0, so the same fold rebuilds the room exactly.
import type {
  ClientEvent,
  Interview,
  InterviewEndPayload,
  QuestionAudio,
  QuestionView,
  ScorePayload,
  TranscriptFinalPayload,
} from "../api/types";

export interface AnswerTranscript {
  answerId: string;
  questionId: string;
  partials: Record<number, string>;
  final: TranscriptFinalPayload | null;
}

export interface AskedQuestion {
  question: QuestionView;
  askedAt: string;
  /** How often it was asked again (repeat requests): each one replays its audio. */
  repeats: number;
}

export interface Notice {
  id: string;
  kind: "info" | "warning";
  text: string;
}

export interface RoomState {
  lastSeq: number;
  total: number | null;
  order: string[];
  asked: Record<string, AskedQuestion>;
  currentId: string | null;
  /** Questions answered (or skipped) whose outcome has not arrived yet. */
  submitted: string[];
  skipped: string[];
  typed: Record<string, string>;
  scores: Record<string, ScorePayload>;
  audio: Record<string, QuestionAudio>;
  transcripts: Record<string, AnswerTranscript>;
  /** The answer shown as live captions: the latest spoken one. */
  liveAnswerId: string | null;
  paused: { resumeBefore: string } | null;
  ended: InterviewEndPayload | null;
  reportReady: boolean;
  notices: Notice[];
}

export type LocalAction =
  | { type: "local/typed_answer"; questionId: string; text: string }
  | { type: "local/skip"; questionId: string }
  | { type: "local/retract"; questionId: string }
  | { type: "local/dismiss"; id: string };

export type RoomAction = ClientEvent | LocalAction;

export function initialRoom(interview?: Interview | null): RoomState {
  const state: RoomState = {
    lastSeq: 0,
    total: interview?.question_count ?? null,
    order: [],
    asked: {},
    currentId: null,
    submitted: [],
    skipped: [],
    typed: {},
    scores: {},
    audio: {},
    transcripts: {},
    liveAnswerId: null,
    paused: interview?.status === "paused" ? { resumeBefore: "" } : null,
    ended: null,
    reportReady: false,
    notices: [],
  };
  const question = interview?.current_question;
  if (question) {
    // Only events fill `order` (the replay from seq 0 puts every question in its place).
    state.asked = { [question.question_id]: { question, askedAt: interview.updated_at, repeats: 0 } };
    state.currentId = question.question_id;
    // A typed answer is not an event the browser sees: the interview says one is pending.
    if (interview.awaiting_score) state.submitted = [question.question_id];
  }
  return state;
}

function ask(state: RoomState, question: QuestionView, at: string, repeat = false): RoomState {
  const id = question.question_id;
  const existing = state.asked[id];
  const asked = {
    ...state.asked,
    [id]: {
      question,
      askedAt: existing && !repeat ? existing.askedAt : at,
      repeats: (existing?.repeats ?? 0) + (repeat ? 1 : 0),
    },
  };
  return {
    ...state,
    asked,
    order: state.order.includes(id) ? state.order : [...state.order, id],
    currentId: id,
    total: question.total,
  };
}

const without = (list: string[], item: string): string[] => list.filter((x) => x !== item);
const withItem = (list: string[], item: string): string[] => (list.includes(item) ? list : [...list, item]);

function applyEvent(state: RoomState, event: ClientEvent): RoomState {
  switch (event.type) {
    case "questions_ready":
      return ask({ ...state, total: event.payload.total }, event.payload.first_question, event.occurred_at ?? "");
    case "next_question": {
      let next = state;
      const previous = event.payload.previous_question_id;
      if (previous && event.payload.reason === "skipped") next = { ...next, skipped: withItem(next.skipped, previous) };
      if (previous) next = { ...next, submitted: without(next.submitted, previous) };
      return ask(next, event.payload.question, event.occurred_at ?? "");
    }
    case "follow_up_asked":
      return ask(state, event.payload.question, event.occurred_at ?? "");
    case "interview_resumed":
      return ask({ ...state, paused: null }, event.payload.question, event.occurred_at ?? "");
    case "question_repeated":
      return ask(state, event.payload.question, event.occurred_at ?? "", true);
    case "interview_paused":
      return { ...state, paused: { resumeBefore: event.payload.resume_before } };
    case "question_audio_ready":
      return { ...state, audio: { ...state.audio, [event.payload.question_id]: event.payload } };
    case "transcript.partial": {
      const { answer_id, question_id, segment_index, text } = event.payload;
      const previous = state.transcripts[answer_id];
      const entry: AnswerTranscript = {
        answerId: answer_id,
        questionId: question_id,
        partials: { ...(previous?.partials ?? {}), [segment_index]: text },
        final: previous?.final ?? null,
      };
      return { ...state, transcripts: { ...state.transcripts, [answer_id]: entry }, liveAnswerId: answer_id };
    }
    case "transcript.final": {
      const payload = event.payload;
      const previous = state.transcripts[payload.answer_id];
      const entry: AnswerTranscript = {
        answerId: payload.answer_id,
        questionId: payload.question_id,
        partials: previous?.partials ?? {},
        final: payload,
      };
      const transcripts = { ...state.transcripts, [payload.answer_id]: entry };
      if (payload.no_speech) {
        return {
          ...state,
          transcripts,
          liveAnswerId: payload.answer_id,
          submitted: without(state.submitted, payload.question_id),
          notices: [
            ...state.notices,
            { id: `no-speech-${event.seq}`, kind: "warning", text: "We didn't hear an answer. The question is still open: answer again, or type it." },
          ],
        };
      }
      return { ...state, transcripts, liveAnswerId: payload.answer_id, submitted: withItem(state.submitted, payload.question_id) };
    }
    case "score_ready":
      return {
        ...state,
        scores: { ...state.scores, [event.payload.question_id]: event.payload },
        submitted: without(state.submitted, event.payload.question_id),
      };
    case "interview_end":
      return { ...state, ended: event.payload, paused: null, submitted: [] };
    case "report_ready":
      return { ...state, reportReady: true };
    case "command_rejected":
      return {
        ...state,
        submitted: state.currentId ? without(state.submitted, state.currentId) : state.submitted,
        notices: [...state.notices, { id: `rejected-${event.seq}`, kind: "warning", text: event.payload.message }],
      };
    default:
      return state;
  }
}

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case "local/typed_answer":
      return {
        ...state,
        typed: { ...state.typed, [action.questionId]: action.text },
        submitted: withItem(state.submitted, action.questionId),
      };
    case "local/skip":
      return { ...state, submitted: withItem(state.submitted, action.questionId) };
    case "local/retract":
      return { ...state, submitted: without(state.submitted, action.questionId) };
    case "local/dismiss":
      return { ...state, notices: state.notices.filter((n) => n.id !== action.id) };
    default: {
      if (action.seq <= state.lastSeq) return state;
      return { ...applyEvent(state, action), lastSeq: action.seq };
    }
  }
}

// ------------------------------------------------------------------ derived views
export function currentQuestion(state: RoomState): QuestionView | null {
  return state.currentId ? (state.asked[state.currentId]?.question ?? null) : null;
}

/** The current question takes an answer: asked, not answered yet, interview running. */
export function isOpen(state: RoomState): boolean {
  const id = state.currentId;
  return Boolean(id && !state.ended && !state.paused && !state.submitted.includes(id) && !state.scores[id]);
}

export function transcriptText(entry: AnswerTranscript | undefined): string {
  if (!entry) return "";
  if (entry.final) return entry.final.text;
  return Object.entries(entry.partials)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, text]) => text.trim())
    .filter(Boolean)
    .join(" ");
}

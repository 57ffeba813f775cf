import { describe, expect, it } from "vitest";
import type { ClientEvent, Interview, QuestionView } from "../api/types";
import { currentQuestion, initialRoom, isOpen, roomReducer, transcriptText, type RoomState } from "./room";

const question = (n: number, extra: Partial<QuestionView> = {}): QuestionView => ({
  question_id: `q${n}`,
  index: n,
  total: 3,
  text: `Question ${n}?`,
  topic: "python",
  difficulty: "medium",
  kind: "technical",
  ...extra,
});

let seq = 0;
function event(type: string, payload: Record<string, unknown>): ClientEvent {
  seq += 1;
  return {
    event_id: `e${seq}`,
    type,
    version: 1,
    seq,
    occurred_at: "2026-01-01T10:00:00Z",
    interview_id: "i",
    user_id: "u",
    correlation_id: "c",
    payload,
  } as unknown as ClientEvent;
}

const score = (questionId: string, overall = 70) => ({
  answer_id: "a",
  question_id: questionId,
  overall,
  correctness: overall,
  completeness: overall,
  clarity: overall,
  feedback: "ok",
  confidence: 0.8,
  model_answer: "m",
  scorer: "baseline",
});

function fold(events: ClientEvent[], state: RoomState = initialRoom(null)): RoomState {
  return events.reduce(roomReducer, state);
}

describe("room state", () => {
  it("follows a text interview from first question to report", () => {
    seq = 0;
    const s1 = fold([event("questions_ready", { total: 3, topics: ["python"], first_question: question(1) })]);
    expect(currentQuestion(s1)?.question_id).toBe("q1");
    expect(isOpen(s1)).toBe(true);

    const s2 = roomReducer(s1, { type: "local/typed_answer", questionId: "q1", text: "An answer" });
    expect(isOpen(s2)).toBe(false);

    const s3 = fold(
      [event("score_ready", score("q1")), event("next_question", { question: question(2), previous_question_id: "q1" })],
      s2,
    );
    expect(s3.scores.q1?.overall).toBe(70);
    expect(currentQuestion(s3)?.question_id).toBe("q2");
    expect(isOpen(s3)).toBe(true);
    expect(s3.order).toEqual(["q1", "q2"]);

    const s4 = fold(
      [
        event("next_question", { question: question(3), previous_question_id: "q2", reason: "skipped" }),
        event("interview_end", { status: "completed", reason: "finished", answered: 1, skipped: 1, overall_score: 70 }),
        event("report_ready", { report_url: "/r", report: {} }),
      ],
      s3,
    );
    expect(s4.skipped).toEqual(["q2"]);
    expect(s4.ended?.status).toBe("completed");
    expect(s4.reportReady).toBe(true);
    expect(isOpen(s4)).toBe(false);
    expect(s4.lastSeq).toBe(seq);
  });

  it("ignores an event it already applied (replay after reconnect)", () => {
    seq = 0;
    const first = event("questions_ready", { total: 3, topics: [], first_question: question(1) });
    const scored = event("score_ready", score("q1", 40));
    const state = fold([first, scored, scored, first]);
    expect(state.order).toEqual(["q1"]);
    expect(state.lastSeq).toBe(2);
  });

  it("rebuilds the same question after a reload while a typed answer is pending", () => {
    seq = 0;
    const interview = {
      question_count: 3,
      status: "in_progress",
      current_question: question(2),
      awaiting_score: true,
      updated_at: "2026-01-01T10:01:00Z",
    } as unknown as Interview;
    const state = fold(
      [
        event("questions_ready", { total: 3, topics: [], first_question: question(1) }),
        event("score_ready", score("q1")),
        event("next_question", { question: question(2), previous_question_id: "q1" }),
      ],
      initialRoom(interview),
    );
    expect(state.currentId).toBe("q2");
    expect(state.order).toEqual(["q1", "q2"]);
    expect(isOpen(state)).toBe(false); // the pending answer is still being scored
  });

  it("shows follow-ups as follow-ups and reopens a question when no speech was heard", () => {
    seq = 0;
    const follow = question(1, { question_id: "q1-f1", is_follow_up: true, parent_question_id: "q1" });
    const state = fold([
      event("questions_ready", { total: 3, topics: [], first_question: question(1) }),
      event("transcript.partial", { answer_id: "a1", question_id: "q1", segment_index: 1, text: "world" }),
      event("transcript.partial", { answer_id: "a1", question_id: "q1", segment_index: 0, text: "hello" }),
    ]);
    expect(transcriptText(state.transcripts.a1)).toBe("hello world");

    const silent = fold(
      [event("transcript.final", { answer_id: "a1", question_id: "q1", text: "", no_speech: true, confidence: 0, engine: "x" })],
      state,
    );
    expect(isOpen(silent)).toBe(true);
    expect(silent.notices).toHaveLength(1);

    const spoken = fold(
      [
        event("transcript.final", { answer_id: "a2", question_id: "q1", text: "hello world.", no_speech: false, confidence: 0.9, engine: "x" }),
        event("score_ready", score("q1")),
        event("follow_up_asked", { question: follow }),
      ],
      silent,
    );
    expect(currentQuestion(spoken)?.is_follow_up).toBe(true);
    expect(isOpen(spoken)).toBe(true);
  });

  it("pauses, resumes and repeats", () => {
    seq = 0;
    const state = fold([
      event("questions_ready", { total: 3, topics: [], first_question: question(1) }),
      event("interview_paused", { question_id: "q1", resume_before: "2026-01-02T10:00:00Z" }),
    ]);
    expect(state.paused).not.toBeNull();
    expect(isOpen(state)).toBe(false);
    const resumed = fold(
      [event("interview_resumed", { question: question(1) }), event("question_repeated", { question: question(1) })],
      state,
    );
    expect(resumed.paused).toBeNull();
    expect(resumed.asked.q1?.repeats).toBe(1);
    expect(isOpen(resumed)).toBe(true);
  });

  it("re-enables answering when the engine rejects a command", () => {
    seq = 0;
    let state = fold([event("questions_ready", { total: 3, topics: [], first_question: question(1) })]);
    state = roomReducer(state, { type: "local/typed_answer", questionId: "q1", text: "x" });
    state = fold([event("command_rejected", { command_event_id: "c", code: "QUESTION_MISMATCH", message: "Too late." })], state);
    expect(isOpen(state)).toBe(true);
    expect(state.notices[0]?.text).toBe("Too late.");
  });
});

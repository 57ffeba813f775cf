import { useCallback, useEffect, useId, useReducer, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, describeError, unwrap } from "../api/client";
import { supports } from "../api/features";
import { accessToken, ApiError, refreshSession } from "../api/http";
import { fetchBlob } from "../api/files";
import type { Interview, ScorePayload } from "../api/types";
import { Alert, Gauge, LevelMeter, ScoreBar, Spinner } from "../components/ui";
import {
  currentQuestion,
  initialRoom,
  isOpen,
  roomReducer,
  transcriptText,
  type RoomState,
} from "../events/room";
import { EventStream, type StreamStatus } from "../events/stream";
import { formatDuration, round, titleCase } from "../lib/format";
import { useFeatures, usePage, useTicker } from "../lib/hooks";
import { getAnswerMode, getPushToTalk, setAnswerMode, setPushToTalk, type AnswerMode } from "../lib/prefs";
import { uuid } from "../lib/uuid";
import { VoiceTurn, type TurnSnapshot } from "../voice/answer";
import { END_OF_TURN_MS } from "../voice/turn";
import { blobToBase64, MicError, Microphone, micProblemText, type MicProblem } from "../voice/mic";
import { NotFound } from "./NotFound";

export function Room() {
  const { id = "" } = useParams();
  const [interview, setInterview] = useState<Interview | null>(null);
  const [problem, setProblem] = useState<"not_found" | string | null>(null);

  useEffect(() => {
    let live = true;
    setInterview(null);
    setProblem(null);
    unwrap(api.GET("/api/v1/interviews/{interview_id}", { params: { path: { interview_id: id } } }))
      .then((data) => live && setInterview(data))
      .catch((err) => {
        if (!live) return;
        setProblem(err instanceof ApiError && (err.status === 404 || err.status === 422) ? "not_found" : describeError(err));
      });
    return () => {
      live = false;
    };
  }, [id]);

  if (problem === "not_found") return <NotFound title="Interview not found" message="This interview does not exist, or it belongs to another account." />;
  if (problem) return <div className="page"><Alert>{problem}</Alert></div>;
  if (!interview) return <div className="page"><Spinner label="Opening the interview room…" /></div>;
  return <RoomView key={interview.id} interview={interview} />;
}

const draftKey = (interviewId: string, questionId: string) => `intervox.draft.${interviewId}.${questionId}`;

function ScoreCard({ score, heading }: { score: ScorePayload; heading: string }) {
  return (
    <article className="card score-card" aria-label={heading}>
      <div className="score-card-head">
        <Gauge value={score.overall} label={heading} size={140} />
        <div className="score-card-bars">
          <ScoreBar label="Correctness" value={score.correctness} />
          <ScoreBar label="Completeness" value={score.completeness} />
          <ScoreBar label="Clarity" value={score.clarity} />
        </div>
      </div>
      <p>{score.feedback}</p>
      {(score.improvements ?? []).length ? (
        <>
          <h4>To cover next time</h4>
          <ul>
            {(score.improvements ?? []).map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </>
      ) : null}
      <details>
        <summary>Model answer</summary>
        <p>{score.model_answer}</p>
      </details>
    </article>
  );
}

/** What the candidate answered, as heard (transcript) or typed. */
function AnswerEcho({ state, questionId }: { state: RoomState; questionId: string }) {
  const spoken = Object.values(state.transcripts).find((t) => t.questionId === questionId && t.final && !t.final.no_speech);
  if (spoken?.final) {
    return (
      <p className="echo">
        <span className="muted">You said:</span> {spoken.final.text}
      </p>
    );
  }
  const typed = state.typed[questionId];
  return typed ? (
    <p className="echo">
      <span className="muted">You wrote:</span> {typed}
    </p>
  ) : null;
}

function ConnectionBadge({ status }: { status: StreamStatus }) {
  const text: Record<StreamStatus, string> = {
    connecting: "Connecting…",
    live: "Connected",
    reconnecting: "Reconnecting…",
    offline: "You're offline — we'll catch up when you're back",
    closed: "Disconnected",
  };
  return (
    <span className={`connection connection-${status}`} role="status" data-status={status}>
      <span className="dot" aria-hidden="true" />
      {text[status]}
    </span>
  );
}

function phaseText(snapshot: TurnSnapshot | null, remainingMs: number, pushToTalk: boolean): string {
  switch (snapshot?.phase) {
    case "speaking":
      return "Listening…";
    case "countdown":
      return `Finishing in ${(remainingMs / 1000).toFixed(1)} s — keep talking to continue`;
    case "sending":
      return "Sending your answer…";
    case "done":
      return "Transcribing your answer…";
    case "failed":
      return snapshot.error ?? "The answer could not be sent.";
    default:
      return pushToTalk ? "Hold the talk button (or Space) while you speak." : "Listening — answer whenever you're ready.";
  }
}

function RoomView({ interview }: { interview: Interview }) {
  const heading = usePage(`Interview: ${interview.role}`);
  const navigate = useNavigate();
  const features = useFeatures();
  const [state, dispatch] = useReducer(roomReducer, interview, initialRoom);
  const stateRef = useRef<RoomState>(state);
  stateRef.current = state;
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const [fatal, setFatal] = useState<"not_found" | null>(null);
  const stream = useRef<EventStream | null>(null);

  const [mode, setMode] = useState<AnswerMode>(getAnswerMode);
  const [pushToTalk, setPtt] = useState(getPushToTalk);
  const [mic, setMic] = useState<Microphone | null>(null);
  const [micProblem, setMicProblem] = useState<MicProblem | null>(null);
  const [micAttempt, setMicAttempt] = useState(0);
  const [level, setLevel] = useState<number | null>(null);
  const [turnSnap, setTurnSnap] = useState<TurnSnapshot | null>(null);
  const [turnAttempt, setTurnAttempt] = useState(0);
  // The candidate's own wait after an utterance (preferences), read when a turn starts.
  const patienceMs = useRef(END_OF_TURN_MS);
  const turnRef = useRef<{ turn: VoiceTurn; answerId: string } | null>(null);

  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [announcement, setAnnouncement] = useState("");

  const audioEl = useRef<HTMLAudioElement | null>(null);
  const [audioSrc, setAudioSrc] = useState<{ questionId: string; url: string } | null>(null);
  const [playing, setPlaying] = useState(false);
  const [needsTap, setNeedsTap] = useState(false);

  const question = currentQuestion(state);
  const open = isOpen(state);
  const currentId = state.currentId;
  const answerTextId = useId();

  // ------------------------------------------------------------ the event stream
  useEffect(() => {
    const events = new EventStream({
      interviewId: interview.id,
      token: accessToken,
      refresh: async () => Boolean(await refreshSession()),
      onEvent: dispatch,
      onStatus: setStatus,
      onFatal: (reason) => {
        if (reason === "unauthorized") navigate(`/login?next=${encodeURIComponent(`/interviews/${interview.id}`)}`, { replace: true });
        else setFatal("not_found");
      },
    });
    stream.current = events;
    events.start();
    return () => {
      events.stop();
      stream.current = null;
    };
  }, [interview.id, navigate]);

  useEffect(() => {
    unwrap(api.GET("/api/v1/me/preferences"))
      .then((p) => {
        patienceMs.current = p.end_of_turn_silence_s * 1000;
      })
      .catch(() => undefined); // the default wait
  }, []);

  // ------------------------------------------------------------ announcements (captions)
  const announcedQuestion = useRef<string | null>(null);
  useEffect(() => {
    if (!question) return;
    const key = `${question.question_id}:${state.asked[question.question_id]?.repeats ?? 0}`;
    if (announcedQuestion.current === key) return;
    announcedQuestion.current = key;
    const where = question.is_follow_up ? `Follow-up question` : `Question ${question.index} of ${question.total}`;
    setAnnouncement(`${where}: ${question.text}`);
  }, [question, state.asked]);

  const scoredCount = Object.keys(state.scores).length;
  const lastScored = useRef(scoredCount);
  useEffect(() => {
    if (scoredCount > lastScored.current && currentId) {
      const latest = Object.values(state.scores).at(-1);
      if (latest) setAnnouncement(`Your answer scored ${round(latest.overall)} out of 100.`);
    }
    lastScored.current = scoredCount;
  }, [scoredCount, currentId, state.scores]);

  // ------------------------------------------------------------ drafts survive a reload
  useEffect(() => {
    if (currentId) setDraft(sessionStorage.getItem(draftKey(interview.id, currentId)) ?? "");
  }, [currentId, interview.id]);
  useEffect(() => {
    if (!currentId) return;
    if (draft) sessionStorage.setItem(draftKey(interview.id, currentId), draft);
    else sessionStorage.removeItem(draftKey(interview.id, currentId));
  }, [draft, currentId, interview.id]);

  // ------------------------------------------------------------ microphone
  const finished = Boolean(state.ended);
  useEffect(() => {
    if (mode !== "voice" || finished) return;
    let live = true;
    let opened: Microphone | null = null;
    setMicProblem(null);
    Microphone.open()
      .then((m) => {
        if (!live) return m.close();
        opened = m;
        let lastPaint = 0;
        m.onLevel((db) => {
          const now = performance.now();
          if (now - lastPaint > 80) {
            lastPaint = now;
            setLevel(db);
          }
        });
        setMic(m);
      })
      .catch((err) => {
        if (!live) return;
        setMicProblem(err instanceof MicError ? err.problem : "error");
        // Voice is out of reach: the text box becomes the way to answer.
        setMode("text");
      });
    return () => {
      live = false;
      opened?.close();
      setMic(null);
      setLevel(null);
    };
  }, [mode, finished, micAttempt]);

  // ------------------------------------------------------------ one voice turn per open question
  useEffect(() => {
    if (mode !== "voice" || !mic || !open || !currentId) return;
    const answerId = uuid();
    const questionId = currentId;
    const turn = new VoiceTurn({
      mic,
      pushToTalk,
      sendSegment: async (index, audio, mimeType) => {
        const events = stream.current;
        if (!events) throw new Error("Not connected.");
        await events.send({
          type: "audio_segment",
          question_id: questionId,
          answer_id: answerId,
          segment_index: index,
          mime_type: mimeType,
          audio_b64: await blobToBase64(audio),
        });
      },
      complete: async (count) => {
        const events = stream.current;
        if (!events) throw new Error("Not connected.");
        await events.send({ type: "audio_complete", question_id: questionId, answer_id: answerId, segment_count: count });
      },
      transcript: () => transcriptText(stateRef.current.transcripts[answerId]),
      onChange: setTurnSnap,
      baseDelayMs: patienceMs.current,
    });
    turnRef.current = { turn, answerId };
    turn.start();
    return () => {
      turn.dispose();
      if (turnRef.current?.turn === turn) turnRef.current = null;
      setTurnSnap(null);
    };
  }, [mode, mic, open, currentId, pushToTalk, turnAttempt]);

  const turnAnswerId = turnRef.current?.answerId ?? null;
  const turnTranscript = turnAnswerId ? state.transcripts[turnAnswerId] : undefined;
  useEffect(() => {
    turnRef.current?.turn.transcriptUpdated();
  }, [turnTranscript]);

  // A transcript that heard nothing reopens the question: listen again with a new answer.
  useEffect(() => {
    if (turnTranscript?.final?.no_speech) setTurnAttempt((n) => n + 1);
  }, [turnTranscript?.final?.no_speech]);

  const finishTurn = useCallback(async () => {
    const active = turnRef.current;
    if (!active) return;
    const sent = await active.turn.finish();
    if (!sent && !active.turn.hasAudio) setError("We haven't heard anything yet. Speak your answer, or type it below.");
  }, []);

  // ------------------------------------------------------------ question audio
  const audioInfo = currentId ? state.audio[currentId] : undefined;
  const canPlay = features ? supports(features, "media") : false;
  useEffect(() => {
    // Without the media route the question stays text-only (and nothing 404s).
    if (!audioInfo || !canPlay) return;
    let live = true;
    let url: string | null = null;
    fetchBlob(audioInfo.audio_url)
      .then((blob) => {
        if (!live) return;
        url = URL.createObjectURL(blob);
        setAudioSrc({ questionId: audioInfo.question_id, url });
      })
      .catch(() => live && setAudioSrc(null));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [audioInfo, canPlay]);

  const playQuestion = useCallback(async () => {
    const element = audioEl.current;
    if (!element || !element.src) return;
    element.currentTime = 0;
    try {
      await element.play();
      setNeedsTap(false);
    } catch {
      setNeedsTap(true); // autoplay refused (no gesture since a reload): offer a button
    }
  }, []);

  const repeats = currentId ? (state.asked[currentId]?.repeats ?? 0) : 0;
  useEffect(() => {
    // Read each new question (and each repeat) aloud, unless the candidate already started.
    if (!audioSrc || audioSrc.questionId !== currentId || !open) return;
    if (turnRef.current?.turn.hasAudio) return;
    void playQuestion();
  }, [audioSrc, currentId, repeats, open, playQuestion]);

  useEffect(() => {
    turnRef.current?.turn.suspend(playing);
  }, [playing, turnSnap?.phase]);

  // ------------------------------------------------------------ commands
  async function submitText(event?: FormEvent) {
    event?.preventDefault();
    if (!currentId || !draft.trim()) {
      setError("Write your answer first.");
      return;
    }
    setBusy("answer");
    setError(null);
    try {
      await unwrap(
        api.POST("/api/v1/interviews/{interview_id}/answers", {
          params: { path: { interview_id: interview.id } },
          body: { question_id: currentId, text: draft },
        }),
      );
      dispatch({ type: "local/typed_answer", questionId: currentId, text: draft.trim() });
      sessionStorage.removeItem(draftKey(interview.id, currentId));
      setDraft("");
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  }

  async function skip() {
    if (!currentId) return;
    setBusy("skip");
    setError(null);
    try {
      await unwrap(
        api.POST("/api/v1/interviews/{interview_id}/skip", {
          params: { path: { interview_id: interview.id } },
          body: { question_id: currentId },
        }),
      );
      dispatch({ type: "local/skip", questionId: currentId });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  }

  async function end() {
    setBusy("end");
    setError(null);
    try {
      await unwrap(api.POST("/api/v1/interviews/{interview_id}/end", { params: { path: { interview_id: interview.id } } }));
      setConfirmEnd(false);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  }

  async function runControl(action: "pause" | "resume" | "repeat") {
    setBusy(action);
    setError(null);
    const params = { params: { path: { interview_id: interview.id } } };
    try {
      if (action === "pause") await unwrap(api.POST("/api/v1/interviews/{interview_id}/pause", params));
      else if (action === "resume") await unwrap(api.POST("/api/v1/interviews/{interview_id}/resume", params));
      else await unwrap(api.POST("/api/v1/interviews/{interview_id}/repeat", params));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  }

  function repeat() {
    if (features && supports(features, "repeat")) void runControl("repeat");
    else {
      if (question) setAnnouncement(`Again: ${question.text}`);
      void playQuestion();
    }
  }

  function chooseMode(next: AnswerMode) {
    setAnswerMode(next);
    if (next === "voice") setMicAttempt((n) => n + 1);
    setMode(next);
  }

  // ------------------------------------------------------------ keyboard
  useEffect(() => {
    const typing = (target: EventTarget | null) =>
      target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT", "BUTTON", "A", "SUMMARY"].includes(target.tagName));
    const down = (event: KeyboardEvent) => {
      const turn = turnRef.current?.turn;
      if (!turn || typing(event.target)) return;
      if (event.key === "Enter" && !event.repeat) {
        event.preventDefault();
        void finishTurn();
      } else if (event.key === " " && pushToTalk) {
        event.preventDefault();
        if (!event.repeat) turn.press();
      } else if (event.key === "Escape") {
        turn.cancelCountdown();
      }
    };
    const up = (event: KeyboardEvent) => {
      if (event.key === " " && pushToTalk && !typing(event.target)) void turnRef.current?.turn.release();
    };
    window.addEventListener("keydown", down);
    window.addEventListener("keyup", up);
    return () => {
      window.removeEventListener("keydown", down);
      window.removeEventListener("keyup", up);
    };
  }, [pushToTalk, finishTurn]);

  // ------------------------------------------------------------ timers
  const now = useTicker(!finished && Boolean(question), 250);
  const askedAt = currentId ? Date.parse(state.asked[currentId]?.askedAt ?? "") : NaN;
  const questionSeconds = Number.isFinite(askedAt) ? Math.max(0, (now - askedAt) / 1000) : 0;
  const totalSeconds = Math.max(0, (now - Date.parse(interview.created_at)) / 1000);
  const countdownLeft = turnSnap?.countdownEndsAt ? Math.max(0, turnSnap.countdownEndsAt - performance.now()) : 0;

  if (fatal) return <NotFound title="Interview not found" message="This interview does not exist, or it belongs to another account." />;

  // A spoken answer is on its way: a typed one now would be refused (ANSWER_PENDING).
  const voiceBusy = turnSnap?.phase === "sending" || turnSnap?.phase === "done";
  const awaiting = Boolean(currentId && state.submitted.includes(currentId) && !state.scores[currentId]);
  const lastScoredId = [...state.order].reverse().find((qid) => state.scores[qid]);
  const liveCaption = transcriptText(turnTranscript) || (state.liveAnswerId && state.transcripts[state.liveAnswerId]?.questionId === currentId ? transcriptText(state.transcripts[state.liveAnswerId]) : "");
  const canPause = features ? supports(features, "pause") : true;
  const answered = state.order.filter((qid) => state.scores[qid] && !state.asked[qid]?.question.is_follow_up).length;
  const total = state.total ?? interview.question_count;
  const progress = question ? (question.is_follow_up ? question.index : question.index - 1) : answered;

  return (
    <div className="page room" data-last-seq={state.lastSeq} data-question-id={currentId ?? ""}>
      <div className="room-head">
        <div>
          <h1 ref={heading} tabIndex={-1} className="room-title">
            {interview.role} <span className="muted">· {titleCase(interview.seniority)}</span>
          </h1>
          <p className="muted small">
            {question ? (
              <span data-testid="progress">
                Question {question.index} of {question.total}
              </span>
            ) : null}
            {!finished ? <span> · Elapsed {formatDuration(totalSeconds)}</span> : null}
          </p>
        </div>
        <ConnectionBadge status={status} />
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Interview progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={finished ? total : progress}
      >
        <div className="progress-fill" style={{ width: `${((finished ? total : progress) / Math.max(1, total)) * 100}%` }} />
      </div>

      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {announcement}
      </div>

      {state.notices.map((notice) => (
        <Alert key={notice.id} tone={notice.kind === "warning" ? "warning" : "info"}>
          {notice.text}{" "}
          <button type="button" className="link-button" onClick={() => dispatch({ type: "local/dismiss", id: notice.id })}>
            Dismiss
          </button>
        </Alert>
      ))}
      {error ? (
        <Alert>
          {error}{" "}
          <button type="button" className="link-button" onClick={() => setError(null)}>
            Dismiss
          </button>
        </Alert>
      ) : null}

      {finished ? (
        <section className="card done" aria-labelledby="done-h">
          <h2 id="done-h">{state.ended?.reason === "finished" ? "Interview complete" : "Interview ended"}</h2>
          <p>
            You answered {state.ended?.answered ?? answered} question{(state.ended?.answered ?? answered) === 1 ? "" : "s"}
            {state.ended?.skipped ? ` and skipped ${state.ended.skipped}` : ""}.
          </p>
          <Gauge value={state.ended?.overall_score} label="Overall score" />
          {state.reportReady ? (
            <Link to={`/interviews/${interview.id}/report`} className="button large">
              See your report
            </Link>
          ) : (
            <Spinner label="Preparing your report…" />
          )}
        </section>
      ) : null}

      {!finished && state.paused ? (
        <section className="card" aria-labelledby="paused-h">
          <h2 id="paused-h">Paused</h2>
          <p>
            Take your time.
            {state.paused.resumeBefore ? ` You can resume until ${new Date(state.paused.resumeBefore).toLocaleString()}.` : ""}
          </p>
          <button type="button" className="button" onClick={() => runControl("resume")} disabled={busy === "resume"}>
            Resume interview
          </button>
        </section>
      ) : null}

      {!finished && !question && !state.paused ? <Spinner label="Preparing your first question…" /> : null}

      {!finished && question && !state.paused ? (
        <div className="room-grid">
          <section className="card question-card" aria-labelledby="question-h">
            <div className="question-meta">
              <h2 id="question-h" className="eyebrow">
                {question.is_follow_up ? (
                  <>
                    <span className="badge badge-follow">Follow-up</span> to question {question.index}
                  </>
                ) : (
                  <>
                    Question {question.index} of {question.total}
                  </>
                )}
              </h2>
              <span className="muted small">
                {titleCase(question.topic)} · {titleCase(question.difficulty)} ·{" "}
                <span aria-label="Time on this question">{formatDuration(questionSeconds)}</span>
              </span>
            </div>
            <p className="question-text" data-testid="question-text" aria-live="polite" aria-atomic="true">
              {question.text}
            </p>
            <div className="row">
              {audioSrc && audioSrc.questionId === currentId ? (
                <button type="button" className="button ghost small" onClick={() => void playQuestion()} disabled={playing}>
                  {playing ? "Playing…" : needsTap ? "Play the question" : "Listen again"}
                </button>
              ) : null}
              <button type="button" className="button ghost small" onClick={repeat} disabled={busy === "repeat"}>
                Repeat question
              </button>
              {canPause ? (
                <button type="button" className="button ghost small" onClick={() => runControl("pause")} disabled={busy === "pause"}>
                  Pause
                </button>
              ) : null}
              <button type="button" className="button ghost small" onClick={skip} disabled={!open || busy === "skip"}>
                Skip question
              </button>
              <button type="button" className="button ghost small danger" onClick={() => setConfirmEnd(true)} aria-expanded={confirmEnd}>
                End interview
              </button>
            </div>
            {confirmEnd ? (
              <div className="confirm" role="group" aria-label="End the interview?">
                <p>End now? Your report will cover the questions you answered.</p>
                <button type="button" className="button danger small" onClick={end} disabled={busy === "end"} autoFocus>
                  End interview
                </button>
                <button type="button" className="button ghost small" onClick={() => setConfirmEnd(false)}>
                  Keep going
                </button>
              </div>
            ) : null}
            <audio
              ref={audioEl}
              src={audioSrc && audioSrc.questionId === currentId ? audioSrc.url : undefined}
              onPlay={() => setPlaying(true)}
              onPause={() => setPlaying(false)}
              onEnded={() => setPlaying(false)}
              preload="auto"
              aria-hidden="true"
            />
          </section>

          <section className="card answer-card" aria-labelledby="answer-h">
            <h2 id="answer-h" className="eyebrow">
              Your answer
            </h2>
            {awaiting ? <Spinner label="Scoring your answer…" /> : null}

            {micProblem ? (
              <Alert tone="warning">
                {micProblemText(micProblem)}{" "}
                <button type="button" className="link-button" onClick={() => chooseMode("voice")}>
                  Try the microphone again
                </button>
              </Alert>
            ) : null}

            {mode === "voice" && !micProblem && open ? (
              <div className="voice-panel">
                <div className="voice-status">
                  <LevelMeter db={level} />
                  <p className="small" role="status" data-testid="voice-phase">
                    {mic ? phaseText(turnSnap, countdownLeft, pushToTalk) : "Starting the microphone…"}
                  </p>
                  {turnSnap?.phase === "countdown" ? (
                    <div className="countdown" aria-hidden="true">
                      <div className="countdown-fill" style={{ transform: `scaleX(${turnSnap.countdownMs ? countdownLeft / turnSnap.countdownMs : 0})` }} />
                    </div>
                  ) : null}
                </div>
                <div className="row">
                  {pushToTalk ? (
                    <button
                      type="button"
                      className={`button talk${turnSnap?.phase === "speaking" ? " active" : ""}`}
                      onPointerDown={() => turnRef.current?.turn.press()}
                      onPointerUp={() => void turnRef.current?.turn.release()}
                      onPointerLeave={() => void turnRef.current?.turn.release()}
                      onKeyDown={(e) => {
                        if ((e.key === " " || e.key === "Enter") && !e.repeat) {
                          e.preventDefault();
                          turnRef.current?.turn.press();
                        }
                      }}
                      onKeyUp={(e) => {
                        if (e.key === " " || e.key === "Enter") void turnRef.current?.turn.release();
                      }}
                    >
                      Hold to talk
                    </button>
                  ) : null}
                  {turnSnap?.phase === "countdown" ? (
                    <button type="button" className="button ghost" onClick={() => turnRef.current?.turn.cancelCountdown()} aria-keyshortcuts="Escape">
                      I'm not done
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="button"
                    onClick={() => void finishTurn()}
                    disabled={!mic || turnSnap?.phase === "sending" || turnSnap?.phase === "done"}
                    aria-keyshortcuts="Enter"
                  >
                    Done
                  </button>
                  <label className="check small">
                    <input
                      type="checkbox"
                      checked={pushToTalk}
                      onChange={(e) => {
                        setPtt(e.target.checked);
                        setPushToTalk(e.target.checked);
                      }}
                    />
                    Push to talk (hold Space)
                  </label>
                </div>
              </div>
            ) : null}

            {liveCaption ? (
              <div className="transcript" role="log" aria-live="polite" aria-label="Live transcript" data-testid="transcript">
                {liveCaption}
              </div>
            ) : null}

            {currentId && state.typed[currentId] ? <blockquote className="typed">{state.typed[currentId]}</blockquote> : null}

            <form onSubmit={submitText} className="text-answer">
              <label htmlFor={answerTextId}>{mode === "voice" && !micProblem ? "Or type your answer" : "Type your answer"}</label>
              <textarea
                id={answerTextId}
                rows={mode === "voice" && !micProblem ? 3 : 7}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                disabled={!open || voiceBusy}
                maxLength={20000}
                aria-keyshortcuts="Control+Enter"
                onKeyDown={(e) => {
                  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submitText();
                }}
              />
              <div className="row spread">
                <span className="small muted">Ctrl + Enter to submit</span>
                <div className="row">
                  {mode === "text" && !micProblem ? (
                    <button type="button" className="button ghost small" onClick={() => chooseMode("voice")}>
                      Answer by voice
                    </button>
                  ) : null}
                  {mode === "voice" && !micProblem ? (
                    <button type="button" className="button ghost small" onClick={() => chooseMode("text")}>
                      Answer in text only
                    </button>
                  ) : null}
                  <button type="submit" className="button" disabled={!open || voiceBusy || busy === "answer" || !draft.trim()}>
                    Submit answer
                  </button>
                </div>
              </div>
            </form>
          </section>
        </div>
      ) : null}

      {lastScoredId && state.scores[lastScoredId] && !finished ? (
        <section aria-labelledby="last-score-h" className="last-score">
          <h2 id="last-score-h">Feedback on your last answer</h2>
          <AnswerEcho state={state} questionId={lastScoredId} />
          <ScoreCard score={state.scores[lastScoredId]} heading={state.asked[lastScoredId]?.question.is_follow_up ? "Follow-up score" : `Question ${state.asked[lastScoredId]?.question.index ?? ""} score`} />
        </section>
      ) : null}

      {state.order.length > 0 ? (
        <section aria-labelledby="history-h" className="history">
          <h2 id="history-h">This interview so far</h2>
          <ol className="history-list">
            {state.order.map((qid) => {
              const asked = state.asked[qid];
              if (!asked) return null;
              const score = state.scores[qid];
              return (
                <li key={qid} className={asked.question.is_follow_up ? "follow-up" : undefined} data-question-id={qid}>
                  <details>
                    <summary>
                      {asked.question.is_follow_up ? <span className="badge badge-follow">Follow-up</span> : <span className="muted">Q{asked.question.index}</span>}{" "}
                      <span className="history-text">{asked.question.text}</span>{" "}
                      {score ? (
                        <span className="badge" data-testid="history-score">
                          {round(score.overall)}
                        </span>
                      ) : state.skipped.includes(qid) ? (
                        <span className="badge">Skipped</span>
                      ) : qid === currentId && !finished ? (
                        <span className="badge">Now</span>
                      ) : null}
                    </summary>
                    <AnswerEcho state={state} questionId={qid} />
                    {score ? <ScoreCard score={score} heading={`Score for ${asked.question.is_follow_up ? "the follow-up" : `question ${asked.question.index}`}`} /> : null}
                  </details>
                </li>
              );
            })}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

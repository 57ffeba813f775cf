import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, describeError, unwrap } from "../api/client";
import { supports } from "../api/features";
import { ApiError } from "../api/http";
import { fetchBlob, saveBlob } from "../api/files";
import type { DeliveryMetrics, DeliverySummary, Interview, InterviewReport, Resource } from "../api/types";
import { TopicBars } from "../components/Charts";
import { Alert, Gauge, ScoreBar, Spinner } from "../components/ui";
import { formatDate, round, statusLabel, titleCase } from "../lib/format";
import { useFeatures, usePage } from "../lib/hooks";
import { retake } from "../lib/retake";
import { NotFound } from "./NotFound";

type Load = { kind: "loading" } | { kind: "not_found" } | { kind: "not_ready" } | { kind: "error"; message: string } | { kind: "ready"; report: InterviewReport };

function Recording({ urls }: { urls: string[] }) {
  const [sources, setSources] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => () => sources?.forEach((u) => URL.revokeObjectURL(u)), [sources]);
  if (error) return <p className="small muted">{error}</p>;
  if (!sources) {
    return (
      <button
        type="button"
        className="button ghost small"
        onClick={() =>
          Promise.all(urls.map((u) => fetchBlob(u)))
            .then((blobs) => setSources(blobs.map((b) => URL.createObjectURL(b))))
            .catch(() => setError("The recording is not available."))
        }
      >
        Load your recording
      </button>
    );
  }
  return (
    <div className="recordings">
      {sources.map((src, i) => (
        <audio key={src} controls src={src} aria-label={`Your recording, part ${i + 1} of ${sources.length}`} />
      ))}
    </div>
  );
}

type DeliveryShown = Pick<DeliveryMetrics, "words_per_minute" | "filler_words" | "fillers_per_minute" | "long_pauses" | "longest_pause_s"> &
  Partial<Pick<DeliveryMetrics, "filler_breakdown">> &
  Partial<Pick<DeliverySummary, "spoken_answers" | "speaking_s" | "thinking_s">>;

function Delivery({ metrics, title }: { metrics: DeliveryShown; title?: string }) {
  const fillers = Object.entries(metrics.filler_breakdown ?? {})
    .map(([word, count]) => [word, count ?? 0] as const)
    .sort((a, b) => b[1] - a[1]);
  return (
    <div className="delivery">
      {title ? <h4>{title}</h4> : null}
      <dl className="metrics">
        <div>
          <dt>Pace</dt>
          <dd>{Math.round(metrics.words_per_minute)} wpm</dd>
        </div>
        <div>
          <dt>Filler words</dt>
          <dd>
            {metrics.filler_words} ({metrics.fillers_per_minute.toFixed(1)}/min)
          </dd>
        </div>
        <div>
          <dt>Long pauses</dt>
          <dd>{metrics.long_pauses}</dd>
        </div>
        <div>
          <dt>Longest pause</dt>
          <dd>{metrics.longest_pause_s.toFixed(1)} s</dd>
        </div>
        {metrics.thinking_s !== undefined && metrics.speaking_s !== undefined ? (
          <div>
            <dt>Speaking / thinking</dt>
            <dd>
              {Math.round(metrics.speaking_s)} s / {Math.round(metrics.thinking_s)} s
            </dd>
          </div>
        ) : null}
      </dl>
      {fillers.length ? (
        <p className="small muted">
          Most used: {fillers.slice(0, 4).map(([word, count]) => `“${word}” ×${count}`).join(", ")}
        </p>
      ) : null}
    </div>
  );
}

function Resources({ items }: { items: Resource[] | undefined }) {
  if (!items?.length) return null;
  return (
    <ul className="resources">
      {items.map((r) => (
        <li key={r.url}>
          <a href={r.url} target="_blank" rel="noreferrer noopener">
            {r.title}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

const END_REASON: Record<string, string> = {
  ended_early: "Ended early",
  inactivity_timeout: "Ended after inactivity",
};

const TREND_TEXT: Record<string, string> = {
  first: "Your first report: it sets the baseline.",
  improving: "Improving on your earlier sessions.",
  declining: "Below your earlier sessions.",
  consistent: "In line with your earlier sessions.",
};

export function Report() {
  const { id = "" } = useParams();
  const heading = usePage("Interview report");
  const navigate = useNavigate();
  const features = useFeatures();
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [interview, setInterview] = useState<Interview | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoad({ kind: "loading" });
    (async () => {
      try {
        const detail = await unwrap(api.GET("/api/v1/interviews/{interview_id}", { params: { path: { interview_id: id } } }));
        if (!live) return;
        setInterview(detail);
        if (detail.status !== "completed" && detail.status !== "abandoned") {
          setLoad({ kind: "not_ready" });
          return;
        }
        const report = await unwrap(api.GET("/api/v1/interviews/{interview_id}/report", { params: { path: { interview_id: id } } }));
        if (live) setLoad({ kind: "ready", report: report as unknown as InterviewReport });
      } catch (err) {
        if (!live) return;
        if (err instanceof ApiError && (err.status === 404 || err.status === 422)) setLoad({ kind: "not_found" });
        else if (err instanceof ApiError && err.code === "REPORT_NOT_READY") setLoad({ kind: "not_ready" });
        else setLoad({ kind: "error", message: describeError(err) });
      }
    })();
    return () => {
      live = false;
    };
  }, [id]);

  async function downloadPdf() {
    setBusy("pdf");
    setError(null);
    try {
      saveBlob(await fetchBlob(`/api/v1/interviews/${id}/report.pdf`), `intervox-report-${id.slice(0, 8)}.pdf`);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  }

  async function onRetake() {
    if (!interview) return;
    setBusy("retake");
    try {
      const next = await retake(interview);
      navigate(`/interviews/${next.id}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(null);
    }
  }

  if (load.kind === "not_found") return <NotFound title="Report not found" message="This report does not exist, or it belongs to another account." />;
  if (load.kind === "loading") return <div className="page"><Spinner label="Loading the report…" /></div>;
  if (load.kind === "error") return <div className="page"><Alert>{load.message}</Alert></div>;
  if (load.kind === "not_ready") {
    return (
      <div className="page narrow">
        <h1 ref={heading} tabIndex={-1}>
          The report is not ready yet
        </h1>
        <p>It is written when the interview ends.</p>
        <Link to={`/interviews/${id}`} className="button">
          Back to the interview
        </Link>
      </div>
    );
  }

  const report = load.report;
  const pdf = features ? supports(features, "reportPdf") : false;
  const delivery = report.delivery;
  const topics = Object.entries(report.per_topic ?? {})
    .flatMap(([topic, average]) => (average === undefined ? [] : [{ topic, average }]))
    .sort((a, b) => b.average - a.average);
  const answered = report.questions.filter((q) => !q.skipped);

  return (
    <div className="page report">
      <div className="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            Report: {report.role}
          </h1>
          <p className="muted">
            {titleCase(report.seniority)} · {report.end_reason && report.end_reason !== "finished" ? END_REASON[report.end_reason] : statusLabel(report.status)}
            {interview ? ` · ${formatDate(interview.created_at)}` : ""} · {answered.length} answered
            {report.questions.length > answered.length ? `, ${report.questions.length - answered.length} skipped` : ""}
          </p>
        </div>
        <div className="row no-print">
          {pdf ? (
            <button type="button" className="button" onClick={downloadPdf} disabled={busy === "pdf"}>
              {busy === "pdf" ? "Preparing PDF…" : "Download PDF"}
            </button>
          ) : (
            <button type="button" className="button" onClick={() => window.print()}>
              Print or save as PDF
            </button>
          )}
          <button type="button" className="button ghost" onClick={onRetake} disabled={!interview || busy === "retake"}>
            Retake
          </button>
          <Link to="/dashboard" className="button ghost">
            Dashboard
          </Link>
        </div>
      </div>
      {error ? <Alert>{error}</Alert> : null}

      <section className="card overview" aria-labelledby="overall-h">
        <h2 id="overall-h" className="visually-hidden">
          Overall
        </h2>
        <Gauge value={report.overall} label="Overall score" size={200} />
        <div className="overview-bars">
          <ScoreBar label="Correctness" value={report.correctness} />
          <ScoreBar label="Completeness" value={report.completeness} />
          <ScoreBar label="Clarity" value={report.clarity} />
          <p className="small muted">Overall = 50% correctness + 30% completeness + 20% clarity.</p>
        </div>
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="topic-h">
          <h2 id="topic-h">By topic</h2>
          <TopicBars topics={topics} />
        </section>
        <section className="card" aria-labelledby="delivery-h">
          <h2 id="delivery-h">Delivery</h2>
          {delivery ? (
            <Delivery metrics={delivery} title={`${delivery.spoken_answers} spoken answer${delivery.spoken_answers === 1 ? "" : "s"}`} />
          ) : (
            <p className="muted">Delivery analytics (pace, filler words, pauses) come with spoken answers.</p>
          )}
        </section>
      </div>

      <div className="grid-2">
        <section className="card" aria-labelledby="strengths-h">
          <h2 id="strengths-h">Strengths</h2>
          {(report.strengths ?? []).length ? (
            <ul>
              {(report.strengths ?? []).map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">None recorded yet.</p>
          )}
          {report.trend ? <p className="small muted">{TREND_TEXT[report.trend]}</p> : null}
        </section>
        <section className="card" aria-labelledby="improve-h">
          <h2 id="improve-h">To improve</h2>
          {report.improvement_plan?.length ? (
            <ul className="plan">
              {report.improvement_plan.map((item) => (
                <li key={`${item.topic}-${item.text}`}>
                  <span className="badge">{titleCase(item.topic)}</span> {item.text}
                  <Resources items={item.resources} />
                </li>
              ))}
            </ul>
          ) : (report.improvements ?? []).length ? (
            <ul>
              {(report.improvements ?? []).map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing stood out.</p>
          )}
        </section>
      </div>

      <section aria-labelledby="questions-h">
        <h2 id="questions-h">Question by question</h2>
        <ol className="report-questions">
          {report.questions.map((q) => {
            const urls = q.audio_urls ?? (q.audio_url ? [q.audio_url] : []);
            const spoken = q.answer_mode === "voice";
            const scored = !q.skipped && q.overall !== null && q.overall !== undefined;
            return (
              <li key={q.question_id} className={`card report-question${q.is_follow_up ? " follow-up" : ""}`} data-testid="report-question">
                <h3>
                  {q.is_follow_up ? <span className="badge badge-follow">Follow-up</span> : null} {q.text}
                </h3>
                <p className="muted small">
                  {titleCase(q.topic)} · {titleCase(q.difficulty)}
                  {q.skipped ? " · Skipped" : ""}
                  {scored ? ` · Score ${round(q.overall)}` : ""}
                </p>
                {q.answer_text ? (
                  <>
                    <h4>{spoken ? "What you said" : "Your answer"}</h4>
                    <blockquote className="answer-text">{q.answer_text}</blockquote>
                  </>
                ) : null}
                {urls.length ? <Recording urls={urls} /> : null}
                {scored ? (
                  <div className="question-scores">
                    <ScoreBar label="Correctness" value={q.correctness} />
                    <ScoreBar label="Completeness" value={q.completeness} />
                    <ScoreBar label="Clarity" value={q.clarity} />
                  </div>
                ) : null}
                {q.feedback ? <p>{q.feedback}</p> : null}
                {q.delivery ? <Delivery metrics={q.delivery} title="Delivery" /> : null}
                {q.key_points_missed?.length ? (
                  <>
                    <h4>Missed points</h4>
                    <ul>
                      {q.key_points_missed.map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
                <Resources items={q.resources} />
                {q.model_answer ? (
                  <details>
                    <summary>Model answer</summary>
                    <p>{q.model_answer}</p>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}

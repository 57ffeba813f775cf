import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, describeError, unwrap } from "../api/client";
import type { Dashboard as DashboardData, Interview } from "../api/types";
import { useAuth } from "../auth/AuthContext";
import { TopicBars, TrendChart } from "../components/Charts";
import { Alert, Spinner } from "../components/ui";
import { formatDate, round, statusLabel, titleCase } from "../lib/format";
import { usePage } from "../lib/hooks";
import { retake } from "../lib/retake";

const PAGE = 20;

export function Dashboard() {
  const heading = usePage("Dashboard");
  const { session } = useAuth();
  const navigate = useNavigate();
  const [interviews, setInterviews] = useState<Interview[] | null>(null);
  const [total, setTotal] = useState(0);
  const [summary, setSummary] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const loadPage = useCallback(async (offset: number) => {
    const page = await unwrap(api.GET("/api/v1/interviews", { params: { query: { limit: PAGE, offset } } }));
    setTotal(page.total);
    setInterviews((previous) => (offset === 0 ? page.items : [...(previous ?? []), ...page.items]));
  }, []);

  useEffect(() => {
    let live = true;
    Promise.all([loadPage(0), unwrap(api.GET("/api/v1/dashboard"))])
      .then(([, data]) => live && setSummary(data))
      .catch((err) => live && setError(describeError(err)));
    return () => {
      live = false;
    };
  }, [loadPage]);

  async function onRetake(interview: Interview) {
    setBusy(interview.id);
    try {
      const next = await retake(interview);
      navigate(`/interviews/${next.id}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(null);
    }
  }

  async function onChallenge() {
    setBusy("challenge");
    try {
      const started = (await unwrap(api.POST("/api/v1/daily-challenge"))) as { interview_id?: string };
      if (!started.interview_id) throw new Error("The challenge could not be started.");
      navigate(`/interviews/${started.interview_id}`);
    } catch (err) {
      setError(describeError(err));
      setBusy(null);
    }
  }

  const name = session?.user.display_name || session?.user.email.split("@")[0] || "there";
  const latest = summary?.score_trend.at(-1);
  const average = summary?.average_overall;
  const strongest = summary?.topics.slice(0, 3) ?? [];
  const weakest = summary ? [...summary.topics].reverse().slice(0, 3) : [];

  return (
    <div className="page">
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          Welcome back, {name}
        </h1>
        <Link to="/interviews/new" className="button">
          New interview
        </Link>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {!interviews ? <Spinner label="Loading your sessions…" /> : null}

      {interviews && interviews.length === 0 ? (
        <section className="card empty">
          <h2>Your first mock interview</h2>
          <p>Pick a role and a few topics; it takes about ten minutes. Your scores and progress will show up here.</p>
          <Link to="/interviews/new" className="button">
            Start an interview
          </Link>
        </section>
      ) : null}

      {summary && interviews && interviews.length > 0 ? (
        <>
          <section aria-label="At a glance" className="stats">
            <div className="stat card">
              <span className="stat-value">{summary.sessions_total}</span>
              <span className="stat-label">sessions</span>
            </div>
            <div className="stat card">
              <span className="stat-value">{summary.streak_days}</span>
              <span className="stat-label">day streak{summary.streak_days === 1 ? "" : "s"}</span>
            </div>
            <div className="stat card">
              <span className="stat-value">{round(latest?.overall)}</span>
              <span className="stat-label">latest score{average !== null && average !== undefined ? ` · average ${round(average)}` : ""}</span>
            </div>
          </section>

          <div className="grid-2">
            <section className="card" aria-labelledby="trend-h">
              <h2 id="trend-h">Score trend</h2>
              <TrendChart
                title="Overall score by session"
                points={summary.score_trend.map((p) => ({ date: p.date, overall: p.overall, href: `/interviews/${p.interview_id}/report` }))}
              />
            </section>
            <section className="card" aria-labelledby="topics-h">
              <h2 id="topics-h">Topics</h2>
              <TopicBars topics={summary.topics} />
              {summary.topics.length > 1 ? (
                <p className="small muted">
                  Strongest: {strongest.map((t) => titleCase(t.topic)).join(", ")}. To work on:{" "}
                  {weakest.map((t) => titleCase(t.topic)).join(", ")}.
                </p>
              ) : null}
            </section>
          </div>

          <div className="grid-2">
            <section className="card" aria-labelledby="challenge-h">
              <h2 id="challenge-h">Daily challenge</h2>
              <DailyChallengeCard challenge={summary.daily_challenge} busy={busy === "challenge"} onStart={onChallenge} />
            </section>
            <section className="card" aria-labelledby="suggest-h">
              <h2 id="suggest-h">Suggested practice</h2>
              {summary.suggestions.length === 0 ? (
                <p className="muted">Suggestions appear once your answers show a pattern.</p>
              ) : (
                <ul className="suggestions">
                  {summary.suggestions.map((s) => (
                    <li key={`${s.topic}-${s.key_point}`}>
                      <span className="badge">{titleCase(s.topic)}</span> {s.key_point}
                      {s.count > 1 ? <span className="muted small"> · missed {s.count} times</span> : null}
                      {s.resources?.length ? (
                        <ul className="resources">
                          {s.resources.map((r) => (
                            <li key={r.url}>
                              <a href={r.url} target="_blank" rel="noreferrer noopener">
                                {r.title}
                              </a>
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      ) : null}

      {interviews && interviews.length > 0 ? (
        <section className="card" aria-labelledby="sessions-h">
          <h2 id="sessions-h">Previous sessions</h2>
          <ul className="sessions">
            {interviews.map((interview) => {
              const finished = interview.status === "completed" || interview.status === "abandoned";
              return (
                <li key={interview.id} className="session">
                  <div className="session-main">
                    <strong>{interview.role}</strong>
                    <span className="muted small">
                      {formatDate(interview.created_at)} · {titleCase(interview.seniority)} · {titleCase(interview.interview_type)}
                      {interview.topics.length ? ` · ${interview.topics.map(titleCase).join(", ")}` : ""}
                    </span>
                  </div>
                  <span className={`status status-${interview.status}`}>{statusLabel(interview.status)}</span>
                  <span className="session-score" aria-label={`Score ${round(interview.overall_score)}`}>
                    {round(interview.overall_score)}
                  </span>
                  <div className="session-actions">
                    {finished ? (
                      <Link to={`/interviews/${interview.id}/report`} className="button small">
                        Report<span className="visually-hidden"> for {interview.role}, {formatDate(interview.created_at)}</span>
                      </Link>
                    ) : (
                      <Link to={`/interviews/${interview.id}`} className="button small">
                        Continue<span className="visually-hidden"> {interview.role}</span>
                      </Link>
                    )}
                    <button type="button" className="button ghost small" onClick={() => onRetake(interview)} disabled={busy === interview.id}>
                      Retake<span className="visually-hidden"> {interview.role}</span>
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          {interviews.length < total ? (
            <button type="button" className="button ghost" onClick={() => void loadPage(interviews.length).catch((e) => setError(describeError(e)))}>
              Show more
            </button>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function DailyChallengeCard({
  challenge,
  busy,
  onStart,
}: {
  challenge: DashboardData["daily_challenge"];
  busy: boolean;
  onStart: () => void;
}) {
  const topic = titleCase(challenge.topic);
  if (challenge.interview_id && challenge.completed) {
    return (
      <>
        <p>
          Done for today: one {topic} question{challenge.score !== null && challenge.score !== undefined ? `, scored ${round(challenge.score)}` : ""}.
        </p>
        <Link className="button ghost" to={`/interviews/${challenge.interview_id}/report`}>
          See how it went
        </Link>
      </>
    );
  }
  if (challenge.interview_id) {
    return (
      <>
        <p>Today's {topic} question is waiting for your answer.</p>
        <Link className="button" to={`/interviews/${challenge.interview_id}`}>
          Continue today's challenge
        </Link>
      </>
    );
  }
  return (
    <>
      <p>One question a day on the topic you most need: today, {topic}. It takes two minutes.</p>
      <button type="button" className="button" onClick={onStart} disabled={busy}>
        {busy ? "Starting…" : "Answer today's question"}
      </button>
    </>
  );
}

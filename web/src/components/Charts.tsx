import { formatDate, round, scoreBand, titleCase } from "../lib/format";

export interface TrendPoint {
  date: string;
  overall: number;
  href?: string;
}

/** Score over time: an SVG line for the eye, a table for screen readers. */
export function TrendChart({ points, title }: { points: TrendPoint[]; title: string }) {
  if (points.length === 0) return <p className="muted">Finish an interview to start your trend.</p>;
  const width = 560;
  const height = 200;
  const pad = { left: 36, right: 12, top: 12, bottom: 28 };
  const x = (i: number) => pad.left + (points.length === 1 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (v: number) => pad.top + ((100 - v) * (height - pad.top - pad.bottom)) / 100;
  const line = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.overall).toFixed(1)}`).join(" ");
  const first = points[0];
  const last = points[points.length - 1];
  const summary =
    first && last && points.length > 1
      ? `${points.length} sessions, from ${round(first.overall)} to ${round(last.overall)}.`
      : `${points.length} session, scored ${round(last?.overall)}.`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${summary}`} preserveAspectRatio="xMidYMid meet">
        {[0, 25, 50, 75, 100].map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="grid" />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="axis">
              {tick}
            </text>
          </g>
        ))}
        <path d={line} className="trend-line" />
        {points.map((p, i) => (
          <circle key={`${p.date}-${i}`} cx={x(i)} cy={y(p.overall)} r={4} className={`trend-dot tone-${scoreBand(p.overall).tone}`} />
        ))}
        {first ? (
          <text x={x(0)} y={height - 8} className="axis" textAnchor={points.length === 1 ? "middle" : "start"}>
            {formatDate(first.date)}
          </text>
        ) : null}
        {last && points.length > 1 ? (
          <text x={x(points.length - 1)} y={height - 8} className="axis" textAnchor="end">
            {formatDate(last.date)}
          </text>
        ) : null}
      </svg>
      <figcaption className="visually-hidden">{summary}</figcaption>
      <details className="chart-data">
        <summary>Show the data</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Overall score</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p, i) => (
              <tr key={`${p.date}-${i}`}>
                <td>{p.href ? <a href={p.href}>{formatDate(p.date)}</a> : formatDate(p.date)}</td>
                <td>{round(p.overall)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export interface TopicValue {
  topic: string;
  average: number;
  answers?: number;
}

/** Per-topic averages as labelled bars (HTML, so it reads and zooms well). */
export function TopicBars({ topics }: { topics: TopicValue[] }) {
  if (topics.length === 0) return <p className="muted">No scored answers yet.</p>;
  return (
    <ul className="topic-bars">
      {topics.map((t) => {
        const band = scoreBand(t.average);
        return (
          <li key={t.topic}>
            <span className="topic-name">{titleCase(t.topic)}</span>
            <span className="topic-track" aria-hidden="true">
              <span className={`topic-fill tone-${band.tone}`} style={{ width: `${Math.max(2, Math.min(100, t.average))}%` }} />
            </span>
            <span className="topic-value">
              {round(t.average)}
              <span className="visually-hidden"> out of 100, {band.label}</span>
              {t.answers !== undefined ? (
                <span className="muted small">
                  {" "}
                  · {t.answers} answer{t.answers === 1 ? "" : "s"}
                </span>
              ) : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

import { useId, useState, type ReactNode } from "react";
import { round, scoreBand } from "../lib/format";

export function Alert({ tone = "error", children, id }: { tone?: "error" | "info" | "warning" | "success"; children: ReactNode; id?: string }) {
  // Errors interrupt (role=alert); the rest are announced politely.
  return (
    <div id={id} className={`alert alert-${tone}`} role={tone === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function Gauge({ value, label, size = 160 }: { value: number | null | undefined; label: string; size?: number }) {
  const score = value ?? 0;
  const radius = 42;
  const circumference = Math.PI * radius; // a half circle
  const band = value === null || value === undefined ? null : scoreBand(score);
  return (
    <figure className="gauge" style={{ width: size }}>
      <svg
        viewBox="0 0 100 60"
        role="img"
        aria-label={value === null || value === undefined ? `${label}: no score` : `${label}: ${round(score)} out of 100, ${band?.label}`}
      >
        <path d="M8 52 A42 42 0 0 1 92 52" className="gauge-track" />
        <path
          d="M8 52 A42 42 0 0 1 92 52"
          className={`gauge-value tone-${band?.tone ?? "none"}`}
          strokeDasharray={`${(circumference * score) / 100} ${circumference}`}
        />
        <text x="50" y="48" textAnchor="middle" className="gauge-number">
          {round(value)}
        </text>
      </svg>
      <figcaption>
        {label}
        {band ? <span className={`badge tone-${band.tone}`}>{band.label}</span> : null}
      </figcaption>
    </figure>
  );
}

export function ScoreBar({ label, value }: { label: string; value: number | null | undefined }) {
  const score = value ?? 0;
  const band = scoreBand(score);
  return (
    <div className="scorebar">
      <div className="scorebar-head">
        <span>{label}</span>
        <strong>{round(value)}</strong>
      </div>
      <div
        className="scorebar-track"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(score)}
        aria-valuetext={value === null || value === undefined ? "no score" : `${round(score)} out of 100`}
      >
        <div className={`scorebar-fill tone-${band.tone}`} style={{ width: `${Math.max(0, Math.min(100, score))}%` }} />
      </div>
    </div>
  );
}

export function PasswordField({
  label,
  value,
  onChange,
  autoComplete,
  describedBy,
  invalid,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const id = useId();
  const [visible, setVisible] = useState(false);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-with-button">
        <input
          id={id}
          name="password"
          type={visible ? "text" : "password"}
          value={value}
          autoComplete={autoComplete}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          required
        />
        <button
          type="button"
          className="ghost small"
          aria-pressed={visible}
          aria-controls={id}
          onClick={() => setVisible((v) => !v)}
        >
          {visible ? "Hide" : "Show"}
          <span className="visually-hidden"> password</span>
        </button>
      </div>
    </div>
  );
}

export function LevelMeter({ db, label = "Microphone level" }: { db: number | null; label?: string }) {
  // -60 dBFS (silence) … -10 dBFS (loud) mapped to 0 … 100.
  const value = db === null ? 0 : Math.round(Math.max(0, Math.min(100, ((db + 60) / 50) * 100)));
  return (
    <div className="level" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value}>
      <div className="level-fill" style={{ transform: `scaleX(${value / 100})` }} />
    </div>
  );
}

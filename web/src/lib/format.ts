export function titleCase(value: string): string {
  return value
    .replace(/[_-]+/g, " ")
    .replace(/\b\w/g, (c) => c.toUpperCase());
}

export function scoreBand(score: number): { label: string; tone: "strong" | "ok" | "weak" } {
  if (score >= 75) return { label: "Strong", tone: "strong" };
  if (score >= 50) return { label: "Developing", tone: "ok" };
  return { label: "Needs work", tone: "weak" };
}

export function round(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : String(Math.round(value));
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ""
    : date.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

export function statusLabel(status: string): string {
  return (
    { created: "Starting", in_progress: "In progress", paused: "Paused", completed: "Completed", abandoned: "Ended early" }[
      status
    ] ?? titleCase(status)
  );
}

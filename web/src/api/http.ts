// Authenticated HTTP: the session (tokens) lives in localStorage so a reload keeps the user
// signed in; an expiring access token is refreshed once, shared by concurrent callers.
import type { TokenPair, User } from "./types";

const SESSION_KEY = "intervox.session";
const REFRESH_MARGIN_MS = 30_000;

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms after which the access token is no longer accepted. */
  expiresAt: number;
  user: User;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Seconds to wait, from Retry-After (429). */
  readonly retryAfter: number | null;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, retryAfter: number | null = null, details: unknown = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    this.details = details;
  }
}

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();
let current: Session | null = load();
let refreshing: Promise<Session | null> | null = null;

function load(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(SESSION_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Session;
    return parsed.accessToken && parsed.refreshToken ? parsed : null;
  } catch {
    return null;
  }
}

function publish(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
  for (const listener of listeners) listener(session);
}

if (typeof window !== "undefined") {
  // Another tab signed in or out: follow it.
  window.addEventListener("storage", (event) => {
    if (event.key === SESSION_KEY || event.key === null) {
      current = load();
      for (const listener of listeners) listener(current);
    }
  });
}

export function getSession(): Session | null {
  return current;
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function startSession(pair: TokenPair): Session {
  const session: Session = {
    accessToken: pair.access_token,
    refreshToken: pair.refresh_token,
    expiresAt: Date.now() + pair.expires_in * 1000,
    user: pair.user,
  };
  publish(session);
  return session;
}

/** Forget everything this browser kept for the user: tokens, drafts, preferences. */
export function clearSession(): void {
  try {
    sessionStorage.clear();
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith("intervox.")) localStorage.removeItem(key);
    }
  } finally {
    publish(null);
  }
}

export async function errorFrom(response: Response): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || "The request failed.";
  let details: unknown = null;
  try {
    const body = (await response.json()) as { code?: string; message?: string; details?: unknown };
    if (body.code) code = body.code;
    if (body.message) message = body.message;
    details = body.details ?? null;
  } catch {
    // not JSON: keep the status line
  }
  const retry = Number(response.headers.get("Retry-After"));
  return new ApiError(response.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : null, details);
}

/** Rotate the token pair once, however many callers ask at the same time. */
export function refreshSession(): Promise<Session | null> {
  const session = current;
  if (!session) return Promise.resolve(null);
  refreshing ??= (async () => {
    try {
      const response = await fetch("/api/v1/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: session.refreshToken }),
      });
      if (!response.ok) {
        // The refresh token is dead (expired, revoked, reused): the user signs in again.
        if (response.status === 401) clearSession();
        return null;
      }
      return startSession((await response.json()) as TokenPair);
    } catch {
      return null; // offline: keep the session, a later call retries
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** A usable access token, refreshed ahead of its expiry so calls rarely meet a 401. */
export async function accessToken(): Promise<string | null> {
  const session = current;
  if (!session) return null;
  if (session.expiresAt - REFRESH_MARGIN_MS > Date.now()) return session.accessToken;
  const renewed = await refreshSession();
  return renewed?.accessToken ?? current?.accessToken ?? null;
}

/** fetch with the bearer token; a 401 TOKEN_EXPIRED refreshes once and retries. */
export async function authFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const token = await accessToken();
  if (token) request.headers.set("Authorization", `Bearer ${token}`);
  const response = await fetch(request);
  if (response.status !== 401 || !current) return response;
  const body = (await response.clone().json().catch(() => ({}))) as { code?: string };
  if (body.code !== "TOKEN_EXPIRED" && body.code !== "INVALID_TOKEN") return response;
  const renewed = await refreshSession();
  if (!renewed) return response;
  retry.headers.set("Authorization", `Bearer ${renewed.accessToken}`);
  return fetch(retry);
}

/** An authorized call to a path outside the typed client (new endpoints, media, files). */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  return authFetch(new Request(path, init));
}

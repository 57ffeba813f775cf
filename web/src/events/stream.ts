// The interview's event stream over a WebSocket (docs/client-protocol.md): events arrive
// strictly in `seq` order; after any drop the stream reconnects with `after_seq` = the last
// seq it delivered, so nothing is lost or delivered twice. It also carries the client's
// audio messages, each answered by an ack or an error that names its `ref`.
import type { ClientEvent } from "../api/types";
import { ApiError } from "../api/http";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "offline" | "closed";
export type FatalReason = "unauthorized" | "not_found";

export interface SocketLike {
  readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface StreamOptions {
  interviewId: string;
  afterSeq?: number;
  token: () => Promise<string | null>;
  /** Rotate the tokens after a 4401; false when the user must sign in again. */
  refresh: () => Promise<boolean>;
  onEvent: (event: ClientEvent) => void;
  onStatus?: (status: StreamStatus, retryInMs?: number) => void;
  onFatal?: (reason: FatalReason) => void;
  openSocket?: (url: string, protocols: string[]) => SocketLike;
  /** Where `online`/`offline` are announced; window in the browser. */
  network?: Pick<EventTarget, "addEventListener" | "removeEventListener"> & { navigator?: { onLine: boolean } };
  baseUrl?: string;
  heartbeatMs?: number;
  /** A socket silent for this long is taken for dead (a network drop sends no close). */
  silenceMs?: number;
  replyTimeoutMs?: number;
}

export type OutboundMessage =
  | {
      type: "audio_segment";
      question_id: string;
      answer_id: string;
      segment_index: number;
      mime_type: string;
      audio_b64: string;
    }
  | { type: "audio_complete"; question_id: string; answer_id: string; segment_count: number };

interface Pending {
  message: OutboundMessage & { ref: string };
  resolve: () => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  attempts: number;
}

/** Errors the gateway marks as momentary (nothing was stored): the same message is sent
 * again a little later, up to this many times, before the caller hears of it. */
const MAX_RETRIES = 3;
const RETRY_DELAY_MS = 1500;

const OPEN = 1;
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_NOT_FOUND = 4404;
const CLOSE_GAP = 4000;

export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(8000, 500 * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function isClientEvent(value: unknown): value is ClientEvent {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { seq?: unknown; type?: unknown; payload?: unknown };
  return typeof candidate.seq === "number" && typeof candidate.type === "string" && typeof candidate.payload === "object";
}

export class EventStream {
  lastSeq: number;
  status: StreamStatus = "connecting";
  private socket: SocketLike | null = null;
  private stopped = false;
  private attempt = 0;
  private refreshedOnce = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  private nextRef = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly options: Required<Omit<StreamOptions, "afterSeq" | "onStatus" | "onFatal" | "network">> &
    Pick<StreamOptions, "onStatus" | "onFatal" | "network">;

  constructor(options: StreamOptions) {
    this.lastSeq = options.afterSeq ?? 0;
    this.options = {
      openSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as SocketLike,
      baseUrl: typeof location === "undefined" ? "ws://localhost" : location.origin.replace(/^http/, "ws"),
      heartbeatMs: 10_000,
      silenceMs: 25_000,
      replyTimeoutMs: 120_000,
      network: typeof window === "undefined" ? undefined : window,
      ...options,
    };
  }

  start(): void {
    this.stopped = false;
    this.options.network?.addEventListener("online", this.onOnline);
    this.options.network?.addEventListener("offline", this.onOffline);
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.options.network?.removeEventListener("online", this.onOnline);
    this.options.network?.removeEventListener("offline", this.onOffline);
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.close(1000, "bye");
    }
    for (const [ref, item] of this.pending) {
      clearTimeout(item.timer);
      item.reject(new Error("The connection was closed."));
      this.pending.delete(ref);
    }
    this.setStatus("closed");
  }

  /** Send a message; resolves on its ack. Unacknowledged messages are re-sent after a
   * reconnect (the gateway treats a repeated segment as the same one). */
  send(message: OutboundMessage): Promise<void> {
    const ref = `c${this.nextRef++}`;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject(new ApiError(0, "NO_REPLY", "The server did not confirm the audio in time."));
      }, this.options.replyTimeoutMs);
      const item: Pending = { message: { ...message, ref }, resolve, reject, timer, attempts: 0 };
      this.pending.set(ref, item);
      this.transmit(item);
    });
  }

  private transmit(item: Pending): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify(item.message));
  }

  private setStatus(status: StreamStatus, retryInMs?: number): void {
    this.status = status;
    this.options.onStatus?.(status, retryInMs);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.retryTimer = null;
    this.heartbeat = null;
  }

  private readonly onOnline = (): void => {
    if (this.stopped) return;
    this.attempt = 0;
    if (!this.socket) {
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      void this.connect();
    }
  };

  private readonly onOffline = (): void => {
    if (this.stopped) return;
    // The browser knows the network is gone: drop the socket now rather than wait for the
    // heartbeat; what is missed meanwhile is replayed on reconnect.
    this.drop();
    this.setStatus("offline");
  };

  private drop(): void {
    const socket = this.socket;
    this.socket = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(CLOSE_GAP, "reconnect");
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.socket) return;
    this.setStatus(this.attempt === 0 && this.lastSeq === 0 ? "connecting" : "reconnecting");
    const token = await this.options.token();
    if (this.stopped || this.socket) return;
    if (!token) {
      this.options.onFatal?.("unauthorized");
      return;
    }
    const url = `${this.options.baseUrl}/api/v1/interviews/${this.options.interviewId}/events?after_seq=${this.lastSeq}`;
    let socket: SocketLike;
    try {
      socket = this.options.openSocket(url, ["intervox.v1", `bearer.${token}`]);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.lastHeard = Date.now();
      this.setStatus("live");
      this.startHeartbeat(socket);
      for (const item of this.pending.values()) this.transmit(item);
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.receive(event.data);
    };
    socket.onerror = () => {
      // A close always follows; it decides what to do.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
      void this.closed(event.code);
    };
  }

  private async closed(code: number): Promise<void> {
    if (this.stopped) return;
    if (code === CLOSE_NOT_FOUND) {
      this.stopped = true;
      this.setStatus("closed");
      this.options.onFatal?.("not_found");
      return;
    }
    if (code === CLOSE_UNAUTHORIZED) {
      // One refresh per run of failures: a second 4401 straight after means signing in.
      if (!this.refreshedOnce && (await this.options.refresh())) {
        this.refreshedOnce = true;
        void this.connect();
        return;
      }
      this.stopped = true;
      this.setStatus("closed");
      this.options.onFatal?.("unauthorized");
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const offline = this.options.network?.navigator?.onLine === false;
    const delay = backoffMs(this.attempt);
    this.attempt += 1;
    this.setStatus(offline ? "offline" : "reconnecting", delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private startHeartbeat(socket: SocketLike): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      if (this.socket !== socket) return;
      if (Date.now() - this.lastHeard > this.options.silenceMs) {
        this.drop();
        this.scheduleReconnect();
        return;
      }
      try {
        socket.send("ping");
      } catch {
        // the close handler reconnects
      }
    }, this.options.heartbeatMs);
  }

  private receive(data: unknown): void {
    this.lastHeard = Date.now();
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (isClientEvent(message)) {
      this.refreshedOnce = false;
      this.attempt = 0;
      if (message.seq <= this.lastSeq) return; // already delivered
      if (message.seq > this.lastSeq + 1) {
        // A hole: ask again from the last one delivered; the gateway's log has them all.
        this.drop();
        this.scheduleReconnect();
        return;
      }
      this.lastSeq = message.seq;
      this.options.onEvent(message);
      return;
    }
    const reply = message as { type?: string; ref?: string; code?: string; message?: string; retryable?: boolean };
    if ((reply.type === "ack" || reply.type === "error") && reply.ref) {
      const item = this.pending.get(reply.ref);
      if (!item) return;
      if (reply.type === "error" && reply.retryable && item.attempts < MAX_RETRIES) {
        item.attempts += 1;
        setTimeout(() => {
          if (this.pending.get(item.message.ref) === item) this.transmit(item);
        }, RETRY_DELAY_MS * item.attempts);
        return;
      }
      this.pending.delete(reply.ref);
      clearTimeout(item.timer);
      if (reply.type === "ack") item.resolve();
      else item.reject(new ApiError(0, reply.code ?? "ERROR", reply.message ?? "The server refused the audio."));
    }
  }
}

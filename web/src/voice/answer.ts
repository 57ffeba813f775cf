// One spoken answer: records utterance segments cut at short pauses (VAD), sends each as
// it is cut, and decides when the answer is over — by a patient countdown after the last
// utterance (cancelled by speaking again), or at once on Done / Enter. Push-to-talk mode
// records only while the key or button is held.
import { EnergyVad } from "./vad";
import type { Microphone } from "./mic";
import { SegmentRecorder } from "./mic";
import { END_OF_TURN_MS, endOfTurnDelayMs } from "./turn";

export type TurnPhase = "listening" | "speaking" | "countdown" | "sending" | "done" | "failed";

export interface TurnSnapshot {
  phase: TurnPhase;
  segments: number;
  countdownEndsAt: number | null;
  countdownMs: number;
  error: string | null;
}

export interface VoiceTurnOptions {
  mic: Microphone;
  pushToTalk: boolean;
  sendSegment: (index: number, audio: Blob, mimeType: string) => Promise<void>;
  complete: (segmentCount: number) => Promise<void>;
  /** The live transcript of this answer so far (from transcript.partial events). */
  transcript: () => string;
  onChange: (snapshot: TurnSnapshot) => void;
  baseDelayMs?: number;
  /** The gateway takes segments of at most ~30 s: cut long monologues before that. */
  maxSegmentMs?: number;
  /** A segment with no speech in it is restarted after this long (it would only hold silence). */
  idleRestartMs?: number;
  now?: () => number;
}

export class VoiceTurn {
  private readonly options: Required<Omit<VoiceTurnOptions, "now">> & { now: () => number };
  private readonly vad = new EnergyVad();
  private readonly recorder: SegmentRecorder;
  private phase: TurnPhase = "listening";
  private sent = 0;
  private readonly sends: Promise<void>[] = [];
  private speechInSegment = false;
  private segmentStartedAt = 0;
  private utteranceEndedAt = 0;
  private countdownEndsAt: number | null = null;
  private countdownMs = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private held = false;
  private suspended = false;
  private error: string | null = null;
  private unsubscribe: () => void = () => undefined;

  constructor(options: VoiceTurnOptions) {
    this.options = {
      baseDelayMs: END_OF_TURN_MS,
      maxSegmentMs: 25_000,
      idleRestartMs: 10_000,
      now: () => performance.now(),
      ...options,
    };
    this.recorder = new SegmentRecorder(options.mic.stream);
  }

  get mimeType(): string {
    return this.recorder.mimeType;
  }

  snapshot(): TurnSnapshot {
    return {
      phase: this.phase,
      segments: this.sent,
      countdownEndsAt: this.countdownEndsAt,
      countdownMs: this.countdownMs,
      error: this.error,
    };
  }

  private changed(): void {
    this.options.onChange(this.snapshot());
  }

  start(): void {
    this.unsubscribe = this.options.mic.onLevel((db, ms) => this.onLevel(db, ms));
    if (!this.options.pushToTalk) this.startSegment();
    this.changed();
  }

  /** Stop listening for a while (the question is being read aloud). */
  suspend(on: boolean): void {
    this.suspended = on;
    if (on) this.vad.reset();
  }

  private startSegment(): void {
    this.recorder.start();
    this.segmentStartedAt = this.options.now();
    this.speechInSegment = false;
  }

  private onLevel(db: number, ms: number): void {
    if (this.suspended || this.options.pushToTalk || !this.active) return;
    const event = this.vad.push(db, ms);
    const now = this.options.now();
    if (event === "speech_start") {
      this.speechInSegment = true;
      this.cancelCountdown(false);
      this.phase = "speaking";
      this.changed();
    } else if (event === "speech_end") {
      this.utteranceEndedAt = now;
      void this.cutSegment();
      this.startCountdown();
    } else if (this.vad.speaking && now - this.segmentStartedAt > this.options.maxSegmentMs) {
      void this.cutSegment();
    } else if (!this.speechInSegment && !this.vad.speaking && now - this.segmentStartedAt > this.options.idleRestartMs) {
      // Nothing said yet: drop the silence recorded so far.
      void this.recorder.cut();
      this.segmentStartedAt = now;
    }
  }

  private get active(): boolean {
    return this.phase === "listening" || this.phase === "speaking" || this.phase === "countdown";
  }

  private async cutSegment(): Promise<void> {
    const hadSpeech = this.speechInSegment;
    this.segmentStartedAt = this.options.now();
    this.speechInSegment = this.vad.speaking;
    const audio = await this.recorder.cut();
    if (hadSpeech && audio) this.queue(audio);
  }

  private queue(audio: Blob): void {
    const index = this.sent++;
    const sending = this.options.sendSegment(index, audio, audio.type || this.recorder.mimeType);
    // Failures surface in finish(); keep the rejection handled meanwhile.
    sending.catch(() => undefined);
    this.sends.push(sending);
    this.changed();
  }

  private startCountdown(): void {
    this.countdownMs = endOfTurnDelayMs(this.options.transcript(), this.options.baseDelayMs);
    this.countdownEndsAt = this.utteranceEndedAt + this.countdownMs;
    this.phase = "countdown";
    this.armTimer();
    this.changed();
  }

  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.countdownEndsAt === null) return;
    const wait = Math.max(0, this.countdownEndsAt - this.options.now());
    this.timer = setTimeout(() => void this.finish(), wait);
  }

  /** A new partial transcript arrived: a mid-sentence ending earns more time. */
  transcriptUpdated(): void {
    if (this.phase !== "countdown") return;
    const delay = endOfTurnDelayMs(this.options.transcript(), this.options.baseDelayMs);
    if (delay === this.countdownMs) return;
    this.countdownMs = delay;
    this.countdownEndsAt = this.utteranceEndedAt + delay;
    this.armTimer();
    this.changed();
  }

  /** "I'm not done": stop the countdown and keep listening. */
  cancelCountdown(notify = true): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.countdownEndsAt = null;
    if (this.phase === "countdown") {
      this.phase = "listening";
      if (notify) this.changed();
    }
  }

  /** Push-to-talk: record while held. */
  press(): void {
    if (!this.options.pushToTalk || this.held || !this.active) return;
    this.held = true;
    this.startSegment();
    this.speechInSegment = true;
    this.phase = "speaking";
    this.changed();
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    const audio = await this.recorder.stop();
    if (audio) this.queue(audio);
    this.phase = "listening";
    this.changed();
  }

  get hasAudio(): boolean {
    return this.sent > 0 || this.speechInSegment || this.held;
  }

  /** Done: send what is left and close the answer. False when nothing was said. */
  async finish(): Promise<boolean> {
    if (!this.active) return false;
    this.cancelCountdown(false);
    this.phase = "sending";
    this.changed();
    const last = await this.recorder.stop();
    if (last && (this.speechInSegment || this.held)) this.queue(last);
    this.held = false;
    if (this.sent === 0) {
      // Nothing was said: keep listening instead of sending an empty answer.
      this.phase = "listening";
      if (!this.options.pushToTalk) this.startSegment();
      this.changed();
      return false;
    }
    try {
      await Promise.all(this.sends);
      await this.options.complete(this.sent);
      this.phase = "done";
    } catch (error) {
      this.phase = "failed";
      this.error = error instanceof Error ? error.message : "The answer could not be sent.";
    }
    this.unsubscribe();
    this.changed();
    return this.phase === "done";
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe();
    void this.recorder.stop();
    if (this.active) this.phase = "done";
  }
}

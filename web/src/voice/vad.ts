// Energy voice-activity detection over short frames (≈20 ms) of microphone level. It cuts a
// spoken answer into utterances at short pauses; the noise floor adapts, so a quiet room
// and a noisy one both work. Pure: fed levels, it says when speech starts and ends.
export interface VadOptions {
  /** Speech must last this long to count (clicks and coughs do not). */
  minSpeechMs: number;
  /** Silence this long ends an utterance: the short pause a segment is cut at. */
  pauseMs: number;
  /** How far above the noise floor speech is. */
  marginDb: number;
  minThresholdDb: number;
  maxThresholdDb: number;
}

export const DEFAULT_VAD: VadOptions = {
  minSpeechMs: 120,
  pauseMs: 700,
  marginDb: 12,
  minThresholdDb: -55,
  maxThresholdDb: -28,
};

export type VadEvent = "speech_start" | "speech_end";

export const SILENCE_DB = -100;

/** dBFS of a block of samples (RMS), floored at SILENCE_DB. */
export function levelDb(samples: ArrayLike<number>): number {
  if (samples.length === 0) return SILENCE_DB;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i] ?? 0;
    sum += value * value;
  }
  const rms = Math.sqrt(sum / samples.length);
  return rms > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(rms)) : SILENCE_DB;
}

/** The noise floor is the quietest level of the last few seconds ("minimum statistics"):
 * speech always dips between words, steady noise never does. */
const BUCKET_MS = 500;
const BUCKETS = 8;

export class EnergyVad {
  speaking = false;
  private aboveMs = 0;
  private belowMs = 0;
  private bucketMin = Infinity;
  private bucketMs = 0;
  private readonly minima: number[] = [];
  private readonly options: VadOptions;

  constructor(options: Partial<VadOptions> = {}) {
    this.options = { ...DEFAULT_VAD, ...options };
  }

  get noiseFloorDb(): number {
    const floor = Math.min(this.bucketMin, ...this.minima);
    return Number.isFinite(floor) ? floor : SILENCE_DB;
  }

  get thresholdDb(): number {
    const { marginDb, minThresholdDb, maxThresholdDb } = this.options;
    return Math.min(maxThresholdDb, Math.max(minThresholdDb, this.noiseFloorDb + marginDb));
  }

  private track(db: number, frameMs: number): void {
    this.bucketMin = Math.min(this.bucketMin, db);
    this.bucketMs += frameMs;
    if (this.bucketMs >= BUCKET_MS) {
      this.minima.push(this.bucketMin);
      if (this.minima.length > BUCKETS) this.minima.shift();
      this.bucketMin = Infinity;
      this.bucketMs = 0;
    }
  }

  /** Feed one frame; returns an event when speech starts or an utterance ends. */
  push(db: number, frameMs: number): VadEvent | null {
    this.track(db, frameMs);
    const loud = db >= this.thresholdDb;
    if (loud) {
      this.aboveMs += frameMs;
      this.belowMs = 0;
      if (!this.speaking && this.aboveMs >= this.options.minSpeechMs) {
        this.speaking = true;
        return "speech_start";
      }
    } else {
      this.belowMs += frameMs;
      if (!this.speaking) this.aboveMs = 0;
      if (this.speaking && this.belowMs >= this.options.pauseMs) {
        this.speaking = false;
        this.aboveMs = 0;
        return "speech_end";
      }
    }
    return null;
  }

  reset(): void {
    this.speaking = false;
    this.aboveMs = 0;
    this.belowMs = 0;
  }
}

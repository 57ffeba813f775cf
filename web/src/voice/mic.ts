// The microphone: permission, a level signal (AudioWorklet, or an AnalyserNode where
// worklets are missing), and recording of utterance segments with MediaRecorder.
import workletUrl from "./level-worklet.ts?worker&url";
import { levelDb } from "./vad";

export type MicProblem = "denied" | "missing" | "unsupported" | "busy" | "error";

export class MicError extends Error {
  readonly problem: MicProblem;
  constructor(problem: MicProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

export function micProblemText(problem: MicProblem): string {
  switch (problem) {
    case "denied":
      return "Microphone access is blocked. Allow it in your browser's site settings to answer by voice — or answer in text below.";
    case "missing":
      return "No microphone was found. Connect one to answer by voice — or answer in text below.";
    case "busy":
      return "The microphone is in use by another app. Close it and try again — or answer in text below.";
    case "unsupported":
      return "This browser cannot record audio here (it needs a secure connection and a recent browser). You can answer in text.";
    default:
      return "The microphone could not be started. You can answer in text.";
  }
}

const MIME_CANDIDATES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4", "audio/webm"];

export function pickMimeType(): string {
  if (typeof MediaRecorder === "undefined") return "";
  return MIME_CANDIDATES.find((type) => MediaRecorder.isTypeSupported(type)) ?? "";
}

export type LevelListener = (db: number, frameMs: number) => void;

export class Microphone {
  readonly stream: MediaStream;
  private readonly context: AudioContext;
  private readonly listeners = new Set<LevelListener>();
  private stopLevel: () => void = () => undefined;

  private constructor(stream: MediaStream, context: AudioContext) {
    this.stream = stream;
    this.context = context;
  }

  static async open(): Promise<Microphone> {
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
      throw new MicError("unsupported", micProblemText("unsupported"));
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
    } catch (error) {
      const name = (error as DOMException)?.name;
      const problem: MicProblem =
        name === "NotAllowedError" || name === "SecurityError"
          ? "denied"
          : name === "NotFoundError" || name === "OverconstrainedError"
            ? "missing"
            : name === "NotReadableError"
              ? "busy"
              : "error";
      throw new MicError(problem, micProblemText(problem));
    }
    const context = new AudioContext();
    const mic = new Microphone(stream, context);
    await mic.startLevel();
    return mic;
  }

  private async startLevel(): Promise<void> {
    const source = this.context.createMediaStreamSource(this.stream);
    if (this.context.state === "suspended") await this.context.resume().catch(() => undefined);
    try {
      await this.context.audioWorklet.addModule(workletUrl);
      const node = new AudioWorkletNode(this.context, "intervox-level");
      node.port.onmessage = (event: MessageEvent<{ db: number; ms: number }>) => this.emit(event.data.db, event.data.ms);
      source.connect(node);
      // Not connected to the speakers: the worklet runs as long as its input is live.
      this.stopLevel = () => {
        node.port.onmessage = null;
        source.disconnect();
      };
    } catch {
      const analyser = this.context.createAnalyser();
      analyser.fftSize = 1024;
      source.connect(analyser);
      const buffer = new Float32Array(analyser.fftSize);
      const timer = setInterval(() => {
        analyser.getFloatTimeDomainData(buffer);
        this.emit(levelDb(buffer), 20);
      }, 20);
      this.stopLevel = () => {
        clearInterval(timer);
        source.disconnect();
      };
    }
  }

  private emit(db: number, ms: number): void {
    for (const listener of this.listeners) listener(db, ms);
  }

  onLevel(listener: LevelListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopLevel();
    this.listeners.clear();
    for (const track of this.stream.getTracks()) track.stop();
    void this.context.close().catch(() => undefined);
  }
}

/** Records one segment at a time: `cut()` ends the current one and starts the next at
 * once, so nothing said between two segments is lost. */
export class SegmentRecorder {
  readonly mimeType: string;
  private current: { recorder: MediaRecorder; chunks: Blob[] } | null = null;
  private readonly stream: MediaStream;

  constructor(stream: MediaStream, mimeType = pickMimeType()) {
    this.stream = stream;
    this.mimeType = mimeType;
  }

  get recording(): boolean {
    return this.current?.recorder.state === "recording";
  }

  start(): void {
    if (this.recording) return;
    const recorder = new MediaRecorder(this.stream, this.mimeType ? { mimeType: this.mimeType } : undefined);
    // Each recorder keeps its own chunks: the last one arrives after stop(), when the
    // next segment is already recording.
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    recorder.start();
    this.current = { recorder, chunks };
  }

  /** Stop the current segment and hand back its audio. */
  stop(): Promise<Blob | null> {
    const current = this.current;
    this.current = null;
    if (!current || current.recorder.state === "inactive") return Promise.resolve(null);
    const { recorder, chunks } = current;
    return new Promise((resolve) => {
      recorder.onstop = () => {
        const type = recorder.mimeType || this.mimeType || "audio/webm";
        resolve(chunks.length ? new Blob(chunks, { type }) : null);
      };
      recorder.stop();
    });
  }

  /** End the current segment and start the next one at once. */
  cut(): Promise<Blob | null> {
    const finished = this.stop();
    this.start();
    return finished;
  }
}

export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

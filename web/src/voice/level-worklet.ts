// AudioWorklet: the microphone's level every ~20 ms, computed on the audio thread so the
// meter and the voice-activity detector keep time even when the page is busy.
declare const sampleRate: number;
declare function registerProcessor(name: string, processor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

const FRAME_S = 0.02;

class LevelProcessor extends AudioWorkletProcessor {
  private sum = 0;
  private count = 0;
  private readonly frame = Math.max(128, Math.round(sampleRate * FRAME_S));

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (channel) {
      for (let i = 0; i < channel.length; i++) {
        const value = channel[i] ?? 0;
        this.sum += value * value;
      }
      this.count += channel.length;
      if (this.count >= this.frame) {
        const rms = Math.sqrt(this.sum / this.count);
        const db = rms > 0 ? Math.max(-100, 20 * Math.log10(rms)) : -100;
        this.port.postMessage({ db, ms: (this.count / sampleRate) * 1000 });
        this.sum = 0;
        this.count = 0;
      }
    }
    return true;
  }
}

registerProcessor("intervox-level", LevelProcessor);

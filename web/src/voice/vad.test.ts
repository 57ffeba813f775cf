import { describe, expect, it } from "vitest";
import { EnergyVad, levelDb } from "./vad";

function feed(vad: EnergyVad, db: number, ms: number, frame = 20) {
  const events: string[] = [];
  for (let t = 0; t < ms; t += frame) {
    const event = vad.push(db, frame);
    if (event) events.push(event);
  }
  return events;
}

describe("EnergyVad", () => {
  it("measures RMS level in dBFS", () => {
    expect(levelDb(new Float32Array(128))).toBe(-100);
    expect(levelDb(new Float32Array(128).fill(1))).toBeCloseTo(0);
    expect(levelDb(new Float32Array(128).fill(0.1))).toBeCloseTo(-20);
  });

  it("starts on sustained speech and ends an utterance at a short pause", () => {
    const vad = new EnergyVad();
    expect(feed(vad, -70, 1000)).toEqual([]);
    expect(feed(vad, -25, 100)).toEqual([]); // a click is not speech
    expect(feed(vad, -70, 200)).toEqual([]);
    expect(feed(vad, -25, 400)).toEqual(["speech_start"]);
    expect(feed(vad, -70, 300)).toEqual([]); // a breath between words
    expect(feed(vad, -25, 300)).toEqual([]);
    expect(feed(vad, -70, 800)).toEqual(["speech_end"]);
  });

  it("adapts to a noisy room", () => {
    const vad = new EnergyVad();
    feed(vad, -45, 5000); // steady fan noise
    expect(vad.thresholdDb).toBeGreaterThan(-40);
    expect(feed(vad, -44, 500)).toEqual([]);
    expect(feed(vad, -20, 300)).toEqual(["speech_start"]);
  });
});

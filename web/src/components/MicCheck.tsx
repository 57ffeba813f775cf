import { useEffect, useRef, useState } from "react";
import { MicError, Microphone, SegmentRecorder, type MicProblem } from "../voice/mic";
import { Alert, LevelMeter } from "./ui";

const TEST_SECONDS = 3;

/** Microphone check: a live level meter, and a short recording played back. */
export function MicCheck({ onResult }: { onResult?: (ok: boolean, problem?: MicProblem) => void }) {
  const mic = useRef<Microphone | null>(null);
  const [db, setDb] = useState<number | null>(null);
  const [state, setState] = useState<"idle" | "opening" | "live" | "recording" | "error">("idle");
  const [problem, setProblem] = useState<string | null>(null);
  const [playback, setPlayback] = useState<string | null>(null);
  const [heard, setHeard] = useState(false);

  useEffect(
    () => () => {
      mic.current?.close();
      mic.current = null;
    },
    [],
  );
  useEffect(
    () => () => {
      if (playback) URL.revokeObjectURL(playback);
    },
    [playback],
  );

  async function open() {
    setState("opening");
    setProblem(null);
    try {
      const opened = await Microphone.open();
      mic.current = opened;
      let lastPaint = 0;
      opened.onLevel((level) => {
        if (level > -45) setHeard(true);
        const now = performance.now();
        if (now - lastPaint > 60) {
          lastPaint = now;
          setDb(level);
        }
      });
      setState("live");
      onResult?.(true);
    } catch (error) {
      const micError = error instanceof MicError ? error : new MicError("error", String(error));
      setProblem(micError.message);
      setState("error");
      onResult?.(false, micError.problem);
    }
  }

  async function test() {
    if (!mic.current) return;
    setState("recording");
    const recorder = new SegmentRecorder(mic.current.stream);
    recorder.start();
    await new Promise((resolve) => setTimeout(resolve, TEST_SECONDS * 1000));
    const audio = await recorder.stop();
    if (audio) setPlayback(URL.createObjectURL(audio));
    setState("live");
  }

  return (
    <div className="mic-check">
      {state === "idle" || state === "error" ? (
        <button type="button" className="button ghost" onClick={open}>
          {state === "error" ? "Try the microphone again" : "Check my microphone"}
        </button>
      ) : null}
      {state === "opening" ? <p role="status">Waiting for microphone permission…</p> : null}
      {problem ? <Alert tone="warning">{problem}</Alert> : null}
      {state === "live" || state === "recording" ? (
        <>
          <LevelMeter db={db} />
          <p className="small muted" role="status">
            {heard ? "We can hear you." : "Say something: the bar should move."}
          </p>
          <div className="row">
            <button type="button" className="button ghost small" onClick={test} disabled={state === "recording"}>
              {state === "recording" ? `Recording ${TEST_SECONDS} seconds…` : "Test your mic"}
            </button>
            {playback ? (
              <audio controls src={playback} aria-label="Your test recording" />
            ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}

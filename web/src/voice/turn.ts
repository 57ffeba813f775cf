// When has the candidate finished answering? After an utterance ends, a patient countdown
// runs (2.5 s by default); speaking again cancels it. It waits longer when the live
// transcript stops mid-sentence or on a filler ("so", "let me think"): people pause to think.
export const END_OF_TURN_MS = 2500;
export const THINKING_EXTRA_MS = 2500;
export const MID_SENTENCE_EXTRA_MS = 1000;

const FILLERS = [
  "let me think",
  "let me see",
  "give me a second",
  "i mean",
  "you know",
  "kind of",
  "sort of",
  "so",
  "um",
  "umm",
  "uh",
  "uhm",
  "er",
  "erm",
  "hmm",
  "and",
  "but",
  "or",
  "because",
  "like",
  "well",
  "then",
  "also",
  "actually",
  "basically",
  "first",
  "the",
  "a",
  "an",
  "to",
  "of",
  "with",
];

export type TurnEnding = "complete" | "mid_sentence" | "thinking";

export function classifyEnding(transcript: string): TurnEnding {
  const text = transcript.trim().toLowerCase();
  if (!text) return "complete";
  if (/[.?!]["')\]]*$/.test(text) && !/\.\.\.$/.test(text)) {
    // "So." is still someone gathering their thoughts.
    const words = text.replace(/[.?!"')\]]+$/, "").split(/\s+/);
    const last = words.slice(-3).join(" ");
    return FILLERS.some((f) => last === f || last.endsWith(` ${f}`)) && words.length <= 3 ? "thinking" : "complete";
  }
  const bare = text.replace(/[\s,;:…\-–—.]+$/, "");
  if (FILLERS.some((filler) => bare === filler || bare.endsWith(` ${filler}`))) return "thinking";
  return "mid_sentence";
}

/** How long to wait after an utterance before taking the answer as finished. */
export function endOfTurnDelayMs(transcript: string, base = END_OF_TURN_MS): number {
  switch (classifyEnding(transcript)) {
    case "thinking":
      return base + THINKING_EXTRA_MS;
    case "mid_sentence":
      return base + MID_SENTENCE_EXTRA_MS;
    default:
      return base;
  }
}

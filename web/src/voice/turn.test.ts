import { describe, expect, it } from "vitest";
import { classifyEnding, END_OF_TURN_MS, endOfTurnDelayMs } from "./turn";

describe("end of turn", () => {
  it("waits the default after a finished sentence", () => {
    expect(classifyEnding("A hash map gives O(1) lookups.")).toBe("complete");
    expect(endOfTurnDelayMs("That's it.")).toBe(END_OF_TURN_MS);
    expect(endOfTurnDelayMs("")).toBe(END_OF_TURN_MS);
  });

  it("waits longer mid-sentence", () => {
    expect(classifyEnding("The main reason is that the")).toBe("thinking");
    expect(classifyEnding("Indexes speed up reads but slow down writes")).toBe("mid_sentence");
    expect(endOfTurnDelayMs("Indexes speed up reads,")).toBeGreaterThan(END_OF_TURN_MS);
  });

  it("waits longest on fillers", () => {
    expect(classifyEnding("Hmm, let me think")).toBe("thinking");
    expect(classifyEnding("so...")).toBe("thinking");
    expect(classifyEnding("So.")).toBe("thinking");
    expect(classifyEnding("and um")).toBe("thinking");
    expect(endOfTurnDelayMs("let me think")).toBeGreaterThan(endOfTurnDelayMs("reads and writes"));
  });
});

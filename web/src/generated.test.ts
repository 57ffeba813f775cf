import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("generated types", () => {
  it("match their sources (openapi.json, docs/asyncapi.yaml): run `make web-types` if not", () => {
    const script = fileURLToPath(new URL("../scripts/gen-types.mjs", import.meta.url));
    const run = () => execFileSync(process.execPath, [script, "--check"], { encoding: "utf8", stdio: "pipe" });
    expect(run).not.toThrow();
  }, 60_000);
});

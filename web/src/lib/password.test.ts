import { describe, expect, it } from "vitest";
import { emailProblem, passwordProblems, passwordStrength } from "./password";

describe("password rules", () => {
  it("lists what is missing, like the auth service", () => {
    expect(passwordProblems("short")).toEqual(["at least 8 characters", "an upper-case letter", "a digit", "a symbol"]);
    expect(passwordProblems("Str0ng!pass")).toEqual([]);
  });

  it("rates strength", () => {
    expect(passwordStrength("").score).toBe(0);
    expect(passwordStrength("abc").label).toBe("Weak");
    expect(passwordStrength("Password1!").score).toBeLessThanOrEqual(2);
    expect(passwordStrength("Correct-Horse-Battery-9").label).toBe("Strong");
  });

  it("checks the email shape", () => {
    expect(emailProblem("")).not.toBeNull();
    expect(emailProblem("ada@")).not.toBeNull();
    expect(emailProblem(" ada@example.com ")).toBeNull();
  });
});

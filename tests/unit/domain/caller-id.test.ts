import fc from "fast-check";
import { RE2JS, RE2Set } from "re2js";
import { describe, expect, it, vi } from "vitest";
import { callerIdPatternProblem, matchCallerId } from "@/server/domain/call-flow";
import { ambiguousPatterns, pumpedInputs } from "@/tests/support/ambiguous-patterns";
import { backtrackingSteps } from "@/tests/support/backtracking-meter";

const REFERENCE_PATTERNS = ["^44800", "9000$", "1483", "anonymous", "unavailable"];

describe("caller-ID pattern safety", () => {
  it.each([
    "^(a+)+$",
    "(a|a)*",
    "(a*)*",
    "(\\w+\\s?)+",
    "(\\d{1,3})+",
    "(\\d+)*$",
    "(.*,)+",
    "(a|ab)*c",
    "(?i)(a|A)+",
    "(?:0|\\d)+$",
    "^(\\+?\\d+)+$",
    "(a?){2,}",
    "\\d*\\d*\\d*\\d*\\d*",
  ])("rejects %s as unsafe for backtracking engines", (pattern) => {
    expect(callerIdPatternProblem(pattern)).toMatch(/^is unsafe: .*Backtracking regex engines can take exponential time/);
  });

  it("names the repeated part and the undecided choice", () => {
    expect(callerIdPatternProblem("(\\w+\\s?)+")).toMatch(
      /^is unsafe: inside the repeated part "\(\\w\+\\s\?\)\+", "\\w\+" can either go on or stop at the same character/,
    );
    expect(callerIdPatternProblem("(a|a)*")).toMatch(/the alternatives "a\|a" can start with the same character/);
    expect(callerIdPatternProblem("(a*)*")).toMatch(/"\(a\*\)\*" repeats a part that can match nothing/);
  });

  it.each([
    ...REFERENCE_PATTERNS,
    "^\\+?44\\d+$",
    "^(\\+44|0044|0)7\\d{9}$",
    "^.*9000$",
    "(\\d{3}[ -]?)+",
    "(?i)^(anonymous|unavailable|private)$",
    "^\\+1(800|888|877)[0-9]{7}$",
    "[[:digit:]]{4}$",
    "\\Q+44(0)\\E",
    "^(?P<country>\\+\\d{1,3})\\d+$",
    "\\x{2B}44",
  ])("accepts %s", (pattern) => {
    expect(callerIdPatternProblem(pattern)).toBeNull();
  });

  // What the cache saves in time is measured by `npm run bench:caller-id`.
  it("checks each pattern once, then answers from its cache", () => {
    const pattern = "^(\\+44|0044|0)7\\d{9}|(?i)^(anonymous|unavailable)$";
    // Every check that is not answered from the cache starts by parsing the pattern into an RE2Set.
    const parses = vi.spyOn(RE2Set.prototype, "add");
    try {
      for (let i = 0; i < 10_000; i++) expect(callerIdPatternProblem(pattern)).toBeNull();
      expect(parses).toHaveBeenCalledTimes(1);
      expect(callerIdPatternProblem("^(a+)+$")).not.toBeNull();
      expect(parses).toHaveBeenCalledTimes(1);
    } finally {
      parses.mockRestore();
    }
  });

  it.each(["(abc", "\\1", "(?=44)", "a**", "[9-0]"])("rejects %s as not a valid regular expression", (pattern) => {
    expect(callerIdPatternProblem(pattern)).toMatch(/^is not a valid regular expression \(.+\)$/);
  });

  // The detector's promise: whatever pattern it accepts, a backtracking engine does polynomial
  // work on inputs built to make an ambiguous pattern backtrack. The work is counted in steps of a
  // plain backtracking matcher; at length 24 the accepted patterns stay under a few thousand,
  // an exponential one passes millions. V8's own times on them: `npm run bench:caller-id`.
  const STEP_BUDGET = 100_000;

  it("has a step counter that tells exponential backtracking from linear work", () => {
    const [as] = pumpedInputs(24);
    expect(backtrackingSteps("^a+$", as!, STEP_BUDGET)).toBeLessThan(200);
    expect(backtrackingSteps("^(a+)+$", as!, STEP_BUDGET)).toBe(Infinity);
    expect(backtrackingSteps("^(\\w+\\s?)+$", as!, STEP_BUDGET)).toBe(Infinity);
  });

  it("accepts only patterns that stay polynomial on a backtracking engine", () => {
    let accepted = 0;
    fc.assert(
      fc.property(ambiguousPatterns, (source) => {
        if (callerIdPatternProblem(source) !== null) return;
        accepted++;
        // Growing the input step by step stops at the first length over the budget.
        for (let length = 10; length <= 24; length += 2) {
          for (const input of pumpedInputs(length)) {
            expect(backtrackingSteps(source, input, STEP_BUDGET), `${source} on ${input}`).toBeLessThan(STEP_BUDGET);
          }
        }
      }),
      { numRuns: 400 },
    );
    expect(accepted).toBeGreaterThan(50);
  }, 30_000);
});

describe("matchCallerId", () => {
  it.each([
    ["448001234567", true],
    ["0448001234567", false],
    ["4412349000", true],
    ["4490001234", false],
    ["01483123456", true],
    ["anonymous", true],
    ["Anonymous", false],
    ["unavailable", true],
    ["+441234567890", false],
  ])("matches the reference's example patterns against %s: %s", (callerId, expected) => {
    expect(matchCallerId(REFERENCE_PATTERNS, callerId)).toBe(expected);
  });

  it("matches each reference pattern on its own as a prefix, suffix or substring", () => {
    expect(matchCallerId(["^44800"], "44800")).toBe(true);
    expect(matchCallerId(["^44800"], "144800")).toBe(false);
    expect(matchCallerId(["9000$"], "19000")).toBe(true);
    expect(matchCallerId(["9000$"], "90001")).toBe(false);
    expect(matchCallerId(["1483"], "99148399")).toBe(true);
    expect(matchCallerId(["1483"], "1438")).toBe(false);
  });

  it("does not match with no patterns", () => {
    expect(matchCallerId([], "448001234567")).toBe(false);
  });

  it("skips patterns that do not compile instead of throwing", () => {
    expect(matchCallerId(["(abc", "^44"], "441234")).toBe(true);
    expect(matchCallerId(["(abc"], "(abc")).toBe(false);
  });

  // re2js's time is linear in the caller ID: `npm run bench:caller-id` measures it on this input.
  it("matches on re2js, even with a pattern exponential for backtracking engines", () => {
    const callerId = `${"a".repeat(20_000)}!`;
    const re2 = vi.spyOn(RE2JS.prototype, "test");
    try {
      expect(matchCallerId(["^(a+)+$"], callerId)).toBe(false);
      expect(re2).toHaveBeenCalledExactlyOnceWith(callerId);
    } finally {
      re2.mockRestore();
    }
  });

  it("compiles each pattern once, then matches with the compiled one", () => {
    const compiles = vi.spyOn(RE2JS, "compile");
    try {
      for (const callerId of ["0161 496 0000", "441614960000", "447700900123"]) matchCallerId(["^44161", "^447700"], callerId);
      expect(compiles.mock.calls.map(([pattern]) => pattern)).toEqual(["^44161", "^447700"]);
    } finally {
      compiles.mockRestore();
    }
  });
});

import fc from "fast-check";
import { callerIdPatternProblem, matchCallerId, type TFlowMap } from "../server/domain/call-flow";
import { simulateCall, type SimulationResources } from "../server/domain/call-flow/simulate";
import { ambiguousPatterns, pumpedInputs } from "../tests/support/ambiguous-patterns";

// `npm run bench:caller-id`: the time claims about caller-ID patterns, measured. The unit tests
// (tests/unit/domain/caller-id.test.ts, simulate.test.ts) prove the behaviour behind them with
// counts: the cache checks a pattern once, matching runs on re2js, accepted patterns backtrack
// polynomially. These are the milliseconds that behaviour buys, on this machine.

function ms(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

/** The median of several runs, after one that warms the JIT up: one run is at the mercy of a GC pause. */
function medianMs(work: () => unknown, runs = 7): number {
  work();
  const times = Array.from({ length: runs }, () => ms(work)).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

function line(label: string, value: string) {
  console.log(`${label.padEnd(72)} ${value}`);
}

// The safety check: once per pattern, then from the cache.
const CHECKS = 10_000;
const pattern = "^(\\+44|0044|0)7\\d{9}|(?i)^(anonymous|unavailable)$";
const firstCheck = ms(() => callerIdPatternProblem(pattern));
const cachedChecks = ms(() => {
  for (let i = 0; i < CHECKS; i++) callerIdPatternProblem(pattern);
});
// Distinct spellings of the same pattern, so each one is checked, not looked up.
const uncachedChecks = ms(() => {
  for (let i = 0; i < CHECKS; i++) callerIdPatternProblem(`${pattern}|^${i}$`);
});
line("safety check, first time", `${firstCheck.toFixed(2)} ms`);
line(`${CHECKS.toLocaleString("en")} checks of one pattern (from the cache)`, `${cachedChecks.toFixed(1)} ms`);
line(`${CHECKS.toLocaleString("en")} checks of distinct patterns (each analysed)`, `${uncachedChecks.toFixed(1)} ms`);

// Matching: re2js's time grows with the caller ID's length, whatever the pattern.
for (const length of [5_000, 10_000, 20_000, 40_000]) {
  const callerId = `${"a".repeat(length)}!`;
  const took = medianMs(() => matchCallerId(["^(a+)+$"], callerId));
  line(`matchCallerId(["^(a+)+$"]) on ${length.toLocaleString("en")} characters (median)`, `${took.toFixed(2)} ms`);
}

const flow = {
  s: { module: "start", next: "m" },
  m: {
    module: "calleridmatch",
    patterns: ["^44800", "9000$", "1483", "anonymous", "unavailable"],
    match: "busy",
    nomatch: "busy",
  },
  busy: { module: "busy" },
} as unknown as TFlowMap;
const resources: SimulationResources = {
  sipUsers: new Map(),
  huntGroups: new Map(),
  sounds: new Map(),
  playlists: new Map(),
  mailboxes: new Map(),
  trunks: new Map(),
};
const longCallerId = "4".repeat(10_000);
const simulated = medianMs(() => simulateCall(flow, resources, { callerId: longCallerId, choices: [] }));
line("simulated call, 5 patterns, a 10,000-digit caller ID (median)", `${simulated.toFixed(2)} ms`);

// What the safety check protects other systems from: V8's backtracking RegExp on the random
// patterns it accepts, against the classic exponential pattern it refuses.
let accepted = 0;
let worst = { ms: 0, source: "", input: "" };
for (const source of fc.sample(ambiguousPatterns, { numRuns: 400, seed: 12 })) {
  if (callerIdPatternProblem(source) !== null) continue;
  accepted++;
  const regex = new RegExp(source);
  for (const input of pumpedInputs(24)) {
    const took = medianMs(() => regex.test(input), 3);
    if (took > worst.ms) worst = { ms: took, source, input };
  }
}
line(
  `V8 RegExp, worst median of ${accepted} accepted random patterns (24 characters)`,
  `${worst.ms.toFixed(2)} ms (${worst.source})`,
);
const [pumped] = pumpedInputs(24);
line(`V8 RegExp, the refused ^(a+)+$ (24 characters)`, `${ms(() => /^(a+)+$/.test(pumped!)).toFixed(0)} ms`);

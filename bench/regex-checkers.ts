import { checkSync } from "recheck";
import { findBacktrackingHazard } from "@/server/domain/call-flow/regex-safety";

// `npm run bench:regex`: the portal's own backtracking check (server/domain/call-flow/
// regex-safety.ts) beside recheck, a published ReDoS checker, on one corpus: the README's
// examples, a few hundred realistic caller-ID patterns, and the known ReDoS families. It prints
// what each one refuses, where they disagree, and the cost per pattern. The outcome is recorded
// in regex-safety.ts's header.

type Entry = { pattern: string; family: "readme" | "caller-id" | "redos" };

const README_EXAMPLES = ["^(a+)+$", "(a|a)*", "(\\w+\\s?)+", "^\\+44", "^0(20|161)", "9000$", "^\\+1(212|646)\\d{7}$"];

/** Realistic caller-ID patterns: country and area prefixes, digit runs, anchored or not. */
function callerIdPatterns(): string[] {
  const prefixes = ["\\+44", "0044", "\\+1", "\\+49", "\\+33", "0", "\\+?44", "(\\+44|0)", "(0|\\+44)", "(\\+49|0049|0)"];
  const areas = ["", "20", "161", "(212|646|917)", "(30|40|89)", "7\\d{3}", "[1-9]", "800", "(1|2)"];
  const tails = ["", "\\d{6}$", "\\d{7,8}$", "\\d+$", "[0-9]{8}$", ".*$", "\\d*$", "\\d{4}"];
  const patterns = new Set<string>();
  for (const prefix of prefixes) {
    for (const area of areas) {
      for (const tail of tails) patterns.add(`^${prefix}${area}${tail}`);
    }
  }
  const picked = [...patterns].filter((_, index) => index % 2 === 0);
  const suffixes = [
    "9000$",
    "\\d{3}0000$",
    "(1234|5678)$",
    "^anonymous$",
    "^(?i)anonymous$",
    "^restricted$",
    "^$",
    "^\\+?\\d{10,15}$",
  ];
  return [...picked, ...suffixes];
}

/** The classic families of super-linear patterns, in a few spellings each. */
const REDOS_FAMILIES = [
  "^(a+)+$",
  "^(a*)*$",
  "^(a|aa)+$",
  "^(a|a?)+$",
  "^(\\d+)*$",
  "^(\\d+\\s?)+$",
  "^(\\w+\\s?)+$",
  "^([a-z]+)*[0-9]$",
  "^(\\d{1,3})+$",
  "^(.*a){12}$",
  "^(a|b|ab)*c$",
  "^(x+x+)+y$",
  "^(\\d|\\d\\d)+$",
  "\\d*\\d*\\d*\\d*\\d*$",
  "^.*.*.*=.*$",
  "^(\\+|0)?(\\d+)+$",
  "^([0-9]+-?)+$",
  "^(\\s*\\d+\\s*,?)+$",
];

const corpus: Entry[] = [
  ...README_EXAMPLES.map((pattern) => ({ pattern, family: "readme" as const })),
  ...callerIdPatterns().map((pattern) => ({ pattern, family: "caller-id" as const })),
  ...REDOS_FAMILIES.map((pattern) => ({ pattern, family: "redos" as const })),
];

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// recheck's first call loads its analyser; measured apart so it does not skew the per-pattern cost.
const warmUp = timed(() => checkSync("^a$", ""));

type Verdicts = { ours: boolean; recheckAsWritten: boolean; recheckFullMatch: boolean };
const results: (Entry & Verdicts)[] = [];
const oursMs: number[] = [];
const recheckMs: number[] = [];
for (const entry of corpus) {
  const ours = timed(() => findBacktrackingHazard(entry.pattern) !== null);
  const asWritten = timed(() => checkSync(entry.pattern, "").status === "vulnerable");
  // The provider may match a pattern against the whole caller ID: check that reading too.
  const fullMatch = checkSync(`^(?:${entry.pattern.replace(/^\^/, "").replace(/\$$/, "")})$`, "").status === "vulnerable";
  oursMs.push(ours.ms);
  recheckMs.push(asWritten.ms);
  results.push({ ...entry, ours: ours.value, recheckAsWritten: asWritten.value, recheckFullMatch: fullMatch });
}

const count = (predicate: (result: (typeof results)[number]) => boolean) => results.filter(predicate).length;
console.log(
  `corpus: ${corpus.length} patterns (${README_EXAMPLES.length} README, ${corpus.length - README_EXAMPLES.length - REDOS_FAMILIES.length} caller-ID, ${REDOS_FAMILIES.length} ReDoS families)`,
);
for (const family of ["readme", "caller-id", "redos"] as const) {
  const inFamily = results.filter((result) => result.family === family);
  console.log(
    `${family.padEnd(10)} refused by ours: ${inFamily.filter((r) => r.ours).length}/${inFamily.length}, ` +
      `by recheck: ${inFamily.filter((r) => r.recheckAsWritten).length} as written, ` +
      `${inFamily.filter((r) => r.recheckFullMatch).length} as a full match`,
  );
}
console.log(`ours refuses, recheck (full match) accepts: ${count((r) => r.ours && !r.recheckFullMatch)}`);
for (const r of results.filter((r) => r.ours && !r.recheckFullMatch)) console.log(`  ${r.family}: ${r.pattern}`);
console.log(`recheck (full match) refuses, ours accepts: ${count((r) => !r.ours && r.recheckFullMatch)}`);
for (const r of results.filter((r) => !r.ours && r.recheckFullMatch)) console.log(`  ${r.family}: ${r.pattern}`);
const cost = (label: string, values: number[]) =>
  console.log(
    `${label.padEnd(8)} per pattern: p50 ${percentile(values, 50).toFixed(3)} ms, p99 ${percentile(values, 99).toFixed(3)} ms, max ${Math.max(...values).toFixed(3)} ms`,
  );
cost("ours", oursMs);
cost("recheck", recheckMs);
console.log(`recheck first call: ${warmUp.ms.toFixed(0)} ms`);
console.log(
  `a flow at the limit (500 patterns): ours ~${(percentile(oursMs, 50) * 500).toFixed(0)} ms, recheck ~${(percentile(recheckMs, 50) * 500).toFixed(0)} ms`,
);

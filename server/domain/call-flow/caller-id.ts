import { RE2JS, RE2JSException, RE2Set } from "re2js";
import { findBacktrackingHazard } from "./regex-safety";

/**
 * Caller-ID patterns are RE2 regular expressions searched anywhere in the caller ID (so `^44800`
 * is a prefix, `9000$` a suffix and `1483` a substring), case-sensitive unless they start with
 * `(?i)`. Matching always runs on re2js, whose time is linear in the caller ID whatever the
 * pattern; the safety check additionally keeps out patterns that would be slow on the
 * backtracking engines other systems use.
 */

/** Why a pattern cannot be stored: its message (phrased to follow the field name) and the
 * rule's code with what it found. */
export type CallerIdPatternProblem =
  | { code: "pattern.invalid"; reason: string; message: string }
  | { code: "pattern.unsafe"; hazard: string; message: string };

interface PatternEntry {
  /** Why the pattern cannot be stored, or null; computed on first validation. */
  problem?: CallerIdPatternProblem | null;
  /** The compiled pattern, or null if it does not compile; built on first match. */
  regex?: RE2JS | null;
}

// Flows repeat the same few patterns, and checking one costs far more than a lookup. The bound
// keeps a stream of distinct patterns from growing memory forever; oldest-first eviction is
// enough for a cache whose misses are merely slower.
const PATTERN_CACHE_SIZE = 2_000;
const patternCache = new Map<string, PatternEntry>();

function entryFor(pattern: string): PatternEntry {
  const cached = patternCache.get(pattern);
  if (cached !== undefined) return cached;
  if (patternCache.size >= PATTERN_CACHE_SIZE) {
    const oldest = patternCache.keys().next();
    if (oldest.done !== true) patternCache.delete(oldest.value);
  }
  const entry: PatternEntry = {};
  patternCache.set(pattern, entry);
  return entry;
}

function findProblem(pattern: string): CallerIdPatternProblem | null {
  try {
    // Adding to an RE2Set parses the pattern exactly as compiling would, without the cost of
    // building a matcher that validation does not need.
    new RE2Set().add(pattern);
  } catch (error) {
    const reason = error instanceof RE2JSException ? error.message.replace(/^error parsing regexp: /, "") : "";
    return { code: "pattern.invalid", reason, message: `is not a valid regular expression${reason ? ` (${reason})` : ""}` };
  }
  let hazard: string | null;
  try {
    hazard = findBacktrackingHazard(pattern);
  } catch {
    hazard = "it uses syntax the safety check cannot analyse";
  }
  if (hazard === null) return null;
  return {
    code: "pattern.unsafe",
    hazard,
    message:
      `is unsafe: ${hazard}. Backtracking regex engines can take exponential time on such a pattern; ` +
      'write it so each character can only be matched one way (e.g. "^a+$" rather than "^(a+)+$")',
  };
}

function compile(pattern: string): RE2JS | null {
  try {
    return RE2JS.compile(pattern);
  } catch {
    return null;
  }
}

/**
 * Why a caller-ID pattern cannot be stored (invalid syntax or unsafe for backtracking engines),
 * phrased to follow the field name, or null when it is fine. Results are cached per pattern.
 */
export function callerIdPatternProblem(pattern: string): string | null {
  return callerIdPatternIssue(pattern)?.message ?? null;
}

/** `callerIdPatternProblem` with the rule's code and findings, for the portal's own wording. */
export function callerIdPatternIssue(pattern: string): CallerIdPatternProblem | null {
  const entry = entryFor(pattern);
  if (entry.problem === undefined) entry.problem = findProblem(pattern);
  return entry.problem;
}

/**
 * Whether a caller ID matches any of the patterns, as a calleridmatch module decides between
 * its `match` and `nomatch` routes. Uses re2js (linear time). A pattern that does not compile
 * never matches, so this never throws.
 */
export function matchCallerId(patterns: readonly string[], callerId: string): boolean {
  return patterns.some((pattern) => {
    const entry = entryFor(pattern);
    if (entry.regex === undefined) entry.regex = compile(pattern);
    return entry.regex?.test(callerId) === true;
  });
}

import { RE2JS, RE2JSException } from "re2js";
import { findBacktrackingHazard } from "./regex-safety";

/**
 * Caller-ID patterns are RE2 regular expressions searched anywhere in the caller ID (so `^44800`
 * is a prefix, `9000$` a suffix and `1483` a substring), case-sensitive unless they start with
 * `(?i)`. Matching always runs on re2js, whose time is linear in the caller ID whatever the
 * pattern; the safety check additionally keeps out patterns that would be slow on the
 * backtracking engines other systems use.
 */

interface CheckedPattern {
  regex: RE2JS | null;
  problem: string | null;
}

// Compiling and analysing a pattern costs far more than a lookup, and flows repeat the same
// few patterns. The bound keeps a stream of distinct patterns from growing memory forever;
// eviction is oldest-first, which is enough for a cache whose misses are cheap and correct.
const PATTERN_CACHE_SIZE = 2_000;
const patternCache = new Map<string, CheckedPattern>();

function checkPattern(pattern: string): CheckedPattern {
  const cached = patternCache.get(pattern);
  if (cached !== undefined) return cached;
  const checked = compileAndAnalyse(pattern);
  if (patternCache.size >= PATTERN_CACHE_SIZE) {
    const oldest = patternCache.keys().next();
    if (oldest.done !== true) patternCache.delete(oldest.value);
  }
  patternCache.set(pattern, checked);
  return checked;
}

function compileAndAnalyse(pattern: string): CheckedPattern {
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (error) {
    const reason = error instanceof RE2JSException ? error.message.replace(/^error parsing regexp: /, "") : "";
    return { regex: null, problem: `is not a valid regular expression${reason ? ` (${reason})` : ""}` };
  }
  let hazard: string | null;
  try {
    hazard = findBacktrackingHazard(pattern);
  } catch {
    hazard = "it uses syntax the safety check cannot analyse";
  }
  const problem =
    hazard === null
      ? null
      : `is unsafe: ${hazard}. Backtracking regex engines can take exponential time on such a ` +
        'pattern; write it so each character can only be matched one way (e.g. "^a+$" rather than "^(a+)+$")';
  return { regex, problem };
}

/**
 * Why a caller-ID pattern cannot be stored (invalid syntax or unsafe for backtracking engines),
 * phrased to follow the field name, or null when it is fine. Results are cached per pattern.
 */
export function callerIdPatternProblem(pattern: string): string | null {
  return checkPattern(pattern).problem;
}

/**
 * Whether a caller ID matches any of the patterns, as a calleridmatch module decides between
 * its `match` and `nomatch` routes. Uses re2js (linear time). A pattern that does not compile
 * never matches, so this never throws.
 */
export function matchCallerId(patterns: readonly string[], callerId: string): boolean {
  return patterns.some((pattern) => checkPattern(pattern).regex?.test(callerId) === true);
}

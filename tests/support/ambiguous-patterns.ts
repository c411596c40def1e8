import fc from "fast-check";

// Random regular expressions in the syntax tests/support/backtracking-meter.ts reads, and the
// inputs that make an ambiguous one backtrack: the caller-ID safety check's unit test counts the
// steps on them, `npm run bench:caller-id` times V8's RegExp on them.

/** `^…$` around one to three alternatives of quantified atoms and nested groups. */
export const ambiguousPatterns = fc.letrec<{ pattern: string; alternation: string; sequence: string; atom: string }>((tie) => ({
  pattern: tie("alternation").map((body) => `^${body}$`),
  alternation: fc.array(tie("sequence"), { minLength: 1, maxLength: 3 }).map((parts) => parts.join("|")),
  sequence: fc
    .array(fc.tuple(tie("atom"), fc.constantFrom("", "", "*", "+", "?", "{1,3}", "{2}", "+?")), { minLength: 1, maxLength: 3 })
    .map((parts) => parts.map(([atom, quantifier]) => atom + quantifier).join("")),
  atom: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("a", "b", "0", ".", "\\d", "\\w", "[ab]", "[^b]", "\\s"),
    tie("alternation").map((inner) => `(${inner})`),
  ),
})).pattern;

const PUMPS = ["a", "b", "0", "ab", "a0", "aab", "a a", "0a0"];

/** A repeated piece, then a character that makes the match fail at the very end. */
export function pumpedInputs(length: number): string[] {
  return PUMPS.map((pump) => `${pump.repeat(length).slice(0, length)}!`);
}

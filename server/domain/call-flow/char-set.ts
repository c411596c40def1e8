/**
 * Sets of Unicode code points for the regular-expression safety check. A set is a flat list of
 * inclusive ranges `[lo0, hi0, lo1, hi1, ...]`, sorted, disjoint and not touching, so that
 * overlap tests are a single merge walk.
 */
export type CharSet = readonly number[];

const MAX_CODE_POINT = 0x10ffff;
export const NO_CHARS: CharSet = [];
export const ANY_CHAR: CharSet = [0, MAX_CODE_POINT];

export function charRange(lo: number, hi: number): CharSet {
  return [lo, hi];
}

export function charsOf(text: string): CharSet {
  let set: CharSet = NO_CHARS;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    set = union(set, [codePoint, codePoint]);
  }
  return set;
}

export function union(a: CharSet, b: CharSet): CharSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const fromA = j >= b.length || (i < a.length && (a[i] ?? 0) <= (b[j] ?? 0));
    const lo = (fromA ? a[i] : b[j]) ?? 0;
    const hi = (fromA ? a[i + 1] : b[j + 1]) ?? 0;
    if (fromA) i += 2;
    else j += 2;
    const last = merged.length - 1;
    if (last > 0 && lo <= (merged[last] ?? 0) + 1) merged[last] = Math.max(merged[last] ?? 0, hi);
    else merged.push(lo, hi);
  }
  return merged;
}

export function complement(set: CharSet): CharSet {
  const result: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i] ?? 0;
    if (lo > next) result.push(next, lo - 1);
    next = (set[i + 1] ?? 0) + 1;
  }
  if (next <= MAX_CODE_POINT) result.push(next, MAX_CODE_POINT);
  return result;
}

export function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const aLo = a[i] ?? 0;
    const aHi = a[i + 1] ?? 0;
    const bLo = b[j] ?? 0;
    const bHi = b[j + 1] ?? 0;
    if (aHi < bLo) i += 2;
    else if (bHi < aLo) j += 2;
    else return true;
  }
  return false;
}

const ASCII_UPPER = charRange(0x41, 0x5a);
const ASCII_LOWER = charRange(0x61, 0x7a);
const NON_ASCII = charRange(0x80, MAX_CODE_POINT);
// The only non-ASCII characters that case-fold to ASCII letters: ſ (long s) and K (Kelvin sign).
const FOLDS_INTO_ASCII = union(charRange(0x17f, 0x17f), charRange(0x212a, 0x212a));
const ASCII_FOLD_PARTNERS = charsOf("kKsS");
const CASE_DISTANCE = 0x20;

/**
 * The characters a case-insensitive `(?i)` pattern accepts for `set`. ASCII letters are folded
 * exactly; everything beyond ASCII is approximated by "any non-ASCII character", which can only
 * make the safety check stricter, never blind.
 */
export function caseInsensitive(set: CharSet): CharSet {
  let folded = set;
  folded = union(folded, shift(intersection(set, ASCII_UPPER), CASE_DISTANCE));
  folded = union(folded, shift(intersection(set, ASCII_LOWER), -CASE_DISTANCE));
  if (intersects(set, NON_ASCII) || intersects(set, ASCII_FOLD_PARTNERS)) {
    folded = union(folded, NON_ASCII);
  }
  if (intersects(set, FOLDS_INTO_ASCII)) folded = union(folded, ASCII_FOLD_PARTNERS);
  return folded;
}

function intersection(a: CharSet, b: CharSet): CharSet {
  return complement(union(complement(a), complement(b)));
}

function shift(set: CharSet, distance: number): CharSet {
  return set.map((codePoint) => codePoint + distance);
}

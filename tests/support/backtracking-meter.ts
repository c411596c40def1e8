// A plain backtracking regex matcher that counts its steps, for the small syntax the caller-ID
// safety tests generate: literals, `.`, `\d`, `\w`, `\s`, `[ab]`, `[^b]`, groups, `|`, `^`, `$`,
// and the quantifiers `*`, `+`, `?`, `{n}`, `{n,m}` (greedy, or lazy with a trailing `?`).
// It explores choices the way backtracking engines (V8's Irregexp, PCRE, Java) do, without
// their shortcuts, so its step count is the work such an engine can be made to do: a count
// that a busy machine cannot disturb, where a stopwatch can.

type Node =
  | { kind: "char"; matches: (char: string) => boolean }
  | { kind: "start" }
  | { kind: "end" }
  | { kind: "sequence"; items: Node[] }
  | { kind: "choice"; options: Node[] }
  | { kind: "repeat"; body: Node; min: number; max: number; lazy: boolean };

const CLASSES: Record<string, (char: string) => boolean> = {
  d: (char) => /[0-9]/.test(char),
  w: (char) => /[A-Za-z0-9_]/.test(char),
  s: (char) => /\s/.test(char),
};

function parse(source: string): Node {
  let at = 0;
  const peek = () => source[at];

  function choice(): Node {
    const options = [sequence()];
    while (peek() === "|") {
      at++;
      options.push(sequence());
    }
    return options.length === 1 ? options[0]! : { kind: "choice", options };
  }

  function sequence(): Node {
    const items: Node[] = [];
    while (at < source.length && peek() !== "|" && peek() !== ")") items.push(quantified(atom()));
    return { kind: "sequence", items };
  }

  function atom(): Node {
    const char = source[at++]!;
    if (char === "^") return { kind: "start" };
    if (char === "$") return { kind: "end" };
    if (char === ".") return { kind: "char", matches: (c) => c !== "\n" };
    if (char === "(") {
      const inner = choice();
      if (source[at++] !== ")") throw new Error(`unclosed group in ${source}`);
      return inner;
    }
    if (char === "\\") {
      const name = source[at++]!;
      const matches = CLASSES[name];
      if (!matches) throw new Error(`unsupported escape \\${name} in ${source}`);
      return { kind: "char", matches };
    }
    if (char === "[") {
      const end = source.indexOf("]", at);
      const body = source.slice(at, end);
      at = end + 1;
      const negated = body.startsWith("^");
      const members = new Set(negated ? body.slice(1) : body);
      return { kind: "char", matches: (c) => members.has(c) !== negated };
    }
    return { kind: "char", matches: (c) => c === char };
  }

  function quantified(body: Node): Node {
    let min: number;
    let max: number;
    const char = peek();
    if (char === "*") [min, max] = [0, Infinity];
    else if (char === "+") [min, max] = [1, Infinity];
    else if (char === "?") [min, max] = [0, 1];
    else if (char === "{") {
      const end = source.indexOf("}", at);
      const [low, high] = source.slice(at + 1, end).split(",");
      [min, max] = [Number(low), high === undefined ? Number(low) : Number(high)];
      at = end;
    } else return body;
    at++;
    const lazy = peek() === "?";
    if (lazy) at++;
    return { kind: "repeat", body, min, max, lazy };
  }

  const root = choice();
  if (at !== source.length) throw new Error(`unexpected ${peek()} in ${source}`);
  return root;
}

class OverBudget extends Error {}

/**
 * The steps a backtracking engine takes to decide whether `source` matches anywhere in `input`,
 * or Infinity once they pass `budget` (so an exponential pattern answers at once).
 */
export function backtrackingSteps(source: string, input: string, budget: number): number {
  const root = parse(source);
  let steps = 0;

  function match(node: Node, at: number, then: (next: number) => boolean): boolean {
    if (++steps > budget) throw new OverBudget();
    switch (node.kind) {
      case "char":
        return at < input.length && node.matches(input[at]!) && then(at + 1);
      case "start":
        return at === 0 && then(at);
      case "end":
        return at === input.length && then(at);
      case "sequence": {
        const from = (index: number, position: number): boolean =>
          index === node.items.length ? then(position) : match(node.items[index]!, position, (next) => from(index + 1, next));
        return from(0, at);
      }
      case "choice":
        return node.options.some((option) => match(option, at, then));
      case "repeat": {
        const { body, min, max, lazy } = node;
        const iterate = (count: number, position: number): boolean => {
          // Past the minimum, an iteration that matched nothing ends the loop, as backtracking engines do.
          const again = () =>
            count < max && match(body, position, (next) => (next !== position || count < min) && iterate(count + 1, next));
          const stop = () => count >= min && then(position);
          return lazy ? stop() || again() : again() || stop();
        };
        return iterate(0, at);
      }
    }
  }

  try {
    for (let start = 0; start <= input.length; start++) if (match(root, start, () => true)) break;
  } catch (error) {
    if (error instanceof OverBudget) return Infinity;
    throw error;
  }
  return steps;
}

import { z } from "zod";
import { MODULE_KEY_MAX_LENGTH } from "@/server/domain/call-flow";

// ─── ONE CALL AS THE SWITCH REPORTS IT ─── (POST /voip/call). Pure: the rules a call must meet
// before it is stored, each refusal naming its field as the API names it (`ended_at`,
// `steps.3.at`). What needs the database (the flow, its versions, duplicates) is the service's.

export const CALL_OUTCOMES = ["answered", "voicemail", "hangup", "busy", "failed", "fax", "conference", "transferred"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** A problem with one field of a call: `path` in dots from the call (`steps.3.at`). */
export type CallIssue = { path: string; message: string };

export const MAX_CALLS_PER_BATCH = 1000;
export const MAX_STEPS_PER_CALL = 500;
export const CALL_ID_MAX_LENGTH = 64;
/** A switch's clock may run a little ahead of ours; beyond this a time is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Before this, a time is a mistake (an epoch of 0, a year typed wrong), not an old call. */
export const EARLIEST_CALL = new Date("2000-01-01T00:00:00Z");

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const ROUTE_NAME = /^[A-Za-z0-9_*#]{1,32}$/;

const ZInstantText = z.iso.datetime({ offset: true, message: "must be a date and time, ISO 8601 (2026-12-01T09:00:00Z)" });

const ZCallText = (max: number) =>
  z
    .string("must be text")
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((text) => !CONTROL_CHARACTERS.test(text), "must not contain control characters");

export const ZCallStep = z.strictObject({
  module: ZCallText(MODULE_KEY_MAX_LENGTH).meta({ description: "The key of the module in the flow document" }),
  at: ZInstantText.meta({ description: "When the call entered the module" }),
  route: z
    .string("must be text")
    .regex(ROUTE_NAME, "must be a route as the flow names it: next, a key 0-9, *, #, timeout, invalid, noanswer, match, nomatch…")
    .optional()
    .meta({ description: "The route the caller left the module by, named as in the flow document; absent on the last step" }),
});

export const ZCallInput = z.strictObject({
  call_id: ZCallText(CALL_ID_MAX_LENGTH).meta({ description: "The switch's id of the call, unique per account" }),
  flow: z.uuid("must be a call flow's uuid").meta({ description: "The call flow the call ran through" }),
  number: ZCallText(32)
    .optional()
    .meta({ description: "The number called", examples: ["+441632960001"] }),
  caller: ZCallText(32)
    .optional()
    .meta({ description: "The caller's number (or what the switch shows)", examples: ["+447700900123"] }),
  started_at: ZInstantText,
  ended_at: ZInstantText,
  outcome: z.enum(CALL_OUTCOMES, `must be one of ${CALL_OUTCOMES.join(", ")}`),
  steps: z
    .array(ZCallStep, "must be a list of steps")
    .max(MAX_STEPS_PER_CALL, `must hold at most ${MAX_STEPS_PER_CALL} steps`)
    .meta({ description: `The modules the call went through, in order; at most ${MAX_STEPS_PER_CALL}` }),
});
export type TCallInput = z.infer<typeof ZCallInput>;

/**
 * The same schema, compiled by zod into one generated function: a valid call (nearly every one)
 * is checked several times faster than by zod's general parser, and an invalid one falls back to
 * that parser, so each problem is reported exactly as ZCallInput reports it.
 */
let compiledCallInput: ReturnType<typeof z.compile<typeof ZCallInput>> | undefined;

/** Compiled on first use, on the server: the browser loads this module for its names, and its
 * content security policy forbids the generated function (`eval`). */
function callInputChecker() {
  compiledCallInput ??= z.compile(ZCallInput);
  return compiledCallInput;
}

/** `at` is the instant in UTC as ISO 8601 with milliseconds (as stored; toISOString's form). */
export type CallStep = { module: string; at: string; route?: string };

/** A call that passed every rule: its times in UTC, ISO 8601 with milliseconds (as stored). */
export type CheckedCall = {
  callId: string;
  flowId: string;
  number: string | null;
  caller: string | null;
  startedAt: string;
  endedAt: string;
  outcome: CallOutcome;
  steps: CallStep[];
};

const EARLIEST_MS = EARLIEST_CALL.getTime();

/** The value of the decimal digits of `text` from `start` up to `end`; NaN if any is not a digit. */
function digitsValue(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * The instant of `text` when it is in UTC as switches usually send it, `2026-12-01T09:00:00Z` or
 * with milliseconds as toISOString writes it; NaN for any other form (an offset, a fraction of
 * another length), which Date.parse reads instead. Read by hand: a call holds about eight
 * instants, and Date.parse took a third of the time of checking one (bench:calls).
 */
export function utcInstantMs(text: string): number {
  const withMillis = text.length === 24;
  if (!(withMillis || text.length === 20) || text[text.length - 1] !== "Z") return Number.NaN;
  if (text[4] !== "-" || text[7] !== "-" || text[10] !== "T" || text[13] !== ":" || text[16] !== ":") return Number.NaN;
  if (withMillis && text[19] !== ".") return Number.NaN;
  const year = digitsValue(text, 0, 4);
  const month = digitsValue(text, 5, 7);
  const day = digitsValue(text, 8, 10);
  const hour = digitsValue(text, 11, 13);
  const minute = digitsValue(text, 14, 16);
  const second = digitsValue(text, 17, 19);
  const millis = withMillis ? digitsValue(text, 20, 23) : 0;
  // Written so that a NaN anywhere fails; years before 1000 are left to Date.parse, as Date.UTC
  // would read 0050 as 1950.
  const valid =
    year >= 1000 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    millis >= 0;
  return valid ? Date.UTC(year, month - 1, day, hour, minute, second, millis) : Number.NaN;
}

/** An ISO 8601 instant's milliseconds since the epoch: by hand in the usual form, else by Date.parse. */
function instantMs(text: string): number {
  const ms = utcInstantMs(text);
  return Number.isNaN(ms) ? Date.parse(text) : ms;
}

/** A valid ISO 8601 instant (`ms` its time) as toISOString writes it; the text itself when already so (the usual case). */
function utcText(text: string, ms: number): string {
  if (text.length === 24 && text[19] === "." && text[23] === "Z") return text;
  return new Date(ms).toISOString();
}

/** The message names its field, so a list of problems reads without their paths too. */
function issueAt(path: readonly PropertyKey[], message: string): CallIssue {
  const where = path.map(String).join(".");
  return { path: where, message: `${where} ${message}` };
}

/**
 * One call of a batch, checked at `now`: the call, or every problem with it at its field. A time
 * more than MAX_CLOCK_SKEW_MS ahead of `now` is refused (a call cannot have happened yet).
 */
export function checkCall(value: unknown, now: Date): { call: CheckedCall } | { issues: CallIssue[] } {
  const parsed = callInputChecker().safeParse(value);
  if (!parsed.success) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { issues: [{ path: "", message: "A call must be a JSON object" }] };
    }
    return {
      issues: parsed.error.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => ({ path: [...issue.path, key].join("."), message: `"${key}" is not a field of a call` }))
          : [issueAt(issue.path, issue.message)],
      ),
    };
  }
  const input = parsed.data;
  const latest = now.getTime() + MAX_CLOCK_SKEW_MS;
  const issues: CallIssue[] = [];
  const instant = (text: string, path: readonly PropertyKey[]): number => {
    const ms = instantMs(text);
    if (ms > latest) issues.push(issueAt(path, "is more than 5 minutes in the future"));
    else if (ms < EARLIEST_MS) issues.push(issueAt(path, `is before ${EARLIEST_CALL.toISOString().slice(0, 10)}`));
    return ms;
  };
  const startedAt = instant(input.started_at, ["started_at"]);
  const endedAt = instant(input.ended_at, ["ended_at"]);
  if (endedAt < startedAt) issues.push(issueAt(["ended_at"], "is before started_at"));
  // The steps as parsed are kept when their times are in UTC already (the usual case): no copy.
  let steps: CallStep[] = input.steps;
  input.steps.forEach((step, index) => {
    const at = utcText(step.at, instant(step.at, ["steps", index, "at"]));
    if (at === step.at) return;
    if (steps === input.steps) steps = [...input.steps];
    steps[index] = { ...step, at };
  });
  if (issues.length > 0) return { issues };
  return {
    call: {
      callId: input.call_id,
      flowId: input.flow.toLowerCase(),
      number: input.number ?? null,
      caller: input.caller ?? null,
      startedAt: utcText(input.started_at, startedAt),
      endedAt: utcText(input.ended_at, endedAt),
      outcome: input.outcome,
      steps,
    },
  };
}

/** The call's length in whole seconds, as the rollups keep it (the median is taken of these). */
export function durationSeconds(startedAt: Date, endedAt: Date): number {
  return Math.floor((endedAt.getTime() - startedAt.getTime()) / 1000);
}

/**
 * An instant as the API writes it: ISO 8601 in UTC, without milliseconds when there are none,
 * so a time sent as `2026-12-01T09:00:00Z` comes back the same.
 */
export function apiInstant(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/** The first instant of the UTC month holding `date`. */
export function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

/** The first instant of the UTC month `months` after the one holding `date`. */
export function addMonths(date: Date, months: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
}

/** The median of a histogram of whole seconds (sorted by seconds): the middle value, or the mean of the two. */
export function medianOf(histogram: readonly { seconds: number; calls: number }[]): number | null {
  const total = histogram.reduce((sum, bucket) => sum + bucket.calls, 0);
  if (total === 0) return null;
  const at = (position: number) => {
    let seen = 0;
    for (const bucket of histogram) {
      seen += bucket.calls;
      if (position < seen) return bucket.seconds;
    }
    return histogram.at(-1)!.seconds;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

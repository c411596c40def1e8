import { z } from "zod";
import { callerIdPatternIssue, matchCallerId } from "../caller-id";
import { defineModuleType } from "./define";
import { expecting, list, moduleReference } from "./fields";

export const MAX_CALLER_ID_PATTERNS = 50;
/** Caller-ID patterns are short prefixes and suffixes; the bound also keeps the safety
 * analysis cheap. */
export const MAX_CALLER_ID_PATTERN_LENGTH = 100;

const callerIdPattern = (() => {
  const error = expecting(`must be a regular expression of 1 to ${MAX_CALLER_ID_PATTERN_LENGTH} characters`);
  return z
    .string({ error })
    .min(1, { error })
    .max(MAX_CALLER_ID_PATTERN_LENGTH, { error, abort: true })
    .superRefine((pattern, context) => {
      const problem = callerIdPatternIssue(pattern);
      if (problem !== null) context.addIssue({ code: "custom", message: problem.message, input: pattern, params: problem });
    });
})();

export const ZCallerIdMatchModule = z.strictObject({
  match: moduleReference(),
  module: z.literal("calleridmatch"),
  nomatch: moduleReference(),
  patterns: list(callerIdPattern, MAX_CALLER_ID_PATTERNS, "regular expressions"),
});
export type TCallerIdMatchModule = z.infer<typeof ZCallerIdMatchModule>;

export const calleridmatch = defineModuleType({
  type: "calleridmatch",
  schema: ZCallerIdMatchModule,
  routes: ["match", "nomatch"],
  resources: [],
  callerIdPatterns: (module) => (Array.isArray(module.patterns) ? module.patterns : []),
  label: "Caller ID match",
  help: "Routes by the caller's number.",
  apiDetails: "`match` is followed when the caller ID matches one of `patterns` (regular expressions), `nomatch` otherwise.",
  apiSchemaName: "CallerIdMatchModule",
  fieldTexts: {
    patterns: {
      label: "Patterns (regular expressions on the caller ID)",
      todo: `Enter between 1 and ${MAX_CALLER_ID_PATTERNS} patterns`,
    },
    match: { label: "When a pattern matches, go to", todo: "Choose where the call goes when a pattern matches" },
    nomatch: { label: "When no pattern matches, go to", todo: "Choose where the call goes when no pattern matches" },
  },
  newModule: { module: "calleridmatch", patterns: [""], match: "", nomatch: "" },
  summary: (module) => (Array.isArray(module.patterns) ? module.patterns.join("  ") : ""),
  // listEndings decides the match itself (`callerIdMatches`); a concrete call tries the patterns.
  simulate: (call, key, module) => {
    const decided = call.scenario.callerIdMatches?.[key];
    const matches = decided ?? matchCallerId(module.patterns, call.scenario.callerId);
    const subject = decided === undefined ? `Caller ID "${call.scenario.callerId}"` : "The caller ID";
    call.step(key, "calleridmatch", `${subject} ${matches ? "matches" : "matches none of"} ${module.patterns.join(", ")}.`, {
      choice: matches ? "match" : "nomatch",
    });
    return { next: matches ? module.match : module.nomatch };
  },
});

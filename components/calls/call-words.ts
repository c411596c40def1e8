import type { CallOutcome } from "@/server/domain/calls/call-input";

/** Each outcome as the pages say it, and the tone of its badge. */
export const OUTCOME_WORDS: Readonly<
  Record<CallOutcome, { label: string; tone: "ok" | "neutral" | "warning" | "danger" | "accent" }>
> = {
  answered: { label: "Answered", tone: "ok" },
  voicemail: { label: "Voicemail", tone: "accent" },
  hangup: { label: "Caller hung up", tone: "warning" },
  busy: { label: "Busy", tone: "warning" },
  failed: { label: "Failed", tone: "danger" },
  fax: { label: "Fax", tone: "neutral" },
  conference: { label: "Conference", tone: "neutral" },
  transferred: { label: "Transferred", tone: "neutral" },
};

/** The route a caller left a module by, in words: "pressed 1", "no answer". */
export function routeInWords(route: string): string {
  if (/^[0-9*#]$/.test(route)) return `pressed ${route}`;
  switch (route) {
    case "next":
      return "went on";
    case "timeout":
      return "pressed nothing (timed out)";
    case "invalid":
      return "pressed a key with no route";
    case "noanswer":
      return "no answer";
    case "match":
      return "caller ID matched";
    case "nomatch":
      return "caller ID did not match";
    case "sipuser_voicemail":
      return "to the extension's voicemail";
    default:
      return `left by "${route}"`;
  }
}

/** A length in seconds as people read it: "2 min 13 s", "45 s". */
export function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  return `${minutes} min${whole % 60 ? ` ${whole % 60} s` : ""}`;
}

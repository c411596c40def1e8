import { newModule } from "./use-flow-document";

type Flow = Record<string, Record<string, unknown>>;

/**
 * What a new flow can start from. The built-in shapes are common first flows with their
 * routes connected and their settings (who to ring, which sound) left for the user to choose;
 * starter templates, once they exist, are more entries of the same kind.
 */
export type StartingPoint = {
  id: string;
  title: string;
  description: string;
  /** The flow's modules, around the start module the new flow already has. */
  build: (startKey: string) => Flow;
};

function keys<const N extends string>(...names: N[]): Record<N, string> {
  return Object.fromEntries(names.map((name) => [name, crypto.randomUUID()])) as Record<N, string>;
}

export const BUILT_IN_STARTING_POINTS: readonly StartingPoint[] = [
  {
    id: "blank",
    title: "Start blank",
    description: "Only the Start module: add the steps yourself.",
    build: (start) => ({ [start]: newModule("start") }),
  },
  {
    id: "ring-then-voicemail",
    title: "Ring, then voicemail",
    description: "Rings someone; if nobody answers, the caller leaves a message.",
    build: (start) => {
      const k = keys("ring", "voicemail");
      return {
        [start]: { module: "start", next: k.ring },
        [k.ring]: { ...newModule("extension"), noanswer: k.voicemail },
        [k.voicemail]: newModule("voicemail"),
      };
    },
  },
  {
    id: "greeting-and-menu",
    title: "Greeting and menu",
    description: "Plays a greeting, then lets the caller press 1 or 2.",
    build: (start) => {
      const k = keys("greeting", "menu");
      return {
        [start]: { module: "start", next: k.greeting },
        [k.greeting]: { ...newModule("play"), next: k.menu },
        [k.menu]: { module: "pressextension", next: { "1": "", "2": "", invalid: "", timeout: "" } },
      };
    },
  },
  {
    id: "screen-by-caller-id",
    title: "Route by caller ID",
    description: "Callers whose number matches a pattern ring one place, everyone else another.",
    build: (start) => {
      const k = keys("screen");
      return {
        [start]: { module: "start", next: k.screen },
        [k.screen]: newModule("calleridmatch"),
      };
    },
  },
];

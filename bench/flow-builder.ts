import type { AccountResources } from "../server/domain/call-flow";

/**
 * Builds realistic call flows of any size: a start, then menus, extensions, plays, caller-ID
 * matches and the rest grown breadth-first, every route filled, every module reachable, and
 * menus whose timeout replays them (a loop the rules accept because it waits for the caller).
 */

type Module = Record<string, unknown>;

const MODULE_CYCLE = [
  "pressextension",
  "extension",
  "play",
  "calleridmatch",
  "extension",
  "recording",
  "dialbyextension",
  "musiconhold",
  "voicemail",
  "play",
  "busy",
  "extension",
  "conference",
  "Trunk",
] as const;

const CALLER_ID_PATTERNS = ["^44800", "9000$", "^\\+?1(800|888|877)[0-9]{7}$", "anonymous", "(?i)unavailable"];

function uuid(kind: number, index: number): string {
  return `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${index.toString(16).padStart(12, "0")}`;
}

interface BuiltFlow {
  document: { name: string; extension: number; flow: Record<string, Module> };
  resources: AccountResources;
}

export function buildFlow(moduleCount: number): BuiltFlow {
  const sipUsers = [uuid(1, 1), uuid(1, 2), uuid(1, 3)];
  const huntGroups = [uuid(2, 1)];
  const sounds = [uuid(3, 1), uuid(3, 2)];
  const playlists = [uuid(4, 1)];
  const mailboxes = [uuid(5, 1), uuid(5, 2)];
  const trunks = [uuid(6, 1)];
  const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;

  const flow: Record<string, Module> = {};
  const openRoutes: { module: Module; set: (target: string) => void }[] = [];
  const routeFrom = (module: Module, assign: (target: string) => void) => openRoutes.push({ module, set: assign });

  const startKey = uuid(0, 0);
  const start: Module = { module: "start" };
  flow[startKey] = start;
  routeFrom(start, (target) => (start.next = target));
  const sinkKey = uuid(0, moduleCount - 1);

  for (let index = 1; index < moduleCount - 1; index++) {
    const key = uuid(0, index);
    // A menu whenever routes run low, so that every module stays reachable.
    const type = openRoutes.length < 2 ? "pressextension" : pick(MODULE_CYCLE, index);
    const module = createModule(type, index, key);
    flow[key] = module;
    openRoutes.shift()?.set(key);
    for (const assign of routesOf(type, module)) routeFrom(module, assign);
  }
  flow[sinkKey] = { mailboxes: [mailboxes[0]], module: "voicemail" };
  for (const route of openRoutes) route.set(sinkKey);

  function createModule(type: (typeof MODULE_CYCLE)[number], index: number, key: string): Module {
    switch (type) {
      case "pressextension":
        return { duration: 8, module: type, next: { timeout: key }, sound: pick(sounds, index) };
      case "extension":
        return {
          extensions: [
            { type: "sipuser", uuid: pick(sipUsers, index) },
            index % 2 === 0 ? { type: "huntgroup", uuid: pick(huntGroups, index) } : { number: "+441234567890", type: "forward" },
          ],
          module: type,
          ringtone: pick(playlists, index),
        };
      case "play":
        return { module: type, sound: pick(sounds, index) };
      case "calleridmatch":
        return { module: type, patterns: CALLER_ID_PATTERNS.slice(0, 2 + (index % 4)) };
      case "recording":
        return { module: type };
      case "dialbyextension":
        return { module: type, next: {}, noanswer: "sipuser_voicemail", ringtone: pick(sounds, index), wait_duration: 15 };
      case "musiconhold":
        return { class: pick(playlists, index), module: type };
      case "voicemail":
        return { mailboxes: [pick(mailboxes, index)], module: type };
      case "busy":
        return { duration: 5, module: type };
      case "conference":
        return { module: type, music: pick(playlists, index), pin: "4321" };
      case "Trunk":
        return { module: type, uuid: pick(trunks, index) };
    }
  }

  return {
    document: { name: `Benchmark flow of ${moduleCount} modules`, extension: 501, flow },
    resources: {
      sipUsers: new Set(sipUsers),
      huntGroups: new Set(huntGroups),
      sounds: new Set(sounds),
      playlists: new Set(playlists),
      mailboxes: new Set(mailboxes),
      trunks: new Set(trunks),
    },
  };
}

function routesOf(type: string, module: Module): ((target: string) => void)[] {
  const branch = (name: string) => (target: string) => {
    (module.next as Record<string, string>)[name] = target;
  };
  const field = (name: string) => (target: string) => {
    module[name] = target;
  };
  switch (type) {
    case "pressextension":
      return [branch("1"), branch("2"), branch("3"), branch("invalid")];
    case "dialbyextension":
      return [branch("invalid"), branch("timeout")];
    case "calleridmatch":
      return [field("match"), field("nomatch")];
    case "extension":
      return [field("noanswer")];
    case "play":
    case "recording":
    case "musiconhold":
      return [field("next")];
    default:
      return [];
  }
}

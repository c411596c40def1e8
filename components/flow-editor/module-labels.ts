import type { ModuleType } from "@/server/domain/call-flow";

/** How the portal names each module type, and what it does, in the user's words. */
export const MODULE_LABELS: Record<ModuleType, { title: string; help: string }> = {
  start: { title: "Start", help: "Where every call enters the flow." },
  recording: { title: "Record call", help: "Records the call from this point on." },
  musiconhold: { title: "Hold music", help: "Sets the hold music from this point on." },
  calleridmatch: { title: "Caller ID match", help: "Routes by the caller's number." },
  play: { title: "Play sound", help: "Plays a sound to the caller." },
  extension: { title: "Ring", help: "Rings SIP users, hunt groups or forward numbers." },
  pressextension: { title: "IVR menu", help: "Routes by the key the caller presses." },
  dialbyextension: { title: "Dial by extension", help: "Lets the caller dial a SIP user's extension." },
  busy: { title: "Busy tone", help: "Plays a busy tone and hangs up." },
  voicemail: { title: "Voicemail", help: "Takes a message in one or more mailboxes." },
  conference: { title: "Conference", help: "Sends the caller to a conference bridge." },
  Trunk: { title: "Trunk", help: "Sends the call to a trunk of the account." },
  fax: { title: "Fax", help: "Receives a fax. Must be the only module after Start." },
};

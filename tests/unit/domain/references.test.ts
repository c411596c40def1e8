import { describe, expect, it } from "vitest";
import { listReferencedResources } from "@/server/domain/call-flow";
import { IDS, REFERENCE_REQUEST_BODY, everyModuleFlow } from "./call-flow-fixtures";

const sorted = (set: ReadonlySet<string>) => [...set].sort();

describe("listReferencedResources", () => {
  it("lists every resource of the documented modules by kind, a ringtone under both of its kinds", () => {
    const listed = listReferencedResources(everyModuleFlow().flow);
    expect({
      sipUsers: sorted(listed.sipUsers),
      huntGroups: sorted(listed.huntGroups),
      sounds: sorted(listed.sounds),
      playlists: sorted(listed.playlists),
      mailboxes: sorted(listed.mailboxes),
      trunks: sorted(listed.trunks),
    }).toEqual({
      sipUsers: [IDS.sipUser],
      huntGroups: [IDS.huntGroup],
      sounds: [IDS.playlist, IDS.sound, IDS.whisper].sort(),
      playlists: [IDS.playlist, IDS.sound].sort(),
      mailboxes: [IDS.mailbox],
      trunks: [IDS.trunk],
    });
  });

  it("lists the SIP user of the reference's example", () => {
    expect(sorted(listReferencedResources(REFERENCE_REQUEST_BODY.flow).sipUsers)).toEqual([IDS.sipUser]);
  });

  it("reads unvalidated input, skipping what is not a UUID in a known place", () => {
    const listed = listReferencedResources({
      a: { module: "play", sound: "not-a-uuid", next: IDS.sound },
      b: {
        module: "extension",
        extensions: [{ type: "forward", uuid: IDS.huntGroup }, { type: "huntgroup", uuid: IDS.huntGroup }, null],
      },
      c: { module: "unknown", sound: IDS.whisper },
      d: { module: "voicemail", mailboxes: [IDS.mailbox, 7] },
      e: "text",
    });
    expect([...listed.sounds, ...listed.huntGroups, ...listed.mailboxes]).toEqual([IDS.huntGroup, IDS.mailbox]);
  });

  it.each([null, 42, "flow", [], [{ module: "play", sound: IDS.sound }]])("lists nothing for %j", (flow) => {
    const listed = listReferencedResources(flow);
    expect(Object.values(listed).every((set) => set.size === 0)).toBe(true);
  });
});

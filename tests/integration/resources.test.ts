import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { db } from "@/server/db";
import type { TCallFlowInput } from "@/server/domain/call-flow";
import { callerAs, createTenants } from "./fixtures";
import {
  accountIdsOf,
  auditEventsDuring,
  busyFlow,
  counter,
  issuesOf,
  type Tenants,
  trpcCode,
  trpcError,
  uniquePhoneNumber,
} from "./procedure-helpers";

let t: Tenants;
let a1: string;

beforeAll(async () => {
  t = await createTenants();
  a1 = t.accounts.customerA1.id;
});

const owner = () => callerAs(t.actors.customerA1);
const nextFlowExtension = counter(600);

async function auditedActions(change: () => Promise<unknown>): Promise<string[]> {
  const events = await auditEventsDuring(accountIdsOf(t), () => change().catch(() => undefined));
  return events.map((event) => event.action);
}

/** A flow whose module after start is `module`, which may go on to "b", a busy tone. */
function flowUsing(module: Record<string, unknown>, name: string): TCallFlowInput {
  const flow = { s: { module: "start", next: "m" }, m: module, b: { module: "busy" } } as unknown as TCallFlowInput["flow"];
  return { ...busyFlow(nextFlowExtension(), name), flow };
}

describe("SIP users: create, edit, list, delete", () => {
  it("round-trips through the procedures, one audit event per change", async () => {
    const caller = callerAs(t.actors.resellerA);
    let id = "";
    expect(
      await auditedActions(async () => {
        id = (await caller.resources.sipUsers.create({ accountId: a1, name: "  Reception  ", extension: 210, hasMailbox: true }))
          .id;
      }),
    ).toEqual(["sipuser.create"]);
    expect(
      await auditedActions(() =>
        caller.resources.sipUsers.update({ accountId: a1, id, name: "Front desk", extension: 211, hasMailbox: false }),
      ),
    ).toEqual(["sipuser.update"]);
    const listed = (await owner().resources.sipUsers.list({ accountId: a1 })).items;
    expect(listed.find((user) => user.id === id)).toMatchObject({
      name: "Front desk",
      extension: 211,
      hasMailbox: false,
      accountId: a1,
    });
    expect(await auditedActions(() => caller.resources.sipUsers.delete({ accountId: a1, id }))).toEqual(["sipuser.delete"]);
    expect(await db.sipUser.count({ where: { id } })).toBe(0);
  });

  it("refuses invalid fields on their paths, writing nothing", async () => {
    let error: Awaited<ReturnType<typeof trpcError>> | undefined;
    const actions = await auditedActions(async () => {
      error = await trpcError(owner().resources.sipUsers.create({ accountId: a1, name: " ", extension: 0, hasMailbox: true }));
    });
    expect(error?.code).toBe("BAD_REQUEST");
    expect(((error as Error).cause as z.ZodError).issues.map((issue) => issue.path.join("."))).toEqual(["name", "extension"]);
    expect(actions).toEqual([]);
  });
});

describe("one extension space: SIP users, hunt groups and call flows", () => {
  it("a SIP user on a flow's extension is a field error on extension naming the flow, and stores nothing", async () => {
    await owner().callFlows.create({ accountId: a1, document: busyFlow(650) });
    let error: Awaited<ReturnType<typeof trpcError>> | undefined;
    const actions = await auditedActions(async () => {
      error = await trpcError(
        owner().resources.sipUsers.create({ accountId: a1, name: "Clash", extension: 650, hasMailbox: true }),
      );
    });
    expect(error?.code).toBe("CONFLICT");
    expect(issuesOf(error!)).toEqual([
      { path: "extension", message: "Extension 650 is already used by another call flow on this account" },
    ]);
    expect(actions).toEqual([]);
    expect(await db.sipUser.count({ where: { accountId: a1, name: "Clash" } })).toBe(0);
  });

  it("a hunt group moved onto a SIP user's extension is refused the same way and keeps its own", async () => {
    await owner().resources.sipUsers.create({ accountId: a1, name: "Ann", extension: 220, hasMailbox: true });
    const group = await owner().resources.huntGroups.create({ accountId: a1, name: "Sales", extension: 221 });
    const error = await trpcError(
      owner().resources.huntGroups.update({ accountId: a1, id: group.id, name: "Sales", extension: 220 }),
    );
    expect(issuesOf(error)).toEqual([
      { path: "extension", message: "Extension 220 is already used by another SIP user on this account" },
    ]);
    expect((await db.huntGroup.findUniqueOrThrow({ where: { id: group.id } })).extension).toBe(221);
  });

  it("other accounts' extensions do not count", async () => {
    await callerAs(t.actors.customerB1).resources.sipUsers.create({
      accountId: t.accounts.customerB1.id,
      name: "B",
      extension: 230,
      hasMailbox: true,
    });
    await expect(
      owner().resources.sipUsers.create({ accountId: a1, name: "A", extension: 230, hasMailbox: true }),
    ).resolves.toMatchObject({
      extension: 230,
    });
  });
});

describe("mailboxes and phone numbers: their unique fields", () => {
  it("a taken mailbox number is a field error on boxNumber", async () => {
    await owner().resources.mailboxes.create({ accountId: a1, name: "General", boxNumber: 1 });
    const error = await trpcError(owner().resources.mailboxes.create({ accountId: a1, name: "Again", boxNumber: 1 }));
    expect(error.code).toBe("CONFLICT");
    expect(issuesOf(error)).toEqual([{ path: "boxNumber", message: "Mailbox number 1 is already used on this account" }]);
  });

  it("a number in use anywhere is a field error on number", async () => {
    const number = uniquePhoneNumber();
    await callerAs(t.actors.resellerB).resources.phoneNumbers.create({
      accountId: t.accounts.customerB1.id,
      number,
      callFlowId: null,
    });
    const error = await trpcError(
      callerAs(t.actors.resellerA).resources.phoneNumbers.create({ accountId: a1, number, callFlowId: null }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(issuesOf(error).map((issue) => issue.path)).toEqual(["number"]);
  });

  it("what is no phone number is refused on its field, with an example of the account's country", async () => {
    const error = await trpcError(
      callerAs(t.actors.resellerA).resources.phoneNumbers.create({ accountId: a1, number: "0163", callFlowId: null }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(issuesOf(error)).toEqual([
      { path: "number", message: "Number: enter a phone number, like 01632 960099 or +441632960099" },
    ]);
  });
});

describe("assigning a flow to a phone number", () => {
  it("takes a flow of the same account", async () => {
    const flow = await owner().callFlows.create({ accountId: a1, document: busyFlow(nextFlowExtension()) });
    const number = await callerAs(t.actors.resellerA).resources.phoneNumbers.create({
      accountId: a1,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const route = { accountId: a1, id: number.id, scheduleId: null, closedCallFlowId: null };
    const assigned = await owner().schedules.routeNumber({ ...route, callFlowId: flow.id });
    expect(assigned.callFlowId).toBe(flow.id);
    const unassigned = await owner().schedules.routeNumber({ ...route, callFlowId: null });
    expect(unassigned.callFlowId).toBeNull();
  });

  it("treats another account's flow as one that does not exist, even one within the caller's reach, and changes nothing", async () => {
    const reseller = callerAs(t.actors.resellerA);
    const siblingFlow = await reseller.callFlows.create({
      accountId: t.accounts.customerA2.id,
      document: busyFlow(nextFlowExtension()),
    });
    const foreignFlow = await callerAs(t.actors.resellerB).callFlows.create({
      accountId: t.accounts.customerB1.id,
      document: busyFlow(nextFlowExtension()),
    });
    const number = await reseller.resources.phoneNumbers.create({ accountId: a1, number: uniquePhoneNumber(), callFlowId: null });

    for (const [caller, callFlowId] of [
      [reseller, siblingFlow.id],
      [owner(), foreignFlow.id],
    ] as const) {
      let error: Awaited<ReturnType<typeof trpcError>> | undefined;
      const actions = await auditedActions(async () => {
        error = await trpcError(
          caller.schedules.routeNumber({ accountId: a1, id: number.id, callFlowId, scheduleId: null, closedCallFlowId: null }),
        );
      });
      // The same answer as for a uuid nobody holds: it tells nothing of the other account.
      expect(error?.code).toBe("BAD_REQUEST");
      expect(error && issuesOf(error)).toEqual([{ path: "callFlowId", message: "No call flow of this account has this uuid" }]);
      expect(actions).toEqual([]);
    }
    expect(
      await trpcCode(
        reseller.resources.phoneNumbers.create({ accountId: a1, number: uniquePhoneNumber(), callFlowId: foreignFlow.id }),
      ),
    ).toBe("NOT_FOUND");
    expect((await db.phoneNumber.findUniqueOrThrow({ where: { id: number.id } })).callFlowId).toBeNull();
  });
});

describe("deleting a resource a flow points at", () => {
  const kinds = [
    {
      kind: "SIP user",
      create: async () =>
        (await owner().resources.sipUsers.create({ accountId: a1, name: "Pete", extension: 240, hasMailbox: true })).id,
      remove: (id: string) => owner().resources.sipUsers.delete({ accountId: a1, id }),
      module: (id: string) => ({ module: "extension", extensions: [{ type: "sipuser", uuid: id }] }),
    },
    {
      kind: "hunt group",
      create: async () => (await owner().resources.huntGroups.create({ accountId: a1, name: "Team", extension: 241 })).id,
      remove: (id: string) => owner().resources.huntGroups.delete({ accountId: a1, id }),
      module: (id: string) => ({ module: "extension", extensions: [{ type: "huntgroup", uuid: id }] }),
    },
    {
      kind: "sound",
      create: async () => (await owner().resources.sounds.create({ accountId: a1, name: "Welcome" })).id,
      remove: (id: string) => owner().resources.sounds.delete({ accountId: a1, id }),
      module: (id: string) => ({ module: "conference", announcement: id }),
    },
    {
      kind: "playlist",
      create: async () => (await owner().resources.playlists.create({ accountId: a1, name: "Hold" })).id,
      remove: (id: string) => owner().resources.playlists.delete({ accountId: a1, id }),
      module: (id: string) => ({ module: "conference", music: id }),
    },
    {
      kind: "mailbox",
      create: async () => (await owner().resources.mailboxes.create({ accountId: a1, name: "Box", boxNumber: 40 })).id,
      remove: (id: string) => owner().resources.mailboxes.delete({ accountId: a1, id }),
      module: (id: string) => ({ module: "voicemail", mailboxes: [id] }),
    },
    {
      kind: "trunk",
      create: async () => (await owner().resources.trunks.create({ accountId: a1, name: "PBX" })).id,
      remove: (id: string) => owner().resources.trunks.delete({ accountId: a1, id }),
      module: (id: string) => ({ module: "Trunk", uuid: id }),
    },
  ];

  for (const { kind, create, remove, module } of kinds) {
    it(`a ${kind} is refused with the flows listed, writing nothing, and deletable once no flow uses it`, async () => {
      const id = await create();
      const first = await owner().callFlows.create({ accountId: a1, document: flowUsing(module(id), `Uses ${kind} A`) });
      const second = await owner().callFlows.create({ accountId: a1, document: flowUsing(module(id), `Uses ${kind} B`) });

      let error: Awaited<ReturnType<typeof trpcError>> | undefined;
      const actions = await auditedActions(async () => {
        error = await trpcError(remove(id));
      });
      expect(error?.code).toBe("CONFLICT");
      expect(error?.message).toBe(
        `The ${kind} is used by call flows "Uses ${kind} A" (${first.extension}), "Uses ${kind} B" (${second.extension}); remove it from them first`,
      );
      expect(actions).toEqual([]);

      for (const flow of [first, second]) {
        await owner().callFlows.update({
          accountId: a1,
          id: flow.id,
          expectedVersion: 1,
          document: busyFlow(flow.extension, flow.name),
        });
      }
      expect(await auditedActions(() => remove(id))).toHaveLength(1);
    });
  }

  it("never lets a deletion and a flow save that uses the resource both succeed", async () => {
    for (let round = 0; round < 5; round++) {
      const sound = await owner().resources.sounds.create({ accountId: a1, name: `Racing ${round}` });
      const [saved, deleted] = await Promise.allSettled([
        owner().callFlows.create({ accountId: a1, document: flowUsing({ module: "play", sound: sound.id, next: "b" }, "Racer") }),
        owner().resources.sounds.delete({ accountId: a1, id: sound.id }),
      ]);
      expect([saved.status, deleted.status]).not.toEqual(["fulfilled", "fulfilled"]);
      expect([saved.status, deleted.status]).toContain("fulfilled");
    }
  });
});

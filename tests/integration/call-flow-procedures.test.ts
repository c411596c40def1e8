import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { diffCallFlows, type TCallFlowInput } from "@/server/domain/call-flow";
import { callerAs, createTenants } from "./fixtures";
import {
  accountIdsOf,
  auditEventsDuring,
  busyFlow,
  issuesOf,
  type Tenants,
  trpcCode,
  trpcError,
  uniquePhoneNumber,
} from "./procedure-helpers";

let t: Tenants;
let a1: string;
let pete: { id: string };

beforeAll(async () => {
  t = await createTenants();
  a1 = t.accounts.customerA1.id;
  pete = await db.sipUser.create({ data: { accountId: a1, name: "Pete", extension: 201 } });
});

const owner = () => callerAs(t.actors.customerA1);

/** Start, an IVR menu, then ring Pete; fields deliberately not in the schema's order. */
function ivrFlow(extension: number, name = "Reception"): TCallFlowInput {
  return {
    name,
    extension,
    flow: {
      start: { next: "menu", module: "start" },
      menu: { next: { "1": "ring", invalid: "ring", timeout: "ring" }, module: "pressextension" },
      ring: { module: "extension", extensions: [{ uuid: pete.id, type: "sipuser" }] },
    },
  };
}

async function auditedActions(change: () => Promise<unknown>): Promise<string[]> {
  const events = await auditEventsDuring(accountIdsOf(t), () => change().catch(() => undefined));
  return events.map((event) => event.action);
}

describe("callFlows.list", () => {
  beforeAll(async () => {
    for (const [extension, name] of [
      [700, "Sales line"],
      [701, "Support line"],
      [702, "Night service"],
      [710, "sales overflow"],
    ] as const) {
      await owner().callFlows.create({ accountId: a1, document: busyFlow(extension, name) });
    }
  });

  it("searches names case-insensitively and lists by extension, without flow maps", async () => {
    const { items, nextCursor } = await owner().callFlows.list({ accountId: a1, search: "SALES" });
    expect(nextCursor).toBeNull();
    expect(items.map((flow) => [flow.extension, flow.name])).toEqual([
      [700, "Sales line"],
      [710, "sales overflow"],
    ]);
    expect(items[0]).not.toHaveProperty("flow");
  });

  it("says who saved each flow last and how many warnings it has now", async () => {
    await owner().callFlows.create({ accountId: a1, document: ivrFlow(799, "Warned reception") });
    const { items } = await owner().callFlows.list({ accountId: a1, search: "line" });
    const warned = (await owner().callFlows.list({ accountId: a1, search: "Warned" })).items;
    expect(items.map((flow) => [flow.name, flow.warningCount, flow.lastChangedBy])).toEqual([
      ["Sales line", 0, t.actors.customerA1.email],
      ["Support line", 0, t.actors.customerA1.email],
    ]);
    // The menu has no prompt and the ring module no noanswer route: two warnings, shown beside
    // flows without any.
    expect(warned.map((flow) => flow.warningCount)).toEqual([2]);
  });

  it("finds a flow by its extension", async () => {
    const { items } = await owner().callFlows.list({ accountId: a1, search: "701" });
    expect(items.map((flow) => flow.name)).toEqual(["Support line"]);
  });

  it("pages through the matches by cursor", async () => {
    const first = await owner().callFlows.list({ accountId: a1, search: "line", limit: 1 });
    const second = await owner().callFlows.list({
      accountId: a1,
      search: "line",
      limit: 1,
      cursor: first.nextCursor ?? undefined,
    });
    expect(first.nextCursor).not.toBeNull();
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((flow) => flow.name)).toEqual(["Sales line", "Support line"]);
  });

  it("lists only the acting account's flows", async () => {
    const { items } = await callerAs(t.actors.resellerA).callFlows.list({ accountId: t.accounts.customerA2.id, search: "line" });
    expect(items).toEqual([]);
  });
});

describe("callFlows.create and get", () => {
  it("returns the flow exactly as sent, key order included", async () => {
    const document = ivrFlow(720);
    const created = await owner().callFlows.create({ accountId: a1, document });
    const got = await owner().callFlows.get({ accountId: a1, id: created.id });
    expect(JSON.stringify(got.flow)).toBe(JSON.stringify(document.flow));
    expect(got).toMatchObject({ name: "Reception", extension: 720, version: 1, accountId: a1 });
  });

  it("refuses an invalid flow with every error at its path, writing nothing", async () => {
    const document = { ...busyFlow(721), name: "", flow: { s: { module: "start", next: "nowhere" } } } as TCallFlowInput;
    let error: Awaited<ReturnType<typeof trpcError>> | undefined;
    const actions = await auditedActions(async () => {
      error = await trpcError(owner().callFlows.create({ accountId: a1, document }));
    });
    expect(error?.code).toBe("BAD_REQUEST");
    expect(issuesOf(error!).map((issue) => issue.path)).toEqual(expect.arrayContaining(["name", "flow.s.next"]));
    expect(actions).toEqual([]);
    expect(await db.callFlow.count({ where: { accountId: a1, extension: 721 } })).toBe(0);
  });
});

describe("callFlows.update: two edits from the same version", () => {
  it("saves one; the other is a CONFLICT that changes nothing, and the stored flow is the first one's", async () => {
    const created = await owner().callFlows.create({ accountId: a1, document: busyFlow(730, "Original") });
    const edit = (name: string) =>
      owner().callFlows.update({ accountId: a1, id: created.id, expectedVersion: 1, document: busyFlow(730, name) });
    let results: PromiseSettledResult<{ name: string }>[] = [];
    const actions = await auditedActions(async () => {
      results = await Promise.allSettled([edit("Alice's edit"), edit("Bob's edit")]);
    });
    const saved = results.filter((r): r is PromiseFulfilledResult<{ name: string }> => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ code: "CONFLICT" });
    expect(actions).toEqual(["callflow.update"]);

    const stored = await owner().callFlows.get({ accountId: a1, id: created.id });
    expect(stored).toMatchObject({ name: saved[0]!.value.name, version: 2 });
    const revisions = await db.callFlowRevision.findMany({ where: { callFlowId: created.id }, orderBy: { version: "asc" } });
    expect(revisions.map((r) => [r.version, r.name])).toEqual([
      [1, "Original"],
      [2, saved[0]!.value.name],
    ]);
  });

  it("a save from an old version after the fact is a CONFLICT too", async () => {
    const created = await owner().callFlows.create({ accountId: a1, document: busyFlow(731) });
    await owner().callFlows.update({ accountId: a1, id: created.id, expectedVersion: 1, document: busyFlow(731, "Newer") });
    const error = await trpcError(
      owner().callFlows.update({ accountId: a1, id: created.id, expectedVersion: 1, document: busyFlow(731, "Stale") }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/changed by someone else/);
    expect((await owner().callFlows.get({ accountId: a1, id: created.id })).name).toBe("Newer");
  });
});

describe("callFlows.delete", () => {
  it("is refused with the numbers listed while phone numbers use the flow, writing nothing", async () => {
    const created = await owner().callFlows.create({ accountId: a1, document: busyFlow(740) });
    const numbers = [uniquePhoneNumber(), uniquePhoneNumber()].sort();
    for (const number of numbers) {
      await callerAs(t.actors.resellerA).resources.phoneNumbers.create({ accountId: a1, number, callFlowId: created.id });
    }
    let error: Awaited<ReturnType<typeof trpcError>> | undefined;
    const actions = await auditedActions(async () => {
      error = await trpcError(owner().callFlows.delete({ accountId: a1, id: created.id }));
    });
    expect(error?.code).toBe("CONFLICT");
    expect(error?.message).toContain(`phone numbers ${numbers.join(", ")}`);
    expect(actions).toEqual([]);
    expect(await db.callFlow.count({ where: { id: created.id } })).toBe(1);
  });
});

describe("callFlows.duplicate", () => {
  it("copies the flow under a new name on the next free extension, as one audited create", async () => {
    const account = t.accounts.customerA2.id;
    const reseller = callerAs(t.actors.resellerA);
    const source = await reseller.callFlows.create({ accountId: account, document: busyFlow(500, "Template") });
    await db.sipUser.create({ data: { accountId: account, name: "Desk", extension: 501 } });
    expect(await reseller.callFlows.nextExtension({ accountId: account })).toBe(502);

    let copy: Awaited<ReturnType<typeof reseller.callFlows.duplicate>> | undefined;
    const events = await auditEventsDuring([account], async () => {
      copy = await reseller.callFlows.duplicate({ accountId: account, id: source.id, name: "Template copy" });
    });
    expect(copy).toMatchObject({ name: "Template copy", extension: 502, version: 1, flow: source.flow });
    expect(events.map((e) => [e.action, e.entityId])).toEqual([["callflow.duplicate", copy!.id]]);
    expect(events[0]!.after).toMatchObject({ name: "Template copy", duplicatedFrom: source.id });
    expect(await db.callFlowRevision.count({ where: { callFlowId: copy!.id } })).toBe(1);
  });

  it("refuses a blank name on the name field", async () => {
    const source = await owner().callFlows.create({ accountId: a1, document: busyFlow(741) });
    const error = await trpcError(owner().callFlows.duplicate({ accountId: a1, id: source.id, name: "  " }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(error.cause)).toContain("name");
  });
});

describe("callFlows.validate", () => {
  it("reports errors and warnings without saving anything", async () => {
    const document = {
      ...busyFlow(742),
      flow: { s: { module: "start", next: "b" }, b: { module: "busy" }, lost: { module: "busy" } },
    };
    const before = await db.callFlow.count({ where: { accountId: a1 } });
    const result = await owner().callFlows.validate({ accountId: a1, document: { ...document, extension: 5 } });
    expect(result.errors.map((issue) => issue.path)).toEqual(["extension"]);
    expect(result.warnings.map((issue) => issue.path)).toContain("flow.lost");
    expect(await db.callFlow.count({ where: { accountId: a1 } })).toBe(before);
  });

  it("reports an extension already in use, except by the flow being edited", async () => {
    const flow = await owner().callFlows.create({ accountId: a1, document: busyFlow(743) });
    const asNew = await owner().callFlows.validate({ accountId: a1, document: busyFlow(743) });
    expect(asNew.errors).toEqual([
      { path: "extension", message: "Extension 743 is already used by another call flow on this account" },
    ]);
    const asEdit = await owner().callFlows.validate({ accountId: a1, id: flow.id, document: busyFlow(743, "Renamed") });
    expect(asEdit.errors).toEqual([]);
  });

  it("accepts anything as a document and says what is wrong with it", async () => {
    const result = await owner().callFlows.validate({ accountId: a1, document: "not a flow" });
    expect(result.errors).toEqual([{ path: "", message: expect.stringMatching(/must be a JSON object/) }]);
  });
});

describe("revisions: history, diff and restore", () => {
  let flowId = "";

  beforeAll(async () => {
    const created = await owner().callFlows.create({ accountId: a1, document: ivrFlow(750, "Version one") });
    flowId = created.id;
    const two = ivrFlow(750, "Version two");
    two.flow.menu = { module: "pressextension", next: { "1": "ring", "2": "busy", invalid: "ring", timeout: "ring" } };
    two.flow.busy = { module: "busy" };
    await callerAs(t.actors.resellerA).callFlows.update({ accountId: a1, id: flowId, expectedVersion: 1, document: two });
  });

  it("lists every version newest first, with who saved it (staff only by account, to a customer)", async () => {
    const history = await owner().callFlows.history({ accountId: a1, id: flowId });
    expect(history.map((r) => [r.version, r.name, r.createdByLabel])).toEqual([
      [2, "Version two", `${t.accounts.resellerA.name} staff`],
      [1, "Version one", t.actors.customerA1.email],
    ]);
  });

  it("reads the versions by pages: `limit` newest, then those before `beforeVersion`", async () => {
    const page = await owner().callFlows.history({ accountId: a1, id: flowId, limit: 1 });
    expect(page.map((r) => r.version)).toEqual([2]);
    const older = await owner().callFlows.history({ accountId: a1, id: flowId, limit: 1, beforeVersion: 2 });
    expect(older.map((r) => r.version)).toEqual([1]);
    expect(await trpcCode(owner().callFlows.history({ accountId: a1, id: flowId, limit: 201 }))).toBe("BAD_REQUEST");
  });

  it("compares two versions: both documents whole, whose diff is the settings, added modules and changed fields", async () => {
    const { before, after } = await owner().callFlows.compare({ accountId: a1, id: flowId, fromVersion: 1, toVersion: 2 });
    expect([before.name, after.name]).toEqual(["Version one", "Version two"]);
    expect(diffCallFlows(before, after)).toEqual({
      settings: [{ path: "name", before: "Version one", after: "Version two" }],
      added: [{ key: "busy", type: "busy", module: { module: "busy" } }],
      removed: [],
      changed: [{ key: "menu", type: "pressextension", fields: [{ path: "next.2", after: "busy" }] }],
    });
  });

  it("a version that does not exist is NOT_FOUND", async () => {
    expect(await trpcCode(owner().callFlows.compare({ accountId: a1, id: flowId, fromVersion: 1, toVersion: 9 }))).toBe(
      "NOT_FOUND",
    );
  });

  it("restores an old version as a new save, audited as callflow.restore, keeping all history", async () => {
    let restored: Awaited<ReturnType<ReturnType<typeof owner>["callFlows"]["restore"]>> | undefined;
    const actions = await auditedActions(async () => {
      restored = await owner().callFlows.restore({ accountId: a1, id: flowId, version: 1, expectedVersion: 2 });
    });
    expect(actions).toEqual(["callflow.restore"]);
    expect(restored).toMatchObject({ name: "Version one", version: 3 });
    expect(JSON.stringify(restored!.flow)).toBe(JSON.stringify(ivrFlow(750).flow));
    const history = await owner().callFlows.history({ accountId: a1, id: flowId });
    expect(history.map((r) => [r.version, r.restoredFromVersion])).toEqual([
      [3, 1],
      [2, null],
      [1, null],
    ]);
  });

  it("refuses a restore based on a stale version, writing nothing", async () => {
    const current = await owner().callFlows.get({ accountId: a1, id: flowId });
    let code = "";
    const actions = await auditedActions(async () => {
      code = await trpcCode(
        owner().callFlows.restore({ accountId: a1, id: flowId, version: 2, expectedVersion: current.version - 1 }),
      );
    });
    expect(code).toBe("CONFLICT");
    expect(actions).toEqual([]);
    expect(await owner().callFlows.get({ accountId: a1, id: flowId })).toEqual(current);
  });

  it("refuses to restore a version whose SIP user was deleted since, naming the field", async () => {
    const desk = await owner().resources.sipUsers.create({ accountId: a1, name: "Desk", extension: 260, hasMailbox: true });
    const document = busyFlow(751);
    document.flow = {
      s: { module: "start", next: "r" },
      r: { module: "extension", extensions: [{ type: "sipuser", uuid: desk.id }] },
    };
    const flow = await owner().callFlows.create({ accountId: a1, document });
    await owner().callFlows.update({ accountId: a1, id: flow.id, expectedVersion: 1, document: busyFlow(751) });
    await owner().resources.sipUsers.delete({ accountId: a1, id: desk.id });
    const error = await trpcError(owner().callFlows.restore({ accountId: a1, id: flow.id, version: 1, expectedVersion: 2 }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(issuesOf(error).map((issue) => issue.path)).toEqual(["flow.r.extensions.0.uuid"]);
  });

  it("keeps a deleted flow's history readable for admins only", async () => {
    const flow = await owner().callFlows.create({ accountId: a1, document: busyFlow(752, "Doomed") });
    await owner().callFlows.update({ accountId: a1, id: flow.id, expectedVersion: 1, document: busyFlow(752, "Doomed, edited") });
    await owner().callFlows.delete({ accountId: a1, id: flow.id });

    const admin = callerAs(t.actors.admin);
    const history = await admin.callFlows.history({ accountId: a1, id: flow.id });
    expect(history.map((r) => [r.version, r.name])).toEqual([
      [2, "Doomed, edited"],
      [1, "Doomed"],
    ]);
    const versions = await admin.callFlows.compare({ accountId: a1, id: flow.id, fromVersion: 1, toVersion: 2 });
    expect([versions.before.name, versions.after.name]).toEqual(["Doomed", "Doomed, edited"]);
    expect(await trpcCode(admin.callFlows.restore({ accountId: a1, id: flow.id, version: 1, expectedVersion: 2 }))).toBe(
      "NOT_FOUND",
    );
    expect(await trpcCode(owner().callFlows.history({ accountId: a1, id: flow.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(callerAs(t.actors.resellerA).callFlows.history({ accountId: a1, id: flow.id }))).toBe("NOT_FOUND");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { nameFlowDiff } from "@/components/flow-editor/diff-words";
import type { DiffableCallFlow, TCallFlowInput } from "@/server/domain/call-flow";
import { callerAs, createTenants } from "./fixtures";
import { type Tenants, trpcCode } from "./procedure-helpers";

/**
 * The audit log reads by name: each row names its subject, an opened event names the objects
 * its snapshots hold by uuid (in the event's account only), and the filters take names.
 */

let t: Tenants;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const owner = () => callerAs(t.actors.customerA1);
const a1 = () => t.accounts.customerA1.id;

beforeAll(async () => {
  t = await createTenants();
});

/** The newest event of `action` on A1 that the owner can read. */
async function latest(action: string) {
  const { items } = await owner().audit.query({ accountId: a1(), action, limit: 1 });
  expect(items).toHaveLength(1);
  return items[0]!;
}

describe("audit rows name what changed", () => {
  it("a call flow and a schedule by their names, and a deleted flow by the name it last had", async () => {
    const flow = await owner().callFlows.create({
      accountId: a1(),
      document: { name: "Main line", extension: 710, flow: { s: { module: "start", next: "b" }, b: { module: "busy" } } },
    });
    expect(await latest("callflow.create")).toMatchObject({ entityType: "callflow", entityId: flow.id, entityName: "Main line" });

    await owner().schedules.create({
      accountId: a1(),
      document: {
        name: "Office hours",
        timezone: "Europe/London",
        hours: { mon: [["09:00", "17:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      },
    });
    expect((await latest("schedule.create")).entityName).toBe("Office hours");

    await owner().callFlows.delete({ accountId: a1(), id: flow.id, expectedVersion: flow.version });
    const { items } = await owner().audit.query({ accountId: a1(), entityId: flow.id });
    expect(items.map((event) => [event.action, event.entityName])).toEqual([
      ["callflow.delete", "Main line"],
      ["callflow.create", "Main line"],
    ]);
  });
});

describe("an opened event names the uuids in its snapshots", () => {
  it("sounds and SIP users of the event's account by name; a deleted one stays unnamed, so the portal says deleted", async () => {
    const greeting = await owner().resources.sounds.create({ accountId: a1(), name: "Greeting" });
    const gone = await owner().resources.sounds.create({ accountId: a1(), name: "Soon gone" });
    const pete = await owner().resources.sipUsers.create({ accountId: a1(), name: "Pete", extension: 231, hasMailbox: true });
    const document = {
      name: "Named line",
      extension: 711,
      flow: {
        s: { module: "start", next: "p" },
        p: { module: "play", sound: greeting.id, next: "q" },
        q: { module: "play", sound: gone.id, next: "r" },
        r: { module: "extension", extensions: [{ type: "sipuser", uuid: pete.id }] },
      },
    } as TCallFlowInput;
    const flow = await owner().callFlows.create({ accountId: a1(), document });
    const withoutGone = {
      ...document,
      flow: { ...document.flow, q: { module: "play", sound: greeting.id, next: "r" } },
    } as TCallFlowInput;
    await owner().callFlows.update({ accountId: a1(), id: flow.id, expectedVersion: flow.version, document: withoutGone });
    await owner().resources.sounds.delete({ accountId: a1(), id: gone.id });

    const summary = await latest("callflow.update");
    const event = await owner().audit.event({ id: summary.id });
    expect(new Map(event.names.map((entry) => [entry.id, entry.name]))).toEqual(
      new Map([
        [greeting.id, "Greeting"],
        [pete.id, "Pete (231)"],
      ]),
    );

    // What the portal then shows: names and "(deleted sound)", no uuid.
    const named = nameFlowDiff(
      event.before as DiffableCallFlow,
      event.after as DiffableCallFlow,
      new Map(event.names.map((entry) => [entry.id, entry.name])),
    );
    expect(named.changed).toEqual([
      { key: "q", title: "Play sound 2: Greeting", fields: [{ field: "Sound", before: "(deleted sound)", after: "Greeting" }] },
    ]);
    expect(JSON.stringify(named)).not.toMatch(UUID);
  });

  it("never names another account's objects, even when a snapshot holds their uuid", async () => {
    const theirs = await callerAs(t.actors.customerA2).resources.sounds.create({
      accountId: t.accounts.customerA2.id,
      name: "A2's",
    });
    const mine = await owner().callFlows.create({
      accountId: a1(),
      document: { name: "Plain", extension: 712, flow: { s: { module: "start", next: "b" }, b: { module: "busy" } } },
    });
    // A snapshot can only hold what was valid on A1; an admin's view of it still looks in A1 only.
    const summary = await latest("callflow.create");
    expect(summary.entityId).toBe(mine.id);
    const event = await callerAs(t.actors.admin).audit.event({ id: summary.id });
    expect(event.names.map((entry) => entry.id)).not.toContain(theirs.id);
  });
});

describe("the audit filters take names", () => {
  it("an account filter takes the account's name, in any case, within reach only", async () => {
    const byName = await callerAs(t.actors.resellerA).audit.query({ accountId: t.accounts.customerA1.name.toUpperCase() });
    expect(byName.items.length).toBeGreaterThan(0);
    expect(new Set(byName.items.map((event) => event.accountId))).toEqual(new Set([t.accounts.customerA1.id]));
    expect(await trpcCode(callerAs(t.actors.resellerB).audit.query({ accountId: t.accounts.customerA1.name }))).toBe("NOT_FOUND");
    expect(await trpcCode(callerAs(t.actors.resellerA).audit.query({ accountId: "no-such-account" }))).toBe("NOT_FOUND");
  });

  it("suggests accounts by handle or display name, within the viewer's reach", async () => {
    const suffix = t.suffix;
    const reseller = callerAs(t.actors.resellerA);
    await reseller.accounts.customers.rename({
      id: t.accounts.customerA2.id,
      name: t.accounts.customerA2.name,
      displayName: `Acme Widgets ${suffix}`,
      contactName: "",
    });
    const byDisplayName = await reseller.audit.accounts({ search: `widgets ${suffix}` });
    expect(byDisplayName.items).toEqual([
      { id: t.accounts.customerA2.id, name: t.accounts.customerA2.name, displayName: `Acme Widgets ${suffix}` },
    ]);
    const byHandle = await reseller.audit.accounts({ search: suffix });
    expect(byHandle.items.map((account) => account.id).sort()).toEqual(
      [t.accounts.resellerA.id, t.accounts.customerA1.id, t.accounts.customerA2.id].sort(),
    );
    expect((await callerAs(t.actors.resellerB).audit.accounts({ search: `widgets ${suffix}` })).items).toEqual([]);
  });

  it("suggests people by email or name, within the viewer's reach", async () => {
    const found = await callerAs(t.actors.resellerA).audit.actors({ search: t.suffix });
    expect(found.items.map((user) => user.email).sort()).toEqual(
      [t.actors.resellerA.email, t.actors.customerA1.email, t.actors.customerA2.email].sort(),
    );
    const own = await owner().audit.actors({ search: t.suffix });
    expect(own.items.map((user) => user.email)).toEqual([t.actors.customerA1.email]);
  });
});

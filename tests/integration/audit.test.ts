import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createCallFlow, deleteCallFlow, updateCallFlow } from "@/server/services/call-flows/call-flows";
import { verifyAuditChain } from "@/server/services/audit/verify";
import { callerAs, contextAs, createTenants, uniqueSuffix } from "./fixtures";
import { accountIdsOf } from "./procedure-helpers";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;

beforeAll(async () => {
  t = await createTenants();
});

function minimalFlow(extension: number, name = "Audited") {
  return {
    name,
    extension,
    flow: {
      s: { module: "start", next: "b" },
      b: { module: "busy" },
    },
  };
}

/** Runs `change` and returns the audit events it wrote for the account. */
async function eventsWrittenBy(accountId: string, change: () => Promise<unknown>) {
  const last = await db.auditEvent.findFirst({ where: { accountId }, orderBy: { id: "desc" }, select: { id: true } });
  await change().catch(() => undefined);
  return db.auditEvent.findMany({ where: { accountId, id: { gt: last?.id ?? 0n } }, orderBy: { id: "asc" } });
}

describe("every mutation writes exactly one audit event, in its own transaction", () => {
  it("creating a customer in the portal", async () => {
    const name = `audited-${uniqueSuffix()}`;
    const events = await eventsWrittenBy(t.accounts.resellerA.id, () =>
      callerAs(t.actors.resellerA).accounts.customers.create({ name, contactName: "" }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "account.create",
      entityType: "account",
      actorUserId: t.actors.resellerA.userId,
      actorLabel: t.actors.resellerA.email,
      actorAccountId: t.accounts.resellerA.id,
      channel: "portal",
      ip: "203.0.113.7",
      userAgent: "integration-test",
    });
    expect((events[0]!.after as { name: string }).name).toBe(name);
  });

  it("creating a user never puts the password hash in the trail", async () => {
    const events = await eventsWrittenBy(t.accounts.customerA1.id, () =>
      callerAs(t.actors.resellerA).accounts.customers.createUser({
        accountId: t.accounts.customerA1.id,
        email: `audited-${uniqueSuffix()}@example.test`,
        displayName: "Audited",
        password: "a-long-enough-password",
      }),
    );
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.after)).not.toMatch(/passwordHash|scrypt/);
  });

  it("a failed mutation writes none", async () => {
    const events = await eventsWrittenBy(t.accounts.resellerA.id, () =>
      callerAs(t.actors.resellerA).accounts.customers.create({ name: t.accounts.customerB1.name, contactName: "" }),
    );
    expect(events).toHaveLength(0);
  });

  it("creating, updating and deleting a call flow, acting for a customer, with a revision per save", async () => {
    const account = t.accounts.customerA1.id;
    const ctx = contextAs(t.actors.resellerA);
    let flowId = "";
    const created = await eventsWrittenBy(account, async () => {
      flowId = (await createCallFlow(ctx, { accountId: account, document: minimalFlow(600) })).id;
    });
    expect(created.map((e) => e.action)).toEqual(["callflow.create"]);
    expect(created[0]).toMatchObject({ accountId: account, actorAccountId: t.accounts.resellerA.id, entityId: flowId });

    const updated = await eventsWrittenBy(account, () =>
      updateCallFlow(ctx, { accountId: account, id: flowId, document: minimalFlow(600, "Renamed") }),
    );
    expect(updated.map((e) => e.action)).toEqual(["callflow.update"]);
    expect(updated[0]!.before).toMatchObject({ name: "Audited", version: 1 });
    expect(updated[0]!.after).toMatchObject({ name: "Renamed", version: 2 });

    const failed = await eventsWrittenBy(account, () =>
      updateCallFlow(ctx, { accountId: account, id: flowId, document: { ...minimalFlow(600), flow: {} } }),
    );
    expect(failed).toHaveLength(0);

    const deleted = await eventsWrittenBy(account, () => deleteCallFlow(ctx, { accountId: account, id: flowId }));
    expect(deleted.map((e) => e.action)).toEqual(["callflow.delete"]);

    const revisions = await db.callFlowRevision.findMany({ where: { callFlowId: flowId }, orderBy: { version: "asc" } });
    expect(revisions.map((r) => [r.version, r.name])).toEqual([
      [1, "Audited"],
      [2, "Renamed"],
    ]);
    expect(revisions[0]!.createdByLabel).toBe(t.actors.resellerA.email);
  });
});

describe("one chain per account", () => {
  it("writers of one account racing each other link every event to the one before, and the chain's head follows", async () => {
    const accountId = t.accounts.customerA1.id;
    const ctx = contextAs(t.actors.customerA1);
    const before = await db.auditEvent.findFirst({ where: { accountId }, orderBy: { id: "desc" }, select: { id: true } });
    const flows = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createCallFlow(ctx, { accountId, document: minimalFlow(630 + i, `Racer ${i}`) })),
    );
    await Promise.all(
      flows.map((flow) => updateCallFlow(ctx, { accountId, id: flow.id, document: minimalFlow(flow.extension, "Raced") })),
    );
    const chain = await db.auditEvent.findMany({ where: { accountId }, orderBy: { id: "asc" } });
    expect(chain.filter((event) => event.id > (before?.id ?? 0n))).toHaveLength(20);
    for (const [index, event] of chain.entries()) expect(event.prevHash).toBe(index === 0 ? null : chain[index - 1]!.hash);
    expect(await db.auditChainHead.findUnique({ where: { accountId } })).toEqual({ accountId, hash: chain.at(-1)!.hash });
  });
});

describe("history cannot be rewritten", () => {
  for (const statement of [
    "UPDATE \"AuditEvent\" SET action = 'x'",
    'DELETE FROM "AuditEvent"',
    'TRUNCATE "AuditEvent"',
    'DELETE FROM "CallFlowRevision"',
  ]) {
    it(`refuses: ${statement}`, async () => {
      // Other test files write audit events at the same time: count this file's tenants' only.
      const ours = { accountId: { in: accountIdsOf(t) } };
      const before = await db.auditEvent.count({ where: ours });
      await expect(db.$executeRawUnsafe(statement)).rejects.toThrow(/append-only/);
      expect(await db.auditEvent.count({ where: ours })).toBe(before);
    });
  }

  it("the chain verifies, and a row altered by a superuser bypassing the triggers is found", async () => {
    await createCallFlow(contextAs(t.actors.customerA2), { accountId: t.accounts.customerA2.id, document: minimalFlow(610) });
    expect((await verifyAuditChain()).firstBreak).toBeNull();
    expect((await verifyAuditChain([t.accounts.customerA2.id])).checkedEvents).toBeGreaterThan(0);

    const target = await db.auditEvent.findFirstOrThrow({
      where: { accountId: t.accounts.customerA2.id },
      orderBy: { id: "desc" },
    });
    const superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await superuser.connect();
    try {
      await superuser.query("SET session_replication_role = replica");
      await superuser.query(`UPDATE "AuditEvent" SET "actorLabel" = 'someone-else' WHERE id = $1`, [target.id.toString()]);
    } finally {
      await superuser.end();
    }
    const report = await verifyAuditChain();
    expect(report.firstBreak).toMatchObject({ eventId: target.id.toString(), accountId: t.accounts.customerA2.id });
    expect(report.firstBreak?.reason).toMatch(/altered/);
  });
});

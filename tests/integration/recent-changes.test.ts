import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerAs, createTenants } from "./fixtures";
import { busyFlow, counter, type Tenants, uniquePhoneNumber } from "./procedure-helpers";
import { officeHours } from "./schedule-fixtures";

// An account's home page names its latest changes in words, from the audit trail.

let t: Tenants;
beforeAll(async () => {
  t = await createTenants();
});
const nextExtension = counter(700);

describe("recent changes", () => {
  it("names who changed what, newest first, linking the flows that still exist, with staff masked for customers", async () => {
    const a1 = t.accounts.customerA1.id;
    const owner = callerAs(t.actors.customerA1);
    const reseller = callerAs(t.actors.resellerA);
    const kept = await owner.callFlows.create({ accountId: a1, document: busyFlow(nextExtension(), "Reception") });
    const gone = await owner.callFlows.create({ accountId: a1, document: busyFlow(nextExtension(), "Old menu") });
    await owner.callFlows.delete({ accountId: a1, id: gone.id });
    const number = await db.phoneNumber.create({ data: { accountId: a1, number: uniquePhoneNumber() } });
    await owner.schedules.routeNumber({
      accountId: a1,
      id: number.id,
      callFlowId: kept.id,
      scheduleId: null,
      closedCallFlowId: null,
    });
    await reseller.schedules.create({ accountId: a1, document: officeHours("Front desk hours") });

    const seen = await owner.audit.recentChanges({ accountId: a1, limit: 5 });
    const ownerEmail = t.actors.customerA1.email;
    expect(seen.map(({ actor, words, name, flowId }) => ({ actor, words, name, flowId }))).toEqual([
      { actor: `${t.accounts.resellerA.name} staff`, words: "added the schedule", name: "Front desk hours", flowId: null },
      { actor: ownerEmail, words: "routed the number", name: number.number, flowId: null },
      { actor: ownerEmail, words: "deleted the call flow", name: "Old menu", flowId: null },
      { actor: ownerEmail, words: "added the call flow", name: "Old menu", flowId: null },
      { actor: ownerEmail, words: "added the call flow", name: "Reception", flowId: kept.id },
    ]);
    // Staff see their own people.
    expect((await reseller.audit.recentChanges({ accountId: a1, limit: 1 }))[0]?.actor).toBe(t.actors.resellerA.email);
    expect(JSON.stringify(seen)).not.toContain(t.actors.resellerA.email);
  });
});

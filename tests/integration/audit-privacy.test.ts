import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiActor, RequestContext } from "@/server/auth/actor";
import { exportAuditCsv } from "@/server/services/audit/audit";
import { ZAuditFilter } from "@/server/services/audit/schemas";
import { sounds } from "@/server/services/resources/kinds";
import { db } from "@/server/db";
import { runScheduledPublish } from "@/server/services/call-flows/scheduled-publish";
import { actorFor, callerAs, contextAs, createTenants, uniqueSuffix } from "./fixtures";
import { busyFlow, type Tenants } from "./procedure-helpers";

// A customer's views of who changed its data show its reseller's and the platform's people only
// as "<account> staff": the attacker here is a customer reading everything the server sends it.

let t: Tenants;
let flowId: string;
const STAFF_IP = "198.51.100.23";
const STAFF_AGENT = "StaffBrowser/1.0 (internal build 42)";
const OWN_IP = "192.0.2.77";
const OWN_AGENT = "CustomerBrowser/2.0";
let staffApi: ApiActor;

const as = (principal: RequestContext["principal"], ip: string, userAgent: string): RequestContext => ({
  principal,
  ip,
  userAgent,
});

beforeAll(async () => {
  t = await createTenants();
  const a1 = t.accounts.customerA1.id;
  staffApi = {
    via: "api",
    apiCredentialId: randomUUID(),
    username: "provisioning-bot",
    accountId: t.accounts.resellerA.id,
    accountName: t.accounts.resellerA.name,
    accountKind: "reseller",
    accountPath: t.accounts.resellerA.path,
  };
  await sounds.create(as(t.actors.resellerA, STAFF_IP, STAFF_AGENT), { accountId: a1, name: "By the reseller" });
  await sounds.create(as(t.actors.admin, STAFF_IP, STAFF_AGENT), { accountId: a1, name: "By the platform" });
  await sounds.create(as(staffApi, STAFF_IP, STAFF_AGENT), { accountId: a1, name: "By the reseller's API user" });
  await sounds.create(as(t.actors.customerA1, OWN_IP, OWN_AGENT), { accountId: a1, name: "By the customer" });
  // A flow saved first by the customer, then by its reseller: the list names the last editor.
  const flow = await callerAs(t.actors.customerA1).callFlows.create({ accountId: a1, document: busyFlow(700, "Reception") });
  flowId = flow.id;
  await callerAs(t.actors.resellerA).callFlows.update({
    accountId: a1,
    id: flow.id,
    document: busyFlow(700, "Reception (by reseller)"),
    expectedVersion: flow.version,
  });
});

/** Everything that could identify a staff member, as it would appear in any response. */
function staffSecrets() {
  return [
    t.actors.resellerA.email,
    t.actors.admin.email,
    STAFF_IP,
    STAFF_AGENT,
    "provisioning-bot",
    t.actors.resellerA.userId,
    t.actors.admin.userId,
  ];
}

function expectNoStaffSecrets(body: unknown) {
  const text = JSON.stringify(body);
  for (const secret of staffSecrets()) expect(text).not.toContain(secret);
}

describe("a customer's audit view", () => {
  it("shows staff only as role and account, without email, IP or user agent", async () => {
    const customer = callerAs(t.actors.customerA1);
    const summaries = (await customer.audit.query({ limit: 200 })).items;
    expect(summaries).toHaveLength(6);
    expectNoStaffSecrets(summaries);
    // Each event opened whole (its before and after) is masked the same way.
    const items = await Promise.all(summaries.map((summary) => customer.audit.event({ id: summary.id })));
    expectNoStaffSecrets(items);
    const bySound = (name: string) => items.find((event) => (event.after as { name?: string } | null)?.name === name)!;
    expect(bySound("By the reseller")).toMatchObject({
      actorLabel: `${t.accounts.resellerA.name} staff`,
      ip: "",
      userAgent: "",
      actorUserId: null,
    });
    expect(bySound("By the platform")).toMatchObject({ actorLabel: `${t.accounts.root.name} staff`, ip: "", userAgent: "" });
    expect(bySound("By the reseller's API user")).toMatchObject({
      actorLabel: `${t.accounts.resellerA.name} staff`,
      actorApiCredentialId: null,
    });
  });

  it("shows the customer's own people in full", async () => {
    const customer = callerAs(t.actors.customerA1);
    const { items: summaries } = await customer.audit.query({ entityType: "sound" });
    const items = await Promise.all(summaries.map((summary) => customer.audit.event({ id: summary.id })));
    const own = items.find((event) => (event.after as { name?: string }).name === "By the customer");
    expect(own).toMatchObject({
      actorLabel: t.actors.customerA1.email,
      ip: OWN_IP,
      userAgent: OWN_AGENT,
      actorUserId: t.actors.customerA1.userId,
    });
  });

  it("holds no staff address in the CSV export either", async () => {
    const csv = await new Response(await exportAuditCsv(contextAs(t.actors.customerA1), ZAuditFilter.parse({}))).text();
    expect(csv.split("\r\n").filter((line) => line.startsWith('"')).length - 1).toBe(6);
    for (const secret of staffSecrets()) expect(csv).not.toContain(secret);
    expect(csv).toContain(`"${t.accounts.resellerA.name} staff"`);
    expect(csv).toContain(OWN_AGENT);
  });

  it("cannot find staff by email through the actor filter, only by the label it is shown", async () => {
    const customer = callerAs(t.actors.customerA1);
    expect((await customer.audit.query({ actor: t.actors.resellerA.email })).items).toEqual([]);
    expect(new Set((await customer.audit.query({ actor: "example.test" })).items.map((event) => event.actorLabel))).toEqual(
      new Set([t.actors.customerA1.email]),
    );
    const staff = await customer.audit.query({ actor: `${t.accounts.resellerA.name} STAFF` });
    // The reseller's two sounds (a person and an API user) and its save of the flow.
    expect(staff.items.map((event) => event.actorLabel)).toEqual(Array(3).fill(`${t.accounts.resellerA.name} staff`));
    expectNoStaffSecrets(staff.items);
  });

  it("shows who saved each flow version, and the list's last editor, the same way", async () => {
    const customer = callerAs(t.actors.customerA1);
    const history = await customer.callFlows.history({ accountId: t.accounts.customerA1.id, id: flowId });
    expect(history.map((revision) => revision.createdByLabel)).toEqual([
      `${t.accounts.resellerA.name} staff`,
      t.actors.customerA1.email,
    ]);
    const list = await customer.callFlows.list({ accountId: t.accounts.customerA1.id });
    expect(list.items.find((flow) => flow.id === flowId)?.lastChangedBy).toBe(`${t.accounts.resellerA.name} staff`);
    expectNoStaffSecrets([history, list]);
  });
});

describe("staff audit views", () => {
  it("a reseller sees everything within its reach, its own people and the platform's", async () => {
    const { items } = await callerAs(t.actors.resellerA).audit.query({ accountId: t.accounts.customerA1.id });
    const labels = new Set(items.map((event) => event.actorLabel));
    expect(labels).toEqual(
      new Set([
        t.actors.resellerA.email,
        t.actors.admin.email,
        `api:provisioning-bot@${t.accounts.resellerA.name}`,
        t.actors.customerA1.email,
      ]),
    );
    expect(items.filter((event) => event.ip === STAFF_IP && event.userAgent === STAFF_AGENT)).toHaveLength(3);
    const history = await callerAs(t.actors.resellerA).callFlows.history({ accountId: t.accounts.customerA1.id, id: flowId });
    expect(history[0]?.createdByLabel).toBe(t.actors.resellerA.email);
  });

  it("an admin sees staff addresses too", async () => {
    const csv = await new Response(
      await exportAuditCsv(contextAs(t.actors.admin), ZAuditFilter.parse({ accountId: t.accounts.customerA1.id })),
    ).text();
    expect(csv).toContain(t.actors.resellerA.email);
    expect(csv).toContain(STAFF_IP);
    expect(csv).toContain(STAFF_AGENT);
  });
});

describe("a customer's flow editor", () => {
  it("shows who saved the draft and who scheduled its publish as staff, in the failure text too", async () => {
    const a1 = t.accounts.customerA1.id;
    const staff = await actorFor(t.accounts.resellerA, "reseller", `scheduler-${uniqueSuffix()}@example.test`);
    const { id } = await callerAs(t.actors.customerA1).callFlowDrafts.create({
      accountId: a1,
      document: busyFlow(771, "Drafted"),
    });
    await callerAs(staff).callFlowDrafts.save({ accountId: a1, id, document: busyFlow(771, "Drafted by staff") });
    const runAt = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await callerAs(staff).callFlowDrafts.schedulePublish({ accountId: a1, id, runAt });
    // The scheduler leaves: the publish fails, and says so.
    await db.user.update({ where: { id: staff.userId }, data: { disabled: true } });
    await runScheduledPublish(scheduled.id);

    const state = await callerAs(t.actors.customerA1).callFlowDrafts.state({ accountId: a1, id });
    const shownAs = `${t.accounts.resellerA.name} staff`;
    expect(state.draft?.updatedByLabel).toBe(shownAs);
    expect(state.scheduled[0]).toMatchObject({ status: "failed", createdByLabel: shownAs });
    expect(state.scheduled[0]?.failure).toContain(shownAs);
    expect(JSON.stringify(state)).not.toContain(staff.email);

    // Staff see their own people in full.
    const seenByReseller = await callerAs(t.actors.resellerA).callFlowDrafts.state({ accountId: a1, id });
    expect(seenByReseller.scheduled[0]?.createdByLabel).toBe(staff.email);
  });
});

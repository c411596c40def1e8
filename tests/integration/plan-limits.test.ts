import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createAccount, createTenants, callerAs, actorFor, uniqueSuffix } from "./fixtures";
import { trpcError, uniquePhoneNumber } from "./procedure-helpers";
import { type ApiUser, authHeaders, busyFlow, callApi, createApiUser } from "./rest-client";

// Plans' limits hold on every path (REST, tRPC and the services behind the portal), and under
// races: each create counts inside its transaction with the account's row locked.

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let reseller: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  reseller = await createApiUser(t.accounts.resellerA);
});

async function customerOnPlan(limits: Record<string, number | null>, modules: string[] | null = null) {
  const name = `Starter ${uniqueSuffix()}`;
  const plan = await callApi("POST", "/voip/plan", { headers: authHeaders(reseller), body: { name, limits, modules } });
  expect(plan.status, plan.text).toBe(201);
  const planId = (plan.json!.result as { uuid: string }).uuid;
  const account = await createAccount(`limited-${uniqueSuffix()}`, "customer", t.accounts.resellerA);
  await db.account.update({ where: { id: account.id }, data: { planId } });
  return { account, planId, planName: name, headers: authHeaders(reseller, account.name) };
}

describe("plan limits", () => {
  it("lets exactly one of 20 parallel creates take the last place", async () => {
    const { account, headers, planName } = await customerOnPlan({ flows: 5 });
    for (let extension = 500; extension < 504; extension++) {
      expect((await callApi("POST", "/voip/flow", { headers, body: busyFlow(extension) })).status).toBe(201);
    }
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => callApi("POST", "/voip/flow", { headers, body: busyFlow(600 + index) })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(refused.json!.status_message).toBe(`Plan limit reached: at most 5 call flows (plan "${planName}")`);
    expect(await db.callFlow.count({ where: { accountId: account.id } })).toBe(5);
  });

  it("answers tRPC with CONFLICT, appCode PLAN_LIMIT and the limit's name", async () => {
    const { account } = await customerOnPlan({ schedules: 0 });
    const owner = await actorFor(account, "customer", `owner-${uniqueSuffix()}@example.test`);
    const hours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    const error = await trpcError(
      callerAs(owner).schedules.create({
        accountId: account.id,
        document: { name: "Office", timezone: "Europe/London", hours, closures: [], holidays: null, override: "auto" },
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/^Plan limit reached: at most 0 schedules \(plan "Starter [0-9a-f]+"\)$/);
    expect(await db.schedule.count({ where: { accountId: account.id } })).toBe(0);
  });

  it("refuses a module type outside the plan at that module's `module` field", async () => {
    const { headers, planName } = await customerOnPlan({}, ["start", "busy"]);
    const fax = { extension: 700, name: "Fax line", flow: { s: { module: "start", next: "f" }, f: { module: "fax" } } };
    const refused = await callApi("POST", "/voip/flow", { headers, body: fax });
    expect(refused.status).toBe(400);
    expect(refused.json!.errors).toEqual([{ path: "flow.f.module", message: `The ${planName} plan does not include Fax` }]);
    expect((await callApi("POST", "/voip/flow", { headers, body: busyFlow(701) })).status).toBe(201);
  });

  it("refuses a flow with more modules than the plan allows, as a plan limit", async () => {
    const { headers, planName } = await customerOnPlan({ modules_per_flow: 1 });
    const refused = await callApi("POST", "/voip/flow", { headers, body: busyFlow(702) });
    expect(refused.status).toBe(409);
    expect(refused.json!.status_message).toBe(`Plan limit reached: at most 1 module per flow (plan "${planName}")`);
  });

  it("keeps what exists after a downgrade and refuses new items", async () => {
    const { account, headers, planId, planName } = await customerOnPlan({ numbers: 3 });
    for (let count = 0; count < 3; count++) {
      await db.phoneNumber.create({ data: { accountId: account.id, number: uniquePhoneNumber() } });
    }
    const lowered = await callApi("PUT", `/voip/plan/${planId}`, {
      headers: authHeaders(reseller),
      body: { name: planName, limits: { numbers: 1 } },
    });
    expect(lowered.status).toBe(200);
    expect(await db.phoneNumber.count({ where: { accountId: account.id } })).toBe(3);
    const staff = await actorFor(t.accounts.resellerA, "reseller", `staff-${uniqueSuffix()}@example.test`);
    const error = await trpcError(
      callerAs(staff).resources.phoneNumbers.create({ accountId: account.id, number: uniquePhoneNumber(), callFlowId: null }),
    );
    expect(error.message).toBe(`Plan limit reached: at most 1 phone number (plan "${planName}")`);
    const usage = await callerAs(staff).accounts.usage({ accountId: account.id });
    expect(usage.usage.find((entry) => entry.limit === "numbers")).toMatchObject({
      text: "3 of 1 phone number",
      over: true,
      full: true,
    });
    expect((await callApi("GET", "/voip/number", { headers })).json!.result).toHaveLength(3);
  });
});

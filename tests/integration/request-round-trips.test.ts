import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { statementsOf } from "@/tests/support/round-trips";
import { createTenants } from "./fixtures";
import { authHeaders, busyFlow, callApi, createApiUser, referenceExample, type ApiUser } from "./rest-client";

// ─── THE REST WRITE PATH'S ROUND TRIPS ─── A PUT of a flow costs at most 6 round trips to the
// database, counted at the driver (tests/support/round-trips.ts): the credential's query, BEGIN,
// the account with the flow and the resources it points at (locked), the flow's write with its
// index, revision and the audit chain's lock, the audit event, COMMIT. `npx tsx
// bench/request-path.ts` lists them; this keeps the figure from creeping back up.

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let reseller: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  reseller = await createApiUser(t.accounts.resellerA);
});

const asA1 = () => authHeaders(reseller, t.accounts.customerA1.name);

describe("REST call-flow writes", () => {
  it("a PUT with If-Match costs at most 6 round trips, BEGIN, COMMIT and the credential's check included", async () => {
    // The first request of a credential records it as used (once a minute) and its address as known.
    const created = await callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(710) });
    expect(created.status).toBe(201);
    const uuid = (created.json!.result as { uuid: string }).uuid;
    const pete = await db.sipUser.create({ data: { accountId: t.accounts.customerA1.id, name: "Pete", extension: 210 } });
    // The provider's reference example rings Pete: one resource to lock and index.
    const document = { ...referenceExample(pete.id, 710), name: "Rings Pete" };
    let put: Awaited<ReturnType<typeof callApi>> | undefined;
    const statements = await statementsOf(async () => {
      put = await callApi("PUT", `/voip/flow/${uuid}`, {
        headers: { ...asA1(), "If-Match": created.headers.get("etag")! },
        body: document,
      });
    });
    expect(put!.status, put!.text).toBe(200);
    expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(6);
    expect(statements).toContain("BEGIN");
    expect(statements).toContain("COMMIT");
    // Written whole: the flow, its revision, its reference to Pete and its audit event.
    expect(await db.callFlowRevision.count({ where: { callFlowId: uuid, version: 2, name: "Rings Pete" } })).toBe(1);
    expect(await db.callFlowReference.count({ where: { flowId: uuid, resourceId: pete.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { entityId: uuid, action: "callflow.update" } })).toBe(1);
  });

  it("a POST costs at most 6 as well", async () => {
    await callApi("GET", "/voip/flow", { headers: asA1() });
    const statements = await statementsOf(() => callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(711) }));
    expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(6);
    expect(await db.callFlow.count({ where: { accountId: t.accounts.customerA1.id, extension: 711 } })).toBe(1);
  });
});

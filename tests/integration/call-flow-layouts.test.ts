import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerAs, createTenants } from "./fixtures";
import { accountIdsOf, auditEventsDuring, busyFlow, trpcCode, trpcError, type Tenants } from "./procedure-helpers";
import { authHeaders, callApi, createApiUser } from "./rest-client";

let t: Tenants;
let a1: string;
let flowId: string;

const owner = () => callerAs(t.actors.customerA1);
const positions = { start: { x: 10, y: 20 }, busy: { x: 10, y: 140.5 } };

beforeAll(async () => {
  t = await createTenants();
  a1 = t.accounts.customerA1.id;
  flowId = (await owner().callFlows.create({ accountId: a1, document: busyFlow(820, "Laid out") })).id;
});

describe("callFlowLayouts", () => {
  it("has no layout until one is saved, then returns it, audited without the positions themselves", async () => {
    expect(await owner().callFlowLayouts.get({ accountId: a1, id: flowId })).toBeNull();
    const events = await auditEventsDuring(accountIdsOf(t), () =>
      owner().callFlowLayouts.save({ accountId: a1, id: flowId, positions }),
    );
    expect(events.map((event) => [event.action, event.entityId, event.after])).toEqual([
      ["callflow.layout", flowId, { positionedModules: 2 }],
    ]);
    expect(await owner().callFlowLayouts.get({ accountId: a1, id: flowId })).toEqual(positions);
  });

  it("leaves the flow, its version and its revisions alone", async () => {
    await owner().callFlowLayouts.save({ accountId: a1, id: flowId, positions: { start: { x: 0, y: 0 } } });
    const flow = await owner().callFlows.get({ accountId: a1, id: flowId });
    expect(flow.version).toBe(1);
    expect(flow.flow).toEqual(busyFlow(820).flow);
    expect(await db.callFlowRevision.count({ where: { callFlowId: flowId } })).toBe(1);
  });

  it("is never part of the provider JSON the REST API returns", async () => {
    await owner().callFlowLayouts.save({ accountId: a1, id: flowId, positions });
    const api = await createApiUser(t.accounts.resellerA);
    const fetched = await callApi("GET", `/voip/flow/${flowId}`, { headers: authHeaders(api, t.accounts.customerA1.name) });
    expect(fetched.status).toBe(200);
    const result = fetched.json!.result as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual([
      "created_on",
      "extension",
      "flow",
      "name",
      "show_call_route_name",
      "show_original_caller_id",
      "updated_on",
      "uuid",
    ]);
    expect(result.flow).toEqual(busyFlow(820).flow);
    expect(fetched.text).not.toMatch(/"(x|y|positions|layout)"/);
    const listed = await callApi("GET", "/voip/flow", { headers: authHeaders(api, t.accounts.customerA1.name) });
    expect(listed.text).not.toMatch(/"(x|y|positions|layout)"/);
  });

  it("is not found for another tenant, reading or writing", async () => {
    const other = callerAs(t.actors.customerB1);
    expect(await trpcCode(other.callFlowLayouts.get({ accountId: a1, id: flowId }))).toBe("NOT_FOUND");
    expect(await trpcCode(other.callFlowLayouts.save({ accountId: a1, id: flowId, positions }))).toBe("NOT_FOUND");
    const b1 = t.accounts.customerB1.id;
    expect(await trpcCode(other.callFlowLayouts.save({ accountId: b1, id: flowId, positions }))).toBe("NOT_FOUND");
    expect(await owner().callFlowLayouts.get({ accountId: a1, id: flowId })).toEqual(positions);
  });

  it("refuses a position that is not a finite number, naming it", async () => {
    const error = await trpcError(
      owner().callFlowLayouts.save({ accountId: a1, id: flowId, positions: { start: { x: Number.NaN, y: 0 } } }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/position must be a/);
    expect(JSON.stringify(error.cause ?? error.message)).toContain("start");
  });

  it("goes with its flow when the flow is deleted", async () => {
    const doomed = await owner().callFlows.create({ accountId: a1, document: busyFlow(821, "Doomed") });
    await owner().callFlowLayouts.save({ accountId: a1, id: doomed.id, positions });
    await owner().callFlows.delete({ accountId: a1, id: doomed.id });
    expect(await db.callFlowLayout.count({ where: { callFlowId: doomed.id } })).toBe(0);
  });
});

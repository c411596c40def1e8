import type { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createCallFlow } from "@/server/services/call-flows/call-flows";
import { callerAs, contextAs, createTenants } from "./fixtures";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let flowId: string;

beforeAll(async () => {
  t = await createTenants();
  const pete = await db.sipUser.create({ data: { accountId: t.accounts.customerA1.id, name: "Pete", extension: 201 } });
  const greeting = await db.sound.create({ data: { accountId: t.accounts.customerA1.id, name: "Greeting" } });
  flowId = (
    await createCallFlow(contextAs(t.actors.customerA1), {
      accountId: t.accounts.customerA1.id,
      document: {
        name: "Simulated",
        extension: 700,
        flow: {
          s: { module: "start", next: "menu" },
          menu: { module: "pressextension", sound: greeting.id, next: { "1": "pete", timeout: "busy" } },
          pete: { module: "extension", extensions: [{ type: "sipuser", uuid: pete.id }], noanswer: "busy" },
          busy: { module: "busy" },
        },
      },
    })
  ).id;
});

describe("simulator", () => {
  it("follows a stored flow with the account's resource names", async () => {
    const result = await callerAs(t.actors.customerA1).simulator.run({
      accountId: t.accounts.customerA1.id,
      source: { flowId },
      scenario: { callerId: "+441234", choices: [{ press: "1" }, { ring: "answered" }] },
    });
    expect(result.steps[1]!.hears).toEqual(["Greeting"]);
    expect(result.ending).toEqual({ kind: "answered", description: "Answered by Pete (ext 201)." });
  });

  it("simulates an unsaved flow from the editor too, and lists its endings", async () => {
    const report = await callerAs(t.actors.resellerA).simulator.endings({
      accountId: t.accounts.customerA1.id,
      source: { flow: { s: { module: "start", next: "f" }, f: { module: "fax" } } },
    });
    expect(report.endings.map((e) => e.ending.kind)).toEqual(["fax"]);
  });

  it("another tenant's flow is not found", async () => {
    const error = await callerAs(t.actors.customerB1)
      .simulator.run({ accountId: t.accounts.customerB1.id, source: { flowId }, scenario: { callerId: "", choices: [] } })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
    const sibling = await callerAs(t.actors.customerA2)
      .simulator.endings({ accountId: t.accounts.customerA1.id, source: { flowId } })
      .catch((e: unknown) => e);
    expect((sibling as TRPCError).code).toBe("NOT_FOUND");
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { referenceExample } from "@/server/domain/call-flow/reference-example";
import { AppError } from "@/server/errors";
import {
  createCallFlow,
  deleteCallFlow,
  getCallFlow,
  callFlowPages,
  nextCallFlowExtension,
  updateCallFlow,
} from "@/server/services/call-flows/call-flows";
import { resolveActingAccount } from "@/server/services/acting-account";
import { validateForAccount } from "@/server/services/call-flows/validation";
import { actorFor, contextAs, createTenants } from "./fixtures";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let pete: { id: string };
let foreignSipUser: { id: string };

beforeAll(async () => {
  t = await createTenants();
  pete = await db.sipUser.create({ data: { accountId: t.accounts.customerA1.id, name: "Pete", extension: 201 } });
  foreignSipUser = await db.sipUser.create({ data: { accountId: t.accounts.customerB1.id, name: "Bob", extension: 201 } });
});

/** The provider's reference example, its SIP user swapped for one of the account's own. */
function callPete(extension: number, sipUserId = pete.id) {
  return referenceExample(sipUserId, extension);
}

async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

const asA1 = () => contextAs(t.actors.customerA1);

/** Every page of the REST list's cursor, together. */
async function allFlows(...args: Parameters<typeof callFlowPages>) {
  const flows = [];
  for await (const page of await callFlowPages(...args)) flows.push(...page);
  return flows;
}
const a1 = () => t.accounts.customerA1.id;

describe("storing call flows", () => {
  it("stores a valid flow exactly as sent, key order included", async () => {
    const document = callPete(510);
    const created = await createCallFlow(asA1(), { accountId: a1(), document });
    expect(created.flow).toEqual(document.flow);
    const rows = await db.$queryRaw<{ text: string }[]>`SELECT flow::text AS text FROM "CallFlow" WHERE id = ${created.id}::uuid`;
    const storedText = rows[0]!.text;
    expect(storedText).toBe(JSON.stringify(document.flow));
    expect(created).toMatchObject({ name: "Call Pete", extension: 510, showCallRouteName: true, version: 1 });
  });

  it("lets a reseller store a flow for its customer, and lists it there", async () => {
    const created = await createCallFlow(contextAs(t.actors.resellerA), { accountId: a1(), document: callPete(511) });
    expect(created.accountId).toBe(a1());
    expect((await allFlows(asA1(), { accountId: a1() })).map((flow) => flow.id)).toContain(created.id);
  });

  it("refuses an invalid flow with every error at its path and stores nothing", async () => {
    const before = await db.callFlow.count({ where: { accountId: a1() } });
    const document = callPete(512);
    (document.flow["9085aa47-0ff0-4fd0-9c80-6077e1f475c2"].next as Record<string, string>)["1"] = "missing-module";
    document.name = "";
    const error = await appError(createCallFlow(asA1(), { accountId: a1(), document }));
    expect(error.code).toBe("BAD_REQUEST");
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toContain("flow.9085aa47-0ff0-4fd0-9c80-6077e1f475c2.next.1");
    expect(paths).toContain("name");
    expect(await db.callFlow.count({ where: { accountId: a1() } })).toBe(before);
  });

  it("treats another account's SIP user as not found", async () => {
    const error = await appError(createCallFlow(asA1(), { accountId: a1(), document: callPete(513, foreignSipUser.id) }));
    const issue = error.issues.find((i) => i.path === "flow.fdc20592-2757-4a9a-a1d3-3c4e7b6a39d6.extensions.0.uuid");
    expect(issue?.message).toMatch(/not found/i);
    expect(issue?.message).not.toMatch(/another|other account|forbidden/i);
  });

  it("refuses an extension outside the account's call-flow range", async () => {
    const error = await appError(createCallFlow(asA1(), { accountId: a1(), document: callPete(1500) }));
    expect(error.issues.map((issue) => issue.path)).toContain("extension");
  });

  it("refuses an extension a SIP user already has, naming who has it", async () => {
    await db.account.update({ where: { id: a1() }, data: { flowExtensionMin: 200 } });
    try {
      const error = await appError(createCallFlow(asA1(), { accountId: a1(), document: callPete(201) }));
      expect(error.code).toBe("CONFLICT");
      expect(error.issues).toEqual([
        { path: "extension", message: "Extension 201 is already used by another SIP user on this account" },
      ]);
    } finally {
      await db.account.update({ where: { id: a1() }, data: { flowExtensionMin: 500 } });
    }
  });

  it("lets the database decide a race for one extension: exactly one flow gets it", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => createCallFlow(asA1(), { accountId: a1(), document: callPete(520) })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((r) => r.status === "rejected")) {
      expect((result.reason as AppError).code).toBe("CONFLICT");
    }
    expect(await db.callFlow.count({ where: { accountId: a1(), extension: 520 } })).toBe(1);
  });
});

describe("updating call flows", () => {
  it("replaces the whole object: omitted options return to their defaults, the version rises", async () => {
    const created = await createCallFlow(asA1(), { accountId: a1(), document: callPete(530) });
    const { show_call_route_name: _a, show_original_caller_id: _b, ...withoutOptions } = callPete(531);
    const updated = await updateCallFlow(asA1(), { accountId: a1(), id: created.id, document: withoutOptions });
    expect(updated).toMatchObject({ extension: 531, showCallRouteName: false, showOriginalCallerId: false, version: 2 });
    // The old extension is free again.
    await expect(createCallFlow(asA1(), { accountId: a1(), document: callPete(530) })).resolves.toMatchObject({ extension: 530 });
  });

  it("refuses a save based on a stale version and keeps the first writer's flow", async () => {
    const created = await createCallFlow(asA1(), { accountId: a1(), document: callPete(540) });
    const first = await updateCallFlow(asA1(), {
      accountId: a1(),
      id: created.id,
      document: { ...callPete(540), name: "First" },
      expectedVersion: 1,
    });
    const error = await appError(
      updateCallFlow(asA1(), {
        accountId: a1(),
        id: created.id,
        document: { ...callPete(540), name: "Second" },
        expectedVersion: 1,
      }),
    );
    expect(error.code).toBe("STALE_VERSION");
    expect(await getCallFlow(asA1(), { accountId: a1(), id: created.id })).toEqual(first);
  });

  it("leaves the stored flow untouched when the new one is invalid", async () => {
    const created = await createCallFlow(asA1(), { accountId: a1(), document: callPete(545) });
    await appError(updateCallFlow(asA1(), { accountId: a1(), id: created.id, document: { ...callPete(545), flow: {} } }));
    expect(await getCallFlow(asA1(), { accountId: a1(), id: created.id })).toEqual(created);
  });
});

describe("deleting call flows", () => {
  it("refuses while a phone number uses the flow, naming the number", async () => {
    const created = await createCallFlow(asA1(), { accountId: a1(), document: callPete(550) });
    await db.phoneNumber.create({
      data: { accountId: a1(), number: `+4420${Date.now() % 100000000}`.slice(0, 14), callFlowId: created.id },
    });
    const error = await appError(deleteCallFlow(asA1(), { accountId: a1(), id: created.id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/phone number \+4420\d+/);
    expect(await db.callFlow.findUnique({ where: { id: created.id } })).not.toBeNull();
  });

  it("deletes an unused flow and frees its extension", async () => {
    const created = await createCallFlow(asA1(), { accountId: a1(), document: callPete(555) });
    await deleteCallFlow(asA1(), { accountId: a1(), id: created.id });
    expect(await db.callFlow.findUnique({ where: { id: created.id } })).toBeNull();
    expect(await db.extensionClaim.findUnique({ where: { ownerId: created.id } })).toBeNull();
  });
});

describe("tenant isolation", () => {
  it("another account's flow is not found for get, update and delete, and stays unchanged", async () => {
    const created = await createCallFlow(asA1(), { accountId: a1(), document: callPete(560) });
    const asB = contextAs(t.actors.resellerB);
    for (const call of [
      () => getCallFlow(asB, { accountId: t.accounts.customerA1.id, id: created.id }),
      () => getCallFlow(asB, { accountId: t.accounts.customerB1.id, id: created.id }),
      () => updateCallFlow(asB, { accountId: t.accounts.customerB1.id, id: created.id, document: callPete(560) }),
      () => deleteCallFlow(asB, { accountId: t.accounts.customerB1.id, id: created.id }),
      () => getCallFlow(contextAs(t.actors.customerA2), { accountId: t.accounts.customerA2.id, id: created.id }),
    ]) {
      expect((await appError(call())).code).toBe("NOT_FOUND");
    }
    expect(await db.callFlow.findUnique({ where: { id: created.id } })).toEqual(created);
  });

  it("a customer cannot act for its sibling", async () => {
    expect((await appError(callFlowPages(asA1(), { accountId: t.accounts.customerA2.id }))).code).toBe("NOT_FOUND");
  });
});

describe("next free extension", () => {
  it("is the lowest extension in range that no flow, SIP user or hunt group uses", async () => {
    const account = await db.account.create({
      data: {
        id: crypto.randomUUID(),
        name: `nfe-${Date.now()}`,
        kind: "customer",
        path: `/nfe-${Date.now()}/`,
        flowExtensionMin: 700,
        flowExtensionMax: 703,
      },
    });
    await db.account.update({
      where: { id: account.id },
      data: { path: `${t.accounts.resellerA.path}${account.id}/`, parentId: t.accounts.resellerA.id },
    });
    const ctx = contextAs(t.actors.resellerA);
    expect(await nextCallFlowExtension(ctx, { accountId: account.id })).toBe(700);
    await db.sipUser.create({ data: { accountId: account.id, name: "u", extension: 700 } });
    await db.huntGroup.create({ data: { accountId: account.id, name: "g", extension: 701 } });
    await db.callFlow.create({ data: { accountId: account.id, name: "f", extension: 703, flow: {} } });
    expect(await nextCallFlowExtension(ctx, { accountId: account.id })).toBe(702);
    await db.callFlow.create({ data: { accountId: account.id, name: "f2", extension: 702, flow: {} } });
    expect(await nextCallFlowExtension(ctx, { accountId: account.id })).toBeNull();
  });
});

describe("demo data", () => {
  it("acme's reference flow is valid against acme's own resources", async () => {
    const { seedDemoData } = await import("@/prisma/demo-data");
    await seedDemoData(db);
    const acmeRow = await db.account.findUniqueOrThrow({ where: { name: "acme" } });
    const acmeUser = await actorFor(acmeRow, "customer", `acme-${t.suffix}@example.test`);
    const acme = await resolveActingAccount(db, acmeUser, acmeRow.id);
    const flow = await db.callFlow.findFirstOrThrow({ where: { accountId: acme.id, name: "Call Pete" } });
    const document = {
      name: flow.name,
      extension: flow.extension,
      flow: flow.flow,
      show_call_route_name: true,
      show_original_caller_id: true,
    };
    const result = await db.$transaction((tx) => validateForAccount(tx, acme, document));
    expect(result.errors).toEqual([]);
  });
});

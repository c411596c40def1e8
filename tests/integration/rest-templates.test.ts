import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { STARTER_TEMPLATES } from "@/server/domain/templates";
import { startJobs, stopJobs } from "@/server/jobs/queue";
import { templateApplyJob } from "@/server/services/templates/apply-runs";
import { createAccount, createTenants } from "./fixtures";
import { authHeaders, callApi, createApiUser, type ApiUser } from "./rest-client";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let resellerA: ApiUser;
let resellerB: ApiUser;
let customerA1: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  resellerA = await createApiUser(t.accounts.resellerA);
  resellerB = await createApiUser(t.accounts.resellerB);
  customerA1 = await createApiUser(t.accounts.customerA1);
  // Applying is a background job: this process works it, as the server does.
  await startJobs([templateApplyJob]);
});

afterAll(async () => {
  await stopJobs();
});

function template(name = "Reception, then voicemail") {
  return {
    name,
    flow: {
      start: { module: "start", next: "ring" },
      ring: { module: "extension", extensions: [{ type: "sipuser", uuid: "{{Reception}}" }], noanswer: "vm" },
      vm: { module: "voicemail", mailboxes: ["{{Voicemail}}"] },
    },
    placeholders: { Reception: { kind: "sipuser" }, Voicemail: { kind: "mailbox" } },
  };
}

async function postTemplate(body: unknown = template(), user = resellerA) {
  const response = await callApi("POST", "/voip/template", { headers: authHeaders(user), body });
  expect(response.status).toBe(201);
  return response.json!.result as Record<string, unknown> & { uuid: string };
}

/**
 * An apply's results once its run has finished: the answer's own (200), or, when the run outlasted
 * the request's wait on a busy machine (202), the run's, followed to the end.
 */
async function finishedResults(response: Awaited<ReturnType<typeof callApi>>): Promise<unknown[]> {
  if (response.status === 200) return response.json!.result as unknown[];
  expect(response.status).toBe(202);
  for (;;) {
    const run = (await callApi("GET", response.headers.get("location")!, { headers: authHeaders(resellerA) })).json!.result as {
      status: string;
      results: { status: string }[];
    };
    if (run.status === "finished") return run.results.map(({ status: _status, ...result }) => result);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const TEMPLATE_FIELDS = ["created_on", "description", "flow", "name", "placeholders", "starter", "updated_on", "uuid", "version"];

describe("/voip/template", () => {
  it("round-trips a template with {{…}} placeholders: POST, GET, PUT with If-Match, list, DELETE", async () => {
    const created = await callApi("POST", "/voip/template", { headers: authHeaders(resellerA), body: template() });
    expect(created.status).toBe(201);
    const result = created.json!.result as Record<string, unknown> & { uuid: string };
    expect(Object.keys(result)).toEqual(TEMPLATE_FIELDS);
    expect(result).toMatchObject({ ...template(), version: 1, starter: false, description: null });
    expect(created.headers.get("location")).toBe(`/voip/template/${result.uuid}`);
    // The flow comes back exactly as sent, placeholders and key order included.
    expect(created.text).toContain(JSON.stringify(template().flow));

    const fetched = await callApi("GET", `/voip/template/${result.uuid}`, { headers: authHeaders(resellerA) });
    expect(fetched.json!.result).toEqual(result);
    const etag = fetched.headers.get("etag")!;

    const changed = { ...result, name: "Renamed" };
    const put = await callApi("PUT", `/voip/template/${result.uuid}`, {
      headers: { ...authHeaders(resellerA), "If-Match": etag },
      body: changed,
    });
    expect(put.status).toBe(200);
    expect(put.json!.result).toMatchObject({ name: "Renamed", version: 2, flow: template().flow });
    const stale = await callApi("PUT", `/voip/template/${result.uuid}`, {
      headers: { ...authHeaders(resellerA), "If-Match": etag },
      body: changed,
    });
    expect(stale.status).toBe(412);

    const list = await callApi("GET", "/voip/template", { headers: authHeaders(resellerA) });
    const listed = list.json!.result as { uuid: string; starter: boolean }[];
    expect(listed.slice(0, 3).map((item) => item.uuid)).toEqual(STARTER_TEMPLATES.map((starter) => starter.id));
    expect(listed.map((item) => item.uuid)).toContain(result.uuid);

    const removed = await callApi("DELETE", `/voip/template/${result.uuid}`, { headers: authHeaders(resellerA) });
    expect(removed.status).toBe(204);
    expect((await callApi("GET", `/voip/template/${result.uuid}`, { headers: authHeaders(resellerA) })).status).toBe(404);
  });

  it("refuses an invalid template with 400 naming each field", async () => {
    const body = { ...template(), placeholders: { Reception: { kind: "phone" } } };
    const response = await callApi("POST", "/voip/template", { headers: authHeaders(resellerA), body });
    expect(response.status).toBe(400);
    expect(response.json!.errors!.map((error) => error.path)).toEqual(
      expect.arrayContaining(["placeholders.Reception.kind", "flow.vm.mailboxes.0"]),
    );
  });

  it("keeps starter templates unchangeable (409), and customers' API users out (403)", async () => {
    const starter = STARTER_TEMPLATES[0]!;
    const put = await callApi("PUT", `/voip/template/${starter.id}`, { headers: authHeaders(resellerA), body: template() });
    expect(put.status).toBe(409);
    expect((await callApi("GET", "/voip/template", { headers: authHeaders(customerA1) })).status).toBe(403);
  });

  it("hides one reseller's template from another: 404 on every command, absent from the list", async () => {
    const mine = await postTemplate(template("Only for A"));
    for (const [method, path] of [
      ["GET", `/voip/template/${mine.uuid}`],
      ["PUT", `/voip/template/${mine.uuid}`],
      ["DELETE", `/voip/template/${mine.uuid}`],
      ["POST", `/voip/template/${mine.uuid}/apply`],
    ] as const) {
      const body = method === "PUT" ? template() : method === "POST" ? { customers: [t.accounts.customerB1.name] } : undefined;
      const response = await callApi(method, path, { headers: authHeaders(resellerB), body });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const list = await callApi("GET", "/voip/template", { headers: authHeaders(resellerB) });
    expect((list.json!.result as { uuid: string }[]).map((item) => item.uuid)).not.toContain(mine.uuid);
    expect(await db.flowTemplate.count({ where: { id: mine.uuid } })).toBe(1);
  });
});

describe("POST /voip/template/{uuid}/apply", () => {
  it("binds by name or by the given uuids, answers one result per customer, and refuses another tenant's resource", async () => {
    const a1 = t.accounts.customerA1;
    const a2 = t.accounts.customerA2;
    const a1Reception = await db.sipUser.create({ data: { accountId: a1.id, name: "Reception", extension: 201 } });
    await db.mailbox.create({ data: { accountId: a1.id, name: "voicemail", boxNumber: 1 } });
    const a2Front = await db.sipUser.create({ data: { accountId: a2.id, name: "Front desk", extension: 201 } });
    await db.mailbox.create({ data: { accountId: a2.id, name: "Voicemail", boxNumber: 1 } });
    const foreign = await db.sipUser.create({ data: { accountId: t.accounts.customerB1.id, name: "Reception", extension: 201 } });
    const { uuid } = await postTemplate(template("Applied"));

    const response = await callApi("POST", `/voip/template/${uuid}/apply`, {
      headers: authHeaders(resellerA),
      body: {
        customers: [a1.name, a2.name, t.accounts.customerB1.name],
        bindings: { [a2.name]: { Reception: a2Front.id } },
        extensions: { [a2.name]: 640 },
        publish: true,
      },
    });
    expect(response.status).toBe(200);
    const results = response.json!.result as { customer: string; ok: boolean; flow?: string; errors?: unknown[] }[];
    expect(results).toEqual([
      { customer: a1.name, ok: true, flow: expect.any(String) },
      { customer: a2.name, ok: true, flow: expect.any(String) },
      {
        customer: t.accounts.customerB1.name,
        ok: false,
        errors: [{ path: "customers", message: expect.stringContaining("not found") }],
      },
    ]);
    const created = await db.callFlow.findMany({
      where: { id: { in: [results[0]!.flow!, results[1]!.flow!] } },
      orderBy: { extension: "asc" },
    });
    expect(created.map((flow) => [flow.accountId, flow.extension, flow.name])).toEqual([
      [a1.id, 500, "Applied"],
      [a2.id, 640, "Applied"],
    ]);
    expect(JSON.stringify(created[0]!.flow)).toContain(a1Reception.id);
    const live = await callApi("GET", `/voip/flow/${results[0]!.flow}`, { headers: authHeaders(resellerA, a1.name) });
    expect(live.status).toBe(200);

    const refused = await callApi("POST", `/voip/template/${uuid}/apply`, {
      headers: authHeaders(resellerA),
      body: { customers: [a1.name], bindings: { [a1.name]: { Reception: foreign.id } } },
    });
    expect(refused.json!.result).toEqual([
      {
        customer: a1.name,
        ok: false,
        errors: [{ path: "bindings.Reception", message: 'The SIP user chosen for "Reception" was not found on this account' }],
      },
    ]);
  });

  it("creates draft-only flows with publish false: callers and the REST API see nothing until published", async () => {
    const a1 = t.accounts.customerA1;
    const { uuid } = await postTemplate(template("Drafted"));
    const response = await callApi("POST", `/voip/template/${uuid}/apply`, {
      headers: authHeaders(resellerA),
      body: { customers: [a1.name], publish: false },
    });
    const [result] = response.json!.result as { ok: boolean; flow: string }[];
    expect(result!.ok).toBe(true);
    expect(await db.callFlow.findUniqueOrThrow({ where: { id: result!.flow } })).toMatchObject({ published: false });
    expect((await callApi("GET", `/voip/flow/${result!.flow}`, { headers: authHeaders(resellerA, a1.name) })).status).toBe(404);
  });

  it("answers 400 naming the field for a malformed request, and writes nothing", async () => {
    const { uuid } = await postTemplate(template("Malformed"));
    const before = await db.callFlow.count();
    const response = await callApi("POST", `/voip/template/${uuid}/apply`, {
      headers: authHeaders(resellerA),
      body: { customers: [], bindings: { nobody: { Reception: 7 } }, publish: "yes", colour: 1 },
    });
    expect(response.status).toBe(400);
    expect(response.json!.errors!.map((error) => error.path).sort()).toEqual(
      ["bindings.nobody", "bindings.nobody", "colour", "customers", "publish"].sort(),
    );
    expect(response.json!.errors).toContainEqual({ path: "colour", message: '"colour" is not a field of an apply request' });
    expect(response.json!.errors).toContainEqual({ path: "bindings.nobody", message: '"nobody" is not one of "customers"' });
    expect(await db.callFlow.count()).toBe(before);
  });

  it("answers 202 with the run when asked not to wait, and GET follows the run to its results", async () => {
    const a1 = await createAccount(`followed-${t.suffix}`, "customer", t.accounts.resellerA);
    await db.sipUser.create({ data: { accountId: a1.id, name: "Reception", extension: 201 } });
    await db.mailbox.create({ data: { accountId: a1.id, name: "Voicemail", boxNumber: 1 } });
    const { uuid } = await postTemplate(template("Followed"));
    const accepted = await callApi("POST", `/voip/template/${uuid}/apply`, {
      headers: { ...authHeaders(resellerA), Prefer: "respond-async" },
      body: { customers: [a1.name], extensions: { [a1.name]: 690 }, publish: false },
    });
    expect(accepted.status).toBe(202);
    const run = accepted.json!.result as { uuid: string; status: string; publish: boolean; results: unknown[] };
    expect(accepted.headers.get("location")).toBe(`/voip/template/${uuid}/apply/${run.uuid}`);
    expect(run).toMatchObject({ template: uuid, version: 1, name: "Followed", publish: false });
    expect(["queued", "running", "finished"]).toContain(run.status);

    const location = accepted.headers.get("location")!;
    let followed = run;
    for (let tries = 0; followed.status !== "finished" && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const got = await callApi("GET", location, { headers: authHeaders(resellerA) });
      expect(got.status).toBe(200);
      followed = got.json!.result as typeof run;
    }
    expect(followed.status).toBe("finished");
    expect(followed.results).toEqual([{ customer: a1.name, status: "done", ok: true, flow: expect.any(String) }]);

    // Another reseller, another template's URL and a customer's API user reach nothing of it.
    expect((await callApi("GET", location, { headers: authHeaders(resellerB) })).status).toBe(404);
    const otherTemplate = STARTER_TEMPLATES[0]!.id;
    const elsewhere = `/voip/template/${otherTemplate}/apply/${run.uuid}`;
    expect((await callApi("GET", elsewhere, { headers: authHeaders(resellerA) })).status).toBe(404);
    expect((await callApi("GET", location, { headers: authHeaders(customerA1) })).status).toBe(403);
  });
});

describe("applying to 50 customers with a mix of successes and failures", () => {
  const FAILING_TRIGGER = `fail_template_apply_${Math.random().toString(36).slice(2, 10)}`;
  let customers: { id: string; name: string; path: string }[] = [];

  /** Customer i: 0 and 4 mod 5 are set up to succeed; 1 lacks a "Voicemail" mailbox; 2 asks for an extension a SIP user
   * holds; 3 fails inside its transaction after its flow, revision and claim were written (a trigger refuses its
   * template.apply audit event). */
  const outcome = (index: number) => (["ok", "no-mailbox", "extension-taken", "fails-late", "ok"] as const)[index % 5]!;

  beforeAll(async () => {
    const reseller = t.accounts.resellerA;
    customers = [];
    for (let index = 0; index < 50; index++) {
      const customer = await createAccount(`bulk-${t.suffix}-${String(index).padStart(2, "0")}`, "customer", reseller);
      customers.push(customer);
      await db.sipUser.create({ data: { accountId: customer.id, name: "Reception", extension: 201 } });
      await db.sipUser.create({ data: { accountId: customer.id, name: "Holder", extension: 777 } });
      if (outcome(index) !== "no-mailbox")
        await db.mailbox.create({ data: { accountId: customer.id, name: "Voicemail", boxNumber: 1 } });
    }
    const lateFailures = customers.filter((_, index) => outcome(index) === "fails-late").map((customer) => `'${customer.id}'`);
    await db.$executeRawUnsafe(`CREATE FUNCTION ${FAILING_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action = 'template.apply' AND NEW."accountId" IN (${lateFailures.join(", ")}) THEN
          RAISE EXCEPTION 'refused by the test';
        END IF;
        RETURN NEW;
      END $$`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER ${FAILING_TRIGGER} BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION ${FAILING_TRIGGER}()`,
    );
  });

  afterAll(async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${FAILING_TRIGGER} ON "AuditEvent"`);
    await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${FAILING_TRIGGER}()`);
  });

  it("creates every flow that can be, and leaves nothing at all of a customer that failed", async () => {
    const { uuid } = await postTemplate(template("Bulk"));
    const extensions = Object.fromEntries(
      customers.flatMap((customer, index) => (outcome(index) === "extension-taken" ? [[customer.name, 777]] : [])),
    );
    const response = await callApi("POST", `/voip/template/${uuid}/apply`, {
      headers: authHeaders(resellerA),
      body: { customers: customers.map((customer) => customer.name), extensions, publish: true },
    });
    const results = (await finishedResults(response)) as {
      customer: string;
      ok: boolean;
      flow?: string;
      errors?: { path: string; message: string }[];
    }[];
    expect(results.map((result) => result.customer)).toEqual(customers.map((customer) => customer.name));

    for (const [index, customer] of customers.entries()) {
      const result = results[index]!;
      const expected = outcome(index);
      const [flows, revisions, flowClaims, events] = await Promise.all([
        db.callFlow.count({ where: { accountId: customer.id } }),
        db.callFlowRevision.count({ where: { accountId: customer.id } }),
        db.extensionClaim.count({ where: { accountId: customer.id, ownerKind: "callflow" } }),
        db.auditEvent.findMany({ where: { accountId: customer.id }, orderBy: { id: "asc" }, select: { action: true } }),
      ]);
      const seen = { ok: result.ok, flows, revisions, flowClaims, events: events.map((event) => event.action) };
      if (expected === "ok") {
        expect(seen, customer.name).toEqual({
          ok: true,
          flows: 1,
          revisions: 1,
          flowClaims: 1,
          events: ["callflow.create", "template.apply"],
        });
      } else {
        expect(seen, customer.name).toEqual({ ok: false, flows: 0, revisions: 0, flowClaims: 0, events: [] });
      }
      if (expected === "no-mailbox")
        expect(result.errors).toEqual([{ path: "bindings.Voicemail", message: expect.stringContaining("choose one") }]);
      if (expected === "extension-taken")
        expect(result.errors).toEqual([
          { path: "extension", message: "Extension 777 is already used by another SIP user on this account" },
        ]);
      if (expected === "fails-late")
        expect(result.errors).toEqual([{ path: "", message: expect.stringContaining("nothing was created") }]);
    }
    expect(results.filter((result) => result.ok)).toHaveLength(20);
  });
});

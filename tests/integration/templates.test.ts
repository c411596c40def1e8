import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "@/server/auth/actor";
import { db } from "@/server/db";
import { STARTER_TEMPLATES } from "@/server/domain/templates";
import { startJobs, stopJobs } from "@/server/jobs/queue";
import { runTemplateApply, templateApplyJob } from "@/server/services/templates/apply-runs";
import { callerAs, createAccount, createTenants, createUserIn } from "./fixtures";
import {
  accountIdsOf,
  actorOfRole,
  auditEventsDuring,
  issuesOf,
  type Role,
  ROLES,
  type Tenants,
  trpcCode,
  trpcError,
} from "./procedure-helpers";

let t: Tenants;
let a1: string;
let a2: string;

/** Each customer's resources named as the templates' placeholders. */
async function addOfficeResources(accountId: string, extensionBase: number) {
  return {
    reception: await db.sipUser.create({ data: { accountId, name: "Reception", extension: extensionBase + 1 } }),
    sales: await db.huntGroup.create({ data: { accountId, name: "Sales", extension: extensionBase + 2 } }),
    ringGroup: await db.huntGroup.create({ data: { accountId, name: "Ring group", extension: extensionBase + 3 } }),
    welcome: await db.sound.create({ data: { accountId, name: "Welcome message" } }),
    prompt: await db.sound.create({ data: { accountId, name: "menu PROMPT" } }),
    afterHours: await db.sound.create({ data: { accountId, name: "After-hours message" } }),
    voicemail: await db.mailbox.create({ data: { accountId, name: "Voicemail", boxNumber: 1 } }),
  };
}

let a1Resources: Awaited<ReturnType<typeof addOfficeResources>>;
let a2Resources: Awaited<ReturnType<typeof addOfficeResources>>;

beforeAll(async () => {
  t = await createTenants();
  a1 = t.accounts.customerA1.id;
  a2 = t.accounts.customerA2.id;
  a1Resources = await addOfficeResources(a1, 200);
  a2Resources = await addOfficeResources(a2, 300);
});

afterAll(async () => {
  // Starting a run queues its job: that opened this process's job queue client.
  await stopJobs();
});

const resellerA = () => callerAs(t.actors.resellerA);
const resellerB = () => callerAs(t.actors.resellerB);

type Caller = ReturnType<typeof callerAs>;
type ApplyInput = Parameters<Caller["templates"]["startApply"]>[0];

/** Starts a run, works it here as its job does, and answers each customer's outcome in order. */
async function applyAndRun(caller: Caller, input: ApplyInput) {
  const started = await caller.templates.startApply(input);
  await runTemplateApply(started.id);
  return (await caller.templates.applyRun({ id: started.id })).customers;
}

function receptionTemplate(name = "Reception, then voicemail") {
  return {
    name,
    flow: {
      start: { module: "start", next: "ring" },
      ring: { module: "extension", extensions: [{ type: "sipuser", uuid: "{{Reception}}" }], noanswer: "vm" },
      vm: { module: "voicemail", mailboxes: ["{{Voicemail}}"] },
    },
    placeholders: { Reception: { kind: "sipuser" as const }, Voicemail: { kind: "mailbox" as const } },
  };
}

describe("the library", () => {
  it("creates, edits (versioned), restores and deletes a template, auditing each change on the reseller", async () => {
    let id = "";
    const events = await auditEventsDuring(accountIdsOf(t), async () => {
      const created = await resellerA().templates.create({ document: receptionTemplate() });
      id = created.id;
      expect(created).toMatchObject({ version: 1, starter: false, placeholders: receptionTemplate().placeholders });
      const renamed = await resellerA().templates.update({ id, expectedVersion: 1, document: receptionTemplate("Renamed") });
      expect(renamed.version).toBe(2);
      const stale = await trpcError(
        resellerA().templates.update({ id, expectedVersion: 1, document: receptionTemplate("Lost") }),
      );
      expect(stale.code).toBe("CONFLICT");
      const history = await resellerA().templates.history({ id });
      expect(history.map((revision) => [revision.version, revision.name])).toEqual([
        [2, "Renamed"],
        [1, "Reception, then voicemail"],
      ]);
      expect((await resellerA().templates.version({ id, version: 1 })).flow).toEqual(receptionTemplate().flow);
      const restored = await resellerA().templates.restore({ id, version: 1, expectedVersion: 2 });
      expect(restored).toMatchObject({ version: 3, name: "Reception, then voicemail" });
      await resellerA().templates.delete({ id, expectedVersion: 3 });
    });
    expect(events.map((event) => [event.action, event.entityType, event.entityId, event.accountId])).toEqual([
      ["template.create", "template", id, t.accounts.resellerA.id],
      ["template.update", "template", id, t.accounts.resellerA.id],
      ["template.update", "template", id, t.accounts.resellerA.id],
      ["template.delete", "template", id, t.accounts.resellerA.id],
    ]);
    expect(await trpcCode(resellerA().templates.get({ id }))).toBe("NOT_FOUND");
  });

  it("refuses an invalid template with every problem at its field, and writes nothing", async () => {
    const before = await db.flowTemplate.count({ where: { ownerAccountId: t.accounts.resellerA.id } });
    const template = receptionTemplate();
    const error = await trpcError(
      resellerA().templates.create({
        document: {
          ...template,
          name: "",
          placeholders: { Reception: { kind: "sound" }, Voicemail: { kind: "mailbox" } },
        } as never,
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(issuesOf(error).map((issue) => issue.path)).toEqual(["name", "flow.ring.extensions.0.uuid"]);
    expect(await db.flowTemplate.count({ where: { ownerAccountId: t.accounts.resellerA.id } })).toBe(before);
  });

  it("searches the library by name, in pages", async () => {
    for (const name of ["Search me 1", "Search me 2", "search ME 3"])
      await resellerA().templates.create({ document: receptionTemplate(name) });
    const first = await resellerA().templates.list({ search: "search me", limit: 2 });
    const second = await resellerA().templates.list({ search: "search me", limit: 2, cursor: first.nextCursor ?? undefined });
    expect([...first.items, ...second.items].map((template) => template.name)).toEqual([
      "Search me 1",
      "Search me 2",
      "search ME 3",
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it("shows the three starter templates to every reseller and admin, unchangeable, copyable into the library", async () => {
    for (const actor of [t.actors.resellerA, t.actors.resellerB, t.actors.admin]) {
      expect((await callerAs(actor).templates.starters()).map((starter) => starter.name)).toEqual(
        STARTER_TEMPLATES.map((starter) => starter.name),
      );
    }
    const starter = STARTER_TEMPLATES[1]!;
    const refusal = await trpcError(
      resellerA().templates.update({ id: starter.id, expectedVersion: 1, document: receptionTemplate() }),
    );
    expect(refusal.code).toBe("CONFLICT");
    expect(await trpcCode(resellerA().templates.delete({ id: starter.id }))).toBe("CONFLICT");
    const copy = await resellerA().templates.copyStarter({ id: starter.id, name: "Our ring group" });
    expect(copy).toMatchObject({
      name: "Our ring group",
      starter: false,
      flow: starter.flow,
      placeholders: starter.placeholders,
    });
  });

  it("is for staff: customers are refused before anything is looked up", async () => {
    const customer = callerAs(t.actors.customerA1);
    expect(await trpcCode(customer.templates.list({}))).toBe("FORBIDDEN");
    expect(await trpcCode(customer.templates.create({ document: receptionTemplate() }))).toBe("FORBIDDEN");
    expect(await trpcCode(customer.templates.starters())).toBe("FORBIDDEN");
    expect(await trpcCode(customer.templates.customers({}))).toBe("FORBIDDEN");
  });
});

describe("tenant isolation", () => {
  let templateId: string;

  beforeAll(async () => {
    templateId = (await resellerA().templates.create({ document: receptionTemplate("Isolated") })).id;
  });

  it("hides one reseller's template from another everywhere: NOT_FOUND, never listed", async () => {
    const other = resellerB();
    expect((await other.templates.list({ search: "Isolated" })).items).toEqual([]);
    expect(await trpcCode(other.templates.get({ id: templateId }))).toBe("NOT_FOUND");
    expect(await trpcCode(other.templates.history({ id: templateId }))).toBe("NOT_FOUND");
    expect(await trpcCode(other.templates.update({ id: templateId, expectedVersion: 1, document: receptionTemplate() }))).toBe(
      "NOT_FOUND",
    );
    expect(await trpcCode(other.templates.delete({ id: templateId }))).toBe("NOT_FOUND");
    const source = { kind: "template" as const, id: templateId };
    expect(await trpcCode(other.templates.preview({ source, targets: [{ accountId: t.accounts.customerB1.id }] }))).toBe(
      "NOT_FOUND",
    );
    expect(
      await trpcCode(other.templates.startApply({ source, targets: [{ accountId: t.accounts.customerB1.id }], publish: true })),
    ).toBe("NOT_FOUND");
    // Admins have the platform's library, not the resellers'.
    expect(await trpcCode(callerAs(t.actors.admin).templates.get({ id: templateId }))).toBe("NOT_FOUND");
  });

  it("finds no customer outside the reseller's tree, and creates nothing there", async () => {
    const [result] = await applyAndRun(resellerA(), {
      source: { kind: "template", id: templateId },
      targets: [{ accountId: t.accounts.customerB1.id }],
      publish: true,
    });
    expect(result).toMatchObject({
      status: "failed",
      customerId: null,
      errors: [{ path: "customers", message: expect.stringContaining("not found") }],
    });
    expect(await db.callFlow.count({ where: { accountId: t.accounts.customerB1.id } })).toBe(0);
  });

  it("refuses a binding to another tenant's resource as not found, and creates nothing", async () => {
    const foreign = await db.sipUser.create({ data: { accountId: t.accounts.customerB1.id, name: "Reception", extension: 201 } });
    const before = await db.callFlow.count({ where: { accountId: a1 } });
    const targets = [{ accountId: a1, bindings: { Reception: foreign.id } }];
    const [preview] = await resellerA().templates.preview({ source: { kind: "template", id: templateId }, targets });
    expect(preview!.errors).toEqual([
      { path: "bindings.Reception", message: 'The SIP user chosen for "Reception" was not found on this account' },
    ]);
    const [result] = await applyAndRun(resellerA(), { source: { kind: "template", id: templateId }, targets, publish: true });
    expect(result).toMatchObject({ status: "failed", errors: [{ path: "bindings.Reception" }] });
    expect(await db.callFlow.count({ where: { accountId: a1 } })).toBe(before);
  });
});

describe("who reaches reseller A's template", () => {
  // Libraries are per account: only A's staff reach A's templates; admins have the platform's
  // library; customers are refused by role before anything is looked up.
  const EXPECTED: Record<Role, string> = {
    admin: "NOT_FOUND",
    ownerReseller: "OK",
    otherReseller: "NOT_FOUND",
    owner: "FORBIDDEN",
    sibling: "FORBIDDEN",
    signedOut: "UNAUTHORIZED",
  };
  const fresh = async () => (await resellerA().templates.create({ document: receptionTemplate("Matrix") })).id;
  const cases: [string, (caller: ReturnType<typeof callerAs>, id: string) => Promise<unknown>][] = [
    ["get", (caller, id) => caller.templates.get({ id })],
    ["history", (caller, id) => caller.templates.history({ id })],
    ["update", (caller, id) => caller.templates.update({ id, expectedVersion: 1, document: receptionTemplate("Changed") })],
    ["delete", (caller, id) => caller.templates.delete({ id })],
    ["preview", (caller, id) => caller.templates.preview({ source: { kind: "template", id }, targets: [{ accountId: a1 }] })],
  ];

  it.each(cases)("%s", async (_, call) => {
    for (const role of ROLES) {
      const id = await fresh();
      const events = await auditEventsDuring(accountIdsOf(t), async () => {
        expect(await trpcCode(call(callerAs(actorOfRole(t, role)), id)), role).toBe(EXPECTED[role]);
      });
      // Nothing but the owner's own change is ever written.
      if (EXPECTED[role] !== "OK") expect(events, role).toEqual([]);
    }
  });
});

describe("binding placeholders", () => {
  let templateId: string;

  beforeAll(async () => {
    templateId = (await resellerA().templates.create({ document: receptionTemplate("Binding") })).id;
  });

  it("binds by name automatically when exactly one resource fits, and previews without writing", async () => {
    const flowsBefore = await db.callFlow.count({ where: { accountId: { in: [a1, a2] } } });
    const previews = await resellerA().templates.preview({
      source: { kind: "template", id: templateId },
      targets: [{ accountId: a1 }, { accountId: a2, extension: 650 }],
    });
    expect(previews.map((preview) => [preview.customer, preview.ok, preview.errors])).toEqual([
      [t.accounts.customerA1.name, true, []],
      [t.accounts.customerA2.name, true, []],
    ]);
    expect(previews[0]!.bindings.map((binding) => [binding.placeholder, binding.resource?.id, binding.source])).toEqual([
      ["Reception", a1Resources.reception.id, "name"],
      ["Voicemail", a1Resources.voicemail.id, "name"],
    ]);
    expect(previews[0]!.extension).toBe(500);
    expect(previews[1]!.extension).toBe(650);
    expect(await db.callFlow.count({ where: { accountId: { in: [a1, a2] } } })).toBe(flowsBefore);
  });

  it("asks for a choice when several resources share the name, and takes the one chosen by hand", async () => {
    const twin = await db.sipUser.create({ data: { accountId: a2, name: "reception", extension: 399 } });
    const source = { kind: "template" as const, id: templateId };
    const [ambiguous] = await resellerA().templates.preview({ source, targets: [{ accountId: a2 }] });
    expect(ambiguous!.ok).toBe(false);
    expect(ambiguous!.errors).toEqual([
      { path: "bindings.Reception", message: '2 SIP users are named "Reception" on this account: choose one of them' },
    ]);
    expect(ambiguous!.bindings[0]!.namesakes.map((resource) => resource.id).sort()).toEqual(
      [a2Resources.reception.id, twin.id].sort(),
    );

    const [result] = await applyAndRun(resellerA(), {
      source,
      targets: [{ accountId: a2, bindings: { Reception: twin.id } }],
      publish: true,
    });
    expect(result!.status).toBe("done");
    const flow = await db.callFlow.findUniqueOrThrow({ where: { id: result!.flow!.id } });
    expect(flow.flow).toEqual({
      start: { module: "start", next: "ring" },
      ring: { module: "extension", extensions: [{ type: "sipuser", uuid: twin.id }], noanswer: "vm" },
      vm: { module: "voicemail", mailboxes: [a2Resources.voicemail.id] },
    });
    await db.sipUser.delete({ where: { id: twin.id } }).catch(() => undefined);
  });

  it("applies to several customers, each flow on its next free extension, with a template.apply event each", async () => {
    const source = { kind: "template" as const, id: templateId };
    const events = await auditEventsDuring([a1, a2], async () => {
      const results = await applyAndRun(resellerA(), {
        source,
        targets: [{ accountId: a1 }, { accountId: a2 }],
        publish: true,
        flowName: "Main line",
      });
      expect(results.map((result) => [result.customer, result.status, result.flow?.name])).toEqual([
        [t.accounts.customerA1.name, "done", "Main line"],
        [t.accounts.customerA2.name, "done", "Main line"],
      ]);
    });
    expect(events.map((event) => [event.accountId, event.action])).toEqual([
      [a1, "callflow.create"],
      [a1, "template.apply"],
      [a2, "callflow.create"],
      [a2, "template.apply"],
    ]);
    expect(events[1]).toMatchObject({ entityType: "template", entityId: templateId });
    expect(events[1]!.after).toMatchObject({
      customers: [t.accounts.customerA1.name],
      results: [{ customer: t.accounts.customerA1.name, ok: true }],
    });
  });
});

describe("starter templates", () => {
  it.each(STARTER_TEMPLATES.map((starter) => [starter.name, starter.id] as const))(
    "%s applies cleanly to a customer whose resources carry its placeholders' names",
    async (_, id) => {
      const [preview] = await resellerA().templates.preview({ source: { kind: "template", id }, targets: [{ accountId: a1 }] });
      expect(preview).toMatchObject({ ok: true, errors: [], warnings: [] });
      const [result] = await applyAndRun(resellerA(), {
        source: { kind: "template", id },
        targets: [{ accountId: a1 }],
        publish: true,
      });
      expect(result).toMatchObject({ status: "done" });
      const flow = await db.callFlow.findUniqueOrThrow({ where: { id: result!.flow!.id } });
      expect(JSON.stringify(flow.flow)).not.toContain("{{");
    },
  );
});

describe("from a flow", () => {
  it("proposes a placeholder per resource, named after it, and copies the flow to another customer by name", async () => {
    const source = await callerAs(t.actors.customerA1).callFlows.create({
      accountId: a1,
      document: {
        name: "Welcome and reception",
        extension: 720,
        flow: {
          start: { module: "start", next: "hello" },
          hello: { module: "play", sound: a1Resources.welcome.id, next: "ring" },
          ring: { module: "extension", extensions: [{ type: "sipuser", uuid: a1Resources.reception.id }], noanswer: "vm" },
          vm: { module: "voicemail", mailboxes: [a1Resources.voicemail.id] },
        },
      },
    });
    const proposal = await resellerA().templates.proposeFromFlow({ accountId: a1, flowId: source.id });
    expect(proposal.name).toBe("Welcome and reception");
    expect(proposal.placeholders).toEqual({
      "Welcome message": { kind: "sound" },
      Reception: { kind: "sipuser" },
      Voicemail: { kind: "mailbox" },
    });
    expect(proposal.flow).toMatchObject({ hello: { sound: "{{Welcome message}}" }, vm: { mailboxes: ["{{Voicemail}}"] } });

    const [copied] = await applyAndRun(resellerA(), {
      source: { kind: "flow", accountId: a1, flowId: source.id },
      targets: [{ accountId: a2 }],
      publish: true,
    });
    expect(copied).toMatchObject({ status: "done", flow: { name: "Welcome and reception" } });
    const flow = await db.callFlow.findUniqueOrThrow({ where: { id: copied!.flow!.id } });
    expect(flow.accountId).toBe(a2);
    expect(flow.flow).toMatchObject({
      hello: { sound: a2Resources.welcome.id },
      ring: { extensions: [{ uuid: a2Resources.reception.id }] },
    });
    // A customer copies nothing: it has no other customer.
    expect(await trpcCode(callerAs(t.actors.customerA1).templates.proposeFromFlow({ accountId: a1, flowId: source.id }))).toBe(
      "FORBIDDEN",
    );
  });
});

describe("apply runs: one background job per apply", () => {
  let templateId: string;
  const source = () => ({ kind: "template" as const, id: templateId });

  beforeAll(async () => {
    templateId = (await resellerA().templates.create({ document: receptionTemplate("Run") })).id;
  });

  /** A customer of reseller A with the resources the templates bind by name. */
  async function officeCustomer(name: string, extensionBase: number) {
    const customer = await createAccount(`${name}-${t.suffix}`, "customer", t.accounts.resellerA);
    await addOfficeResources(customer.id, extensionBase);
    return customer;
  }

  /** The template.apply events of a run: another process's worker may work the run too, so they are found by run. */
  async function applyEventsOf(runId: string, accountIds: string[]) {
    const events = await db.auditEvent.findMany({
      where: { accountId: { in: accountIds }, action: "template.apply" },
      orderBy: { id: "asc" },
    });
    return events.filter((event) => (event.after as { run?: string } | null)?.run === runId);
  }

  it("writes the run and one queued job; the job applies every customer as whoever started it, publish given once", async () => {
    const started = await resellerA().templates.startApply({
      source: source(),
      targets: [{ accountId: a1 }, { accountId: a2 }, { accountId: t.accounts.customerB1.id }],
      flowName: "Drafted by a run",
      publish: false,
    });
    expect(started).toMatchObject({ templateId, templateVersion: 1, flowName: "Drafted by a run", publish: false });
    expect(started.counts.total).toBe(3);
    // Not below reseller A: failed at once, and never given to the job.
    expect(started.customers[2]).toMatchObject({ customerId: null, status: "failed", errors: [{ path: "customers" }] });
    const jobs = await db.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM pgboss.job WHERE name = ${templateApplyJob.queue} AND data->>'runId' = ${started.id}`;
    expect(jobs).toHaveLength(1);
    expect((await db.templateApplyRun.findUniqueOrThrow({ where: { id: started.id } })).jobId).toBe(jobs[0]!.id);

    await runTemplateApply(started.id);
    const run = await resellerA().templates.applyRun({ id: started.id });
    expect(run).toMatchObject({ status: "finished", counts: { total: 3, done: 2, failed: 1, pending: 0 } });
    expect(run.startedAt).toBeInstanceOf(Date);
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(run.customers.map((customer) => [customer.customer, customer.status, customer.flow?.name ?? null])).toEqual([
      [t.accounts.customerA1.name, "done", "Drafted by a run"],
      [t.accounts.customerA2.name, "done", "Drafted by a run"],
      // Named as asked: nothing of another tenant's customer is read.
      [t.accounts.customerB1.id, "failed", null],
    ]);
    const flows = await db.callFlow.findMany({
      where: { id: { in: run.customers.flatMap(({ flow }) => (flow ? [flow.id] : [])) } },
    });
    expect(flows.map((flow) => flow.published)).toEqual([false, false]);

    const events = await applyEventsOf(started.id, [a1, a2]);
    expect(events.map((event) => event.accountId)).toEqual([a1, a2]);
    for (const event of events) {
      expect(event).toMatchObject({
        actorUserId: t.actors.resellerA.userId,
        actorAccountId: t.accounts.resellerA.id,
        channel: "portal",
        ip: "203.0.113.7",
        userAgent: "integration-test",
        entityId: templateId,
      });
      expect(event.after).toMatchObject({ run: started.id, publish: false, template: { id: templateId, version: 1 } });
    }
  });

  it("records a customer that fails with its reason, and creates the others", async () => {
    const started = await resellerA().templates.startApply({
      source: source(),
      targets: [{ accountId: a1, bindings: { Reception: a2Resources.reception.id } }, { accountId: a2 }],
      publish: true,
    });
    await runTemplateApply(started.id);
    const run = await resellerA().templates.applyRun({ id: started.id });
    expect(run.customers.map((customer) => [customer.status, customer.errors])).toEqual([
      ["failed", [{ path: "bindings.Reception", message: 'The SIP user chosen for "Reception" was not found on this account' }]],
      ["done", []],
    ]);
    expect(await db.callFlow.findUniqueOrThrow({ where: { id: run.customers[1]!.flow!.id } })).toMatchObject({
      accountId: a2,
      published: true,
    });
  });

  it("goes on after stopping mid-run with the customers still pending, and applies none of them twice", async () => {
    const customers = [
      await officeCustomer("retry-1", 200),
      await officeCustomer("retry-2", 200),
      await officeCustomer("retry-3", 200),
    ];
    const started = await resellerA().templates.startApply({
      source: source(),
      targets: customers.map((customer) => ({ accountId: customer.id })),
      publish: true,
    });
    // The database refuses every write of the second customer's outcome: the job stops there, as
    // it would if the database went away, leaving the second and third customers pending.
    const trigger = `refuse_apply_target_${t.suffix}`;
    await db.$executeRawUnsafe(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."runId" = '${started.id}' AND NEW.position = 1 THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER ${trigger} BEFORE UPDATE ON "TemplateApplyTarget" FOR EACH ROW EXECUTE FUNCTION ${trigger}()`,
    );
    try {
      await expect(runTemplateApply(started.id)).rejects.toThrow();
      const stopped = await resellerA().templates.applyRun({ id: started.id });
      expect(stopped.status).toBe("running");
      expect(stopped.customers.map((customer) => customer.status)).toEqual(["done", "pending", "pending"]);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON "TemplateApplyTarget"`);
      await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${trigger}()`);
    }

    // The queue's retry, and a second attempt on top of it: both find the first customer done.
    await Promise.all([runTemplateApply(started.id), runTemplateApply(started.id)]);
    const run = await resellerA().templates.applyRun({ id: started.id });
    expect(run).toMatchObject({ status: "finished", counts: { done: 3, failed: 0, pending: 0 } });
    const ids = customers.map((customer) => customer.id);
    for (const id of ids) expect(await db.callFlow.count({ where: { accountId: id } }), id).toBe(1);
    expect((await applyEventsOf(started.id, ids)).map((event) => event.accountId)).toEqual(ids);
  });

  it("stops when whoever started it can no longer sign in: the customers not done fail with the reason", async () => {
    const user = await createUserIn(t.accounts.resellerA, "reseller", `leaver-${t.suffix}@example.test`);
    const leaver = (await loadActor(user.id))!;
    const customer = await officeCustomer("left-behind", 200);
    const started = await callerAs(leaver).templates.startApply({
      source: source(),
      targets: [{ accountId: customer.id }],
      publish: true,
    });
    await db.user.update({ where: { id: user.id }, data: { disabled: true } });
    await runTemplateApply(started.id);
    const run = await resellerA().templates.applyRun({ id: started.id });
    expect(run.customers).toEqual([
      expect.objectContaining({
        status: "failed",
        errors: [{ path: "", message: `${leaver.email} can no longer sign in, so nothing was created for this customer` }],
      }),
    ]);
    expect(await db.callFlow.count({ where: { accountId: customer.id } })).toBe(0);
  });

  it("is seen only by the staff of the account that started it: anyone else's run is NOT_FOUND", async () => {
    const started = await resellerA().templates.startApply({ source: source(), targets: [{ accountId: a1 }], publish: false });
    expect(await trpcCode(resellerB().templates.applyRun({ id: started.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(callerAs(t.actors.admin).templates.applyRun({ id: started.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(callerAs(t.actors.customerA1).templates.applyRun({ id: started.id }))).toBe("FORBIDDEN");
    expect(await trpcCode(resellerA().templates.applyRun({ id: "not-a-run" }))).toBe("NOT_FOUND");
    expect(await resellerB().templates.applyRuns({ source: source() })).toEqual([]);
    const recent = await resellerA().templates.applyRuns({ source: source() });
    expect(recent[0]).toMatchObject({ id: started.id, publish: false, counts: { total: 1 } });
  });

  it("is worked to the end by the server's job queue", async () => {
    await startJobs([templateApplyJob]);
    try {
      const customer = await officeCustomer("by-the-queue", 200);
      const started = await resellerA().templates.startApply({
        source: source(),
        targets: [{ accountId: customer.id }],
        publish: true,
      });
      const deadline = Date.now() + 30_000;
      let run = started;
      while (run.status !== "finished" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        run = await resellerA().templates.applyRun({ id: started.id });
      }
      expect(run).toMatchObject({ status: "finished", counts: { done: 1 } });
    } finally {
      await stopJobs();
    }
  });
});

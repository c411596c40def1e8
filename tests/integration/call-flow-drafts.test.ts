import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "@/server/auth/actor";
import { config } from "@/server/config";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { startJobs, stopJobs } from "@/server/jobs/queue";
import { resolveActingAccount } from "@/server/services/acting-account";
import { createDraftOnlyFlow } from "@/server/services/call-flows/drafts";
import { runScheduledPublish, scheduledPublishJob } from "@/server/services/call-flows/scheduled-publish";
import { callerAs, contextAs, createTenants, createUserIn, FIXTURE_PASSWORD, uniqueSuffix } from "./fixtures";
import { accountIdsOf, auditEventsDuring, busyFlow, issuesOf, trpcCode, trpcError, uniquePhoneNumber } from "./procedure-helpers";
import { authHeaders, callApi, createApiUser, type ApiUser } from "./rest-client";

let t: Awaited<ReturnType<typeof createTenants>>;
let a1: string;
let api: ApiUser;

beforeAll(async () => {
  t = await createTenants();
  a1 = t.accounts.customerA1.id;
  api = await createApiUser(t.accounts.resellerA);
});

const owner = () => callerAs(t.actors.customerA1);
const asA1 = () => authHeaders(api, t.accounts.customerA1.name);

/** A live flow (created through the REST API, as a provider's client would) and its uuid. */
async function liveFlow(extension: number, name = "Reception"): Promise<string> {
  const created = await callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(extension, name) });
  expect(created.status).toBe(201);
  return (created.json!.result as { uuid: string }).uuid;
}

async function restName(uuid: string): Promise<string> {
  const fetched = await callApi("GET", `/voip/flow/${uuid}`, { headers: asA1() });
  expect(fetched.status).toBe(200);
  return (fetched.json!.result as { name: string }).name;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("drafts are isolated from what callers and the REST API see", () => {
  it("REST GET and list see only live until publish, which makes an audited revision", async () => {
    const id = await liveFlow(600, "Main line");
    await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(600, "Main line, draft") });

    expect(await restName(id)).toBe("Main line");
    const listed = await callApi("GET", "/voip/flow", { headers: asA1() });
    expect((listed.json!.result as { uuid: string; name: string }[]).find((flow) => flow.uuid === id)?.name).toBe("Main line");
    const state = await owner().callFlowDrafts.state({ accountId: a1, id });
    expect(state.draft).toMatchObject({
      baseVersion: 1,
      document: { name: "Main line, draft" },
      baseDocument: { name: "Main line" },
    });
    expect(state.live).toMatchObject({ name: "Main line" });

    const events = await auditEventsDuring(accountIdsOf(t), () => owner().callFlowDrafts.publish({ accountId: a1, id }));
    expect(events.map((event) => event.action)).toEqual(["callflow.publish"]);
    expect(events[0]!.after).toMatchObject({ name: "Main line, draft", version: 2 });
    expect(await restName(id)).toBe("Main line, draft");
    expect((await owner().callFlowDrafts.state({ accountId: a1, id })).draft).toBeNull();
    const revisions = await owner().callFlows.history({ accountId: a1, id });
    expect(revisions.map((revision) => revision.version)).toEqual([2, 1]);
  });

  it("saving a draft writes no audit event and changes no live version", async () => {
    const id = await liveFlow(601);
    const events = await auditEventsDuring(accountIdsOf(t), () =>
      owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(601, "Typing…") }),
    );
    expect(events).toEqual([]);
    expect((await db.callFlow.findUniqueOrThrow({ where: { id } })).version).toBe(1);
  });

  it("a draft-only flow is 404 on REST, absent from its list, unroutable, but holds its extension", async () => {
    const { id } = await owner().callFlowDrafts.create({ accountId: a1, document: busyFlow(610, "Not yet") });
    expect((await callApi("GET", `/voip/flow/${id}`, { headers: asA1() })).status).toBe(404);
    expect((await callApi("PUT", `/voip/flow/${id}`, { headers: asA1(), body: busyFlow(610, "Sneaky") })).status).toBe(404);
    expect((await callApi("DELETE", `/voip/flow/${id}`, { headers: asA1() })).status).toBe(404);
    const listed = await callApi("GET", "/voip/flow", { headers: asA1() });
    expect((listed.json!.result as { uuid: string }[]).map((flow) => flow.uuid)).not.toContain(id);

    // The routing pickers offer only flows callers can reach; the flows list shows it, marked.
    const pickable = await owner().callFlows.list({ accountId: a1, search: "Not yet", publishedOnly: true });
    expect(pickable.items.map((flow) => flow.id)).not.toContain(id);
    const portalList = await owner().callFlows.list({ accountId: a1, search: "Not yet" });
    expect(portalList.items.find((flow) => flow.id === id)).toMatchObject({ published: false, hasDraft: true });

    const taken = await callApi("POST", "/voip/flow", { headers: asA1(), body: busyFlow(610, "Clash") });
    expect(taken.status).toBe(409);
    const number = await db.phoneNumber.create({ data: { accountId: a1, number: uniquePhoneNumber() } });
    const refused = await trpcError(
      owner().schedules.routeNumber({ accountId: a1, id: number.id, callFlowId: id, scheduleId: null, closedCallFlowId: null }),
    );
    expect(issuesOf(refused)).toEqual([{ path: "callFlowId", message: expect.stringContaining("only a draft") }]);
    const simulated = await trpcCode(
      owner().simulator.run({ accountId: a1, source: { flowId: id }, scenario: { callerId: "+15550100", choices: [] } }),
    );
    expect(simulated).toBe("NOT_FOUND");
    const draftRun = await owner().simulator.run({
      accountId: a1,
      source: { flowId: id, mode: "draft" },
      scenario: { callerId: "+15550100", choices: [] },
    });
    expect(draftRun.ending?.kind).toBe("busy");

    await owner().callFlowDrafts.publish({ accountId: a1, id });
    expect(await restName(id)).toBe("Not yet");
    expect((await db.callFlow.findUniqueOrThrow({ where: { id } })).version).toBe(1);
  });

  it("createDraftOnlyFlow runs inside the caller's transaction: a rollback leaves nothing", async () => {
    const account = await resolveActingAccount(db, t.actors.customerA1, a1);
    await expect(
      accountWriteTransaction(a1, async (tx) => {
        await createDraftOnlyFlow(tx, contextAs(t.actors.customerA1), account, busyFlow(611, "Rolled back"));
        throw new Error("another customer failed");
      }),
    ).rejects.toThrow("another customer failed");
    expect(await db.callFlow.count({ where: { accountId: a1, extension: 611 } })).toBe(0);
    expect(await db.extensionClaim.count({ where: { accountId: a1, extension: 611 } })).toBe(0);
  });

  it("refuses a draft-only flow whose name or extension is wrong, naming the field", async () => {
    const error = await trpcError(owner().callFlowDrafts.create({ accountId: a1, document: busyFlow(5, "Out of range") }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(issuesOf(error).map((issue) => issue.path)).toEqual(["extension"]);
  });
});

describe("publishing", () => {
  it("is blocked while errors remain and lists them; warnings do not block and are listed", async () => {
    const id = await liveFlow(620);
    const broken = { name: "Broken", extension: 620, flow: { s: { module: "start", next: "missing" } } };
    await owner().callFlowDrafts.save({ accountId: a1, id, document: broken });
    const error = await trpcError(owner().callFlowDrafts.publish({ accountId: a1, id }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(issuesOf(error).length).toBeGreaterThan(0);
    expect(await restName(id)).toBe("Reception");

    const unreachable = {
      name: "Warned",
      extension: 620,
      flow: { s: { module: "start", next: "b" }, b: { module: "busy" }, x: { module: "busy" } },
    };
    await owner().callFlowDrafts.save({ accountId: a1, id, document: unreachable });
    const published = await owner().callFlowDrafts.publish({ accountId: a1, id });
    expect(published.warnings.length).toBeGreaterThan(0);
    expect(await restName(id)).toBe("Warned");
  });

  it("a REST PUT during a draft is detected, and publishing over it needs a confirmation", async () => {
    const id = await liveFlow(630, "Before");
    await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(630, "My draft") });
    const put = await callApi("PUT", `/voip/flow/${id}`, { headers: asA1(), body: busyFlow(630, "Changed by the API") });
    expect(put.status).toBe(200);

    const state = await owner().callFlowDrafts.state({ accountId: a1, id });
    expect(state.liveChangedSinceBase).toBe(true);
    expect(state.liveVersion).toBe(2);
    expect(state.live).toMatchObject({ name: "Changed by the API" });
    expect(state.draft).toMatchObject({ baseVersion: 1, baseDocument: { name: "Before" }, document: { name: "My draft" } });

    const error = await trpcError(owner().callFlowDrafts.publish({ accountId: a1, id }));
    expect(error.code).toBe("CONFLICT");
    expect(await restName(id)).toBe("Changed by the API");
    await owner().callFlowDrafts.publish({ accountId: a1, id, overwriteLiveChanges: true });
    expect(await restName(id)).toBe("My draft");
  });

  it("a draft started from an older live version (someone published meanwhile) keeps that version as its base", async () => {
    const id = await liveFlow(631, "Opened");
    await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(631, "Published by Alice") });
    await owner().callFlowDrafts.publish({ accountId: a1, id });
    // Bob opened version 1 before Alice published version 2; his first autosave comes now.
    const bob = await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(631, "Bob's"), startedFromVersion: 1 });
    expect(bob.liveChangedSinceBase).toBe(true);
    expect(bob.draft).toMatchObject({ baseVersion: 1, baseDocument: { name: "Opened" } });
    expect(await trpcCode(owner().callFlowDrafts.publish({ accountId: a1, id }))).toBe("CONFLICT");
  });

  it("discarding throws the draft away (audited); discarding a draft-only flow deletes it and frees its extension", async () => {
    const id = await liveFlow(640, "Kept");
    await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(640, "Thrown away") });
    const events = await auditEventsDuring(accountIdsOf(t), () => owner().callFlowDrafts.discard({ accountId: a1, id }));
    expect(events.map((event) => event.action)).toEqual(["callflow.draft_discard"]);
    expect((await owner().callFlowDrafts.state({ accountId: a1, id })).draft).toBeNull();
    expect(await restName(id)).toBe("Kept");

    const draftOnly = await owner().callFlowDrafts.create({ accountId: a1, document: busyFlow(641, "Never live") });
    expect(await owner().callFlowDrafts.discard({ accountId: a1, id: draftOnly.id })).toEqual({ flowDeleted: true });
    expect(await db.extensionClaim.count({ where: { accountId: a1, extension: 641 } })).toBe(0);
  });
});

describe("tenant isolation", () => {
  it("another tenant's draft, publish, discard and schedule are NOT_FOUND", async () => {
    const id = await liveFlow(650);
    await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(650, "Private draft") });
    const other = callerAs(t.actors.customerB1);
    const b1 = t.accounts.customerB1.id;
    for (const accountId of [a1, b1]) {
      expect(await trpcCode(other.callFlowDrafts.state({ accountId, id }))).toBe("NOT_FOUND");
      expect(await trpcCode(other.callFlowDrafts.save({ accountId, id, document: busyFlow(650) }))).toBe("NOT_FOUND");
      expect(await trpcCode(other.callFlowDrafts.publish({ accountId, id }))).toBe("NOT_FOUND");
      expect(await trpcCode(other.callFlowDrafts.discard({ accountId, id }))).toBe("NOT_FOUND");
      const runAt = new Date(Date.now() + 3_600_000).toISOString();
      expect(await trpcCode(other.callFlowDrafts.schedulePublish({ accountId, id, runAt }))).toBe("NOT_FOUND");
    }
    expect((await owner().callFlowDrafts.state({ accountId: a1, id })).draft).toMatchObject({
      document: { name: "Private draft" },
    });
  });
});

describe("scheduled publish", () => {
  afterAll(async () => {
    await stopJobs();
  });

  it("is audited, and cancelling it (audited) cancels its job", async () => {
    const id = await liveFlow(660);
    await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(660, "Friday's version") });
    const runAt = new Date(Date.now() + 3_600_000).toISOString();
    let scheduledId = "";
    const scheduling = await auditEventsDuring(accountIdsOf(t), async () => {
      scheduledId = (await owner().callFlowDrafts.schedulePublish({ accountId: a1, id, runAt })).id;
    });
    expect(scheduling.map((event) => event.action)).toEqual(["callflow.publish_schedule"]);
    const row = await db.scheduledPublish.findUniqueOrThrow({ where: { id: scheduledId } });
    expect(row.jobId).not.toBeNull();
    expect(await trpcCode(owner().callFlowDrafts.schedulePublish({ accountId: a1, id, runAt }))).toBe("CONFLICT");

    const cancelling = await auditEventsDuring(accountIdsOf(t), () =>
      owner().callFlowDrafts.cancelScheduledPublish({ accountId: a1, id, scheduledPublishId: scheduledId }),
    );
    expect(cancelling.map((event) => event.action)).toEqual(["callflow.publish_unschedule"]);
    const [job] = await db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE id = ${row.jobId}::uuid`;
    expect(job?.state).toBe("cancelled");
    await runScheduledPublish(scheduledId);
    expect(await restName(id)).toBe("Reception");
  });

  it("refuses a time in the past, naming runAt", async () => {
    const id = await liveFlow(661);
    await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(661, "Late") });
    const error = await trpcError(
      owner().callFlowDrafts.schedulePublish({ accountId: a1, id, runAt: new Date(Date.now() - 60_000).toISOString() }),
    );
    expect(issuesOf(error).map((issue) => issue.path)).toEqual(["runAt"]);
  });

  it("survives a restart of the workers and publishes the draft as it is at run time", async () => {
    const id = await liveFlow(662);
    await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(662, "Scheduled") });
    const { id: scheduledId } = await owner().callFlowDrafts.schedulePublish({
      accountId: a1,
      id,
      runAt: new Date(Date.now() + 4_000).toISOString(),
    });
    // Workers start, then stop before the job is due, as a server restarting would.
    await startJobs([scheduledPublishJob]);
    await stopJobs();
    // Edited after scheduling: the later draft is what goes live.
    await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(662, "Scheduled, edited") });
    await startJobs([scheduledPublishJob]);
    await until(async () => (await db.scheduledPublish.findUniqueOrThrow({ where: { id: scheduledId } })).status !== "pending");
    expect(await db.scheduledPublish.findUniqueOrThrow({ where: { id: scheduledId } })).toMatchObject({
      status: "published",
      failure: null,
    });
    expect(await restName(id)).toBe("Scheduled, edited");
    const publish = await db.auditEvent.findFirst({ where: { entityId: id, action: "callflow.publish" } });
    expect(publish?.actorUserId).toBe(t.actors.customerA1.userId);
  });

  it("a draft with errors by run time is recorded as failed, visibly, and not retried", async () => {
    const id = await liveFlow(663);
    await owner().callFlowDrafts.save({ accountId: a1, id, document: busyFlow(663, "Fine now") });
    const { id: scheduledId } = await owner().callFlowDrafts.schedulePublish({
      accountId: a1,
      id,
      runAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await owner().callFlowDrafts.save({ accountId: a1, id, document: { name: "Broken later", extension: 663, flow: {} } });
    await runScheduledPublish(scheduledId);
    const row = await db.scheduledPublish.findUniqueOrThrow({ where: { id: scheduledId } });
    expect(row.status).toBe("failed");
    expect(row.failure).toMatch(/error/);
    const state = await owner().callFlowDrafts.state({ accountId: a1, id });
    expect(state.scheduled[0]).toMatchObject({ id: scheduledId, status: "failed" });
    expect(await restName(id)).toBe("Reception");
  });

  /** A publish scheduled by a fresh user of A1 (a hijacked session, say), then `afterwards` done to that user. */
  async function scheduledThen(
    extension: number,
    role: "customer" | "reseller",
    afterwards: (userId: string) => Promise<unknown>,
  ) {
    const account = role === "customer" ? t.accounts.customerA1 : t.accounts.resellerA;
    const user = await createUserIn(account, role, `scheduler-${uniqueSuffix()}@example.test`);
    const scheduler = callerAs((await loadActor(user.id))!);
    const id = await liveFlow(extension);
    await scheduler.callFlowDrafts.save({ accountId: a1, id, document: busyFlow(extension, "From the hijacked session") });
    const { id: scheduledId } = await scheduler.callFlowDrafts.schedulePublish({
      accountId: a1,
      id,
      runAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await afterwards(user.id);
    const events = await auditEventsDuring(accountIdsOf(t), () => runScheduledPublish(scheduledId));
    return { id, row: await db.scheduledPublish.findUniqueOrThrow({ where: { id: scheduledId } }), events };
  }

  it("does not run once its creator signed out everywhere or changed the password: failed, with an audited reason", async () => {
    const endings = [
      async (userId: string) => callerAs((await loadActor(userId))!).users.signOutEverywhere(),
      async (userId: string) =>
        callerAs((await loadActor(userId))!).users.changePassword({
          currentPassword: FIXTURE_PASSWORD,
          newPassword: "a brand new passphrase",
        }),
    ];
    for (const [n, ending] of endings.entries()) {
      const { id, row, events } = await scheduledThen(664 + n, "customer", ending);
      expect(row).toMatchObject({ status: "failed" });
      expect(row.failure).toMatch(/session/);
      expect(events.map((event) => event.action)).toEqual(["callflow.publish_schedule_fail"]);
      expect(events[0]!.after).toMatchObject({ scheduledPublishId: row.id, reason: row.failure });
      expect(await restName(id)).toBe("Reception");
    }
  });

  it("does not run for staff who must now use two-factor sign-in and have not set it up", async () => {
    const settings = config() as { REQUIRE_2FA_FOR_STAFF: boolean };
    try {
      const { id, row, events } = await scheduledThen(666, "reseller", async () => {
        settings.REQUIRE_2FA_FOR_STAFF = true;
      });
      expect(row).toMatchObject({ status: "failed" });
      expect(row.failure).toMatch(/two-factor/);
      expect(events.map((event) => event.action)).toEqual(["callflow.publish_schedule_fail"]);
      expect(await restName(id)).toBe("Reception");
    } finally {
      settings.REQUIRE_2FA_FOR_STAFF = false;
    }
  });
});

import { createServer, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createNetServer, type Socket } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db";
import { accountWriteTransaction } from "@/server/db/account-writers";
import { startJobs, stopJobs } from "@/server/jobs/queue";
import { recordChange } from "@/server/services/audit/record";
import { createCallFlow, deleteCallFlow, updateCallFlow } from "@/server/services/call-flows/call-flows";
import { routePhoneNumber } from "@/server/services/schedules/routing";
import { createSchedule, setScheduleOverride, updateSchedule } from "@/server/services/schedules/schedules";
import { WEBHOOK_SENDS_PER_ACCOUNT, webhookDeliveryJob } from "@/server/services/webhooks/delivery";
import { CONNECT_TIMEOUT_MS } from "@/server/services/webhooks/send";
import { WEBHOOK_EVENT_TYPES } from "@/server/services/webhooks/event-types";
import { createWebhookSubscription, replayDelivery } from "@/server/services/webhooks/webhooks";
import { callerAs, contextAs, createTenants } from "./fixtures";
import { busyFlow, counter, trpcCode, uniquePhoneNumber } from "./procedure-helpers";
import { officeHours } from "./schedule-fixtures";
import { freePort, type ReceivedWebhook, startReceiver, until } from "./webhook-receiver";

// Retries a second apart instead of 30 s (read afresh by every delivery).
process.env.WEBHOOK_RETRY_BASE_SECONDS = "1";

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
const nextExtension = counter(600);
const receivers: { close: () => Promise<void> }[] = [];

beforeAll(async () => {
  t = await createTenants();
  await startJobs([webhookDeliveryJob]);
});

afterAll(async () => {
  await stopJobs();
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>) {
  const started = await startReceiver(...args);
  receivers.push(started);
  return started;
}

type AccountKey = keyof Tenants["accounts"];
const actorOf: Record<AccountKey, keyof Tenants["actors"]> = {
  root: "admin",
  resellerA: "resellerA",
  resellerB: "resellerB",
  customerA1: "customerA1",
  customerA2: "customerA2",
  customerB1: "customerB1",
};

async function subscribe(account: AccountKey, url: string, options: { events?: string[]; subtree?: boolean } = {}) {
  const { subscription, secret } = await createWebhookSubscription(contextAs(t.actors[actorOf[account]]), {
    accountId: t.accounts[account].id,
    fields: {
      url,
      events: (options.events ?? [...WEBHOOK_EVENT_TYPES]) as (typeof WEBHOOK_EVENT_TYPES)[number][],
      enabled: true,
      subtree: options.subtree ?? false,
    },
  });
  return { id: subscription.id, secret };
}

const deliveriesOf = (subscriptionId: string) =>
  db.webhookDelivery.findMany({ where: { subscriptionId }, orderBy: { sequence: "asc" } });

async function allSettled(subscriptionId: string, expected: number) {
  await until(async () => {
    const deliveries = await deliveriesOf(subscriptionId);
    return deliveries.length === expected && deliveries.every((delivery) => delivery.status !== "pending");
  });
}

function verified(secret: string, webhook: ReceivedWebhook) {
  const headers = Object.fromEntries(Object.entries(webhook.headers).map(([name, value]) => [name, String(value)]));
  return new Webhook(secret).verify(webhook.body, headers);
}

const ctxA1 = () => contextAs(t.actors.customerA1);
const a1 = () => t.accounts.customerA1.id;

describe("webhook events", () => {
  it("sends each event type once per change, signed per Standard Webhooks, with data as the REST API shows it", async () => {
    const hooks = await receiver();
    const { id, secret } = await subscribe("customerA1", hooks.url);

    const flow = await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "Webhook flow") });
    const other = await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "Other flow") });
    await updateCallFlow(ctxA1(), { accountId: a1(), id: flow.id, document: busyFlow(flow.extension, "Webhook flow, renamed") });
    const schedule = await createSchedule(ctxA1(), { accountId: a1(), document: officeHours("Webhook hours") });
    await updateSchedule(ctxA1(), { accountId: a1(), id: schedule.id, document: officeHours("Webhook hours, renamed") });
    await setScheduleOverride(ctxA1(), { accountId: a1(), id: schedule.id, override: "closed", overrideUntil: null });
    const number = await db.phoneNumber.create({ data: { accountId: a1(), number: uniquePhoneNumber() } });
    await routePhoneNumber(ctxA1(), {
      accountId: a1(),
      id: number.id,
      callFlowId: other.id,
      scheduleId: null,
      closedCallFlowId: null,
    });
    await deleteCallFlow(ctxA1(), { accountId: a1(), id: flow.id });
    // Publishing and applying templates are other features' changes: their audit actions are what counts.
    await accountWriteTransaction(a1(), (tx) =>
      recordChange(
        tx,
        ctxA1(),
        { accountId: a1(), action: "callflow.publish", entityType: "callflow", entityId: other.id, after: {} },
        other,
      ),
    );
    await accountWriteTransaction(a1(), (tx) =>
      recordChange(tx, ctxA1(), {
        accountId: a1(),
        action: "template.apply",
        entityType: "template",
        entityId: "7b0c5c8e-3f43-4d5e-9a52-3b1d2a1f0c11",
        after: { customers: [a1()], results: [] },
      }),
    );

    await allSettled(id, 9);
    // Order is promised per object only: events of different objects may cross.
    const types = hooks.received.map((webhook) => webhook.payload.type);
    expect(types.sort()).toEqual(
      [
        "callflow.created",
        "callflow.created",
        "callflow.updated",
        "schedule.updated",
        "schedule.override_changed",
        "number.routed",
        "callflow.deleted",
        "callflow.published",
        "template.applied",
      ].sort(),
    );
    const ofFlow = hooks.received
      .filter((webhook) => webhook.payload.data.uuid === flow.id)
      .map((webhook) => webhook.payload.type);
    expect(ofFlow).toEqual(["callflow.created", "callflow.updated", "callflow.deleted"]);
    for (const webhook of hooks.received) {
      expect(verified(secret, webhook)).toEqual(webhook.payload);
      expect(webhook.headers["webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(webhook.payload.timestamp)).not.toBeNaN();
    }
    expect(() => verified(`whsec_${Buffer.from("another secret!!").toString("base64")}`, hooks.received[0]!)).toThrow();
    const byType = (type: string) =>
      hooks.received.filter((webhook) => webhook.payload.type === type).map((webhook) => webhook.payload.data);
    expect(byType("callflow.updated")).toEqual([
      expect.objectContaining({
        uuid: flow.id,
        name: "Webhook flow, renamed",
        extension: flow.extension,
        flow: busyFlow(1).flow,
      }),
    ]);
    expect(byType("callflow.deleted")).toEqual([expect.objectContaining({ uuid: flow.id, name: "Webhook flow, renamed" })]);
    expect(byType("schedule.override_changed")).toEqual([
      expect.objectContaining({ uuid: schedule.id, name: "Webhook hours, renamed", override: "closed", override_until: null }),
    ]);
    expect(byType("number.routed")).toEqual([
      { uuid: number.id, number: number.number, call_flow: other.id, schedule: null, closed_call_flow: null },
    ]);
    expect(byType("template.applied")).toEqual([expect.objectContaining({ customers: [a1()] })]);
    const attempts = await db.webhookAttempt.findMany({ where: { delivery: { subscriptionId: id } } });
    expect(attempts).toHaveLength(9);
    expect(attempts.every((attempt) => attempt.statusCode === 204 && attempt.latencyMs >= 0)).toBe(true);
  });

  it("sends only the event types subscribed to, and nothing from a rolled-back change", async () => {
    const hooks = await receiver();
    const { id } = await subscribe("customerA1", hooks.url, { events: ["callflow.updated"] });
    const flow = await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "Rolled back") });
    await expect(
      accountWriteTransaction(a1(), async (tx) => {
        await recordChange(
          tx,
          ctxA1(),
          { accountId: a1(), action: "callflow.update", entityType: "callflow", entityId: flow.id },
          flow,
        );
        throw new Error("the change fails");
      }),
    ).rejects.toThrow("the change fails");
    // A save refused as stale is rolled back too.
    await expect(
      updateCallFlow(ctxA1(), {
        accountId: a1(),
        id: flow.id,
        document: busyFlow(flow.extension, "Stale"),
        expectedVersion: flow.version + 5,
      }),
    ).rejects.toThrow(/changed by someone else/);
    expect(await deliveriesOf(id)).toEqual([]);
    await updateCallFlow(ctxA1(), { accountId: a1(), id: flow.id, document: busyFlow(flow.extension, "Committed") });
    await allSettled(id, 1);
    expect(hooks.received.map((webhook) => [webhook.payload.type, webhook.payload.data.name])).toEqual([
      ["callflow.updated", "Committed"],
    ]);
  });

  it("retries while the receiver is down, with the same webhook-id, then succeeds", async () => {
    const port = await freePort();
    const { id, secret } = await subscribe("customerA1", `http://127.0.0.1:${port}/hooks`, { events: ["callflow.created"] });
    await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "Down at first") });
    await until(async () => (await deliveriesOf(id))[0]?.attempts === 2);
    let answered = 0;
    const hooks = await receiver(() => (answered++ === 0 ? { status: 503, body: "busy" } : { status: 200, body: "ok" }), port);
    await allSettled(id, 1);
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 4 });
    const log = await db.webhookAttempt.findMany({ where: { deliveryId: delivery!.id }, orderBy: { attempt: "asc" } });
    expect(log.map((attempt) => attempt.statusCode)).toEqual([null, null, 503, 200]);
    expect(log[0]!.error).toBeTruthy();
    expect(log[2]!.responseBody).toBe("busy");
    expect(hooks.received.map((webhook) => webhook.headers["webhook-id"])).toEqual([delivery!.id, delivery!.id]);
    expect(verified(secret, hooks.received[1]!)).toMatchObject({ type: "callflow.created" });
    const subscription = await db.webhookSubscription.findUniqueOrThrow({ where: { id } });
    expect(subscription.failingSince).toBeNull();
  });

  it("delivers the events of one object in order, even when the first one must be retried", async () => {
    let answered = 0;
    const hooks = await receiver(() => (answered++ === 0 ? { status: 500 } : { status: 200 }));
    const { id } = await subscribe("customerA1", hooks.url, { events: ["callflow.updated"] });
    const flow = await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "Ordered") });
    for (const version of [1, 2, 3, 4, 5]) {
      await updateCallFlow(ctxA1(), { accountId: a1(), id: flow.id, document: busyFlow(flow.extension, `Ordered v${version}`) });
    }
    await allSettled(id, 5);
    const names = hooks.received.map((webhook) => webhook.payload.data.name);
    expect(names).toEqual(["Ordered v1", "Ordered v1", "Ordered v2", "Ordered v3", "Ordered v4", "Ordered v5"]);
  });

  it("keeps 1 KB of an answer, marks a delivery failed after its retry window, and can replay it", async () => {
    let status = 500;
    const hooks = await receiver(() => ({ status, body: "x".repeat(5000) }));
    const { id } = await subscribe("customerA1", hooks.url, { events: ["callflow.created"] });
    await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "Too late") });
    const [pending] = await deliveriesOf(id);
    // Its 24 hours are all but over: retrying stops at the window's end.
    await db.webhookDelivery.update({ where: { id: pending!.id }, data: { retryUntil: new Date(Date.now() + 1500) } });
    await until(async () => (await deliveriesOf(id))[0]?.status === "failed");
    const log = await db.webhookAttempt.findMany({ where: { deliveryId: pending!.id } });
    expect(log.length).toBeGreaterThanOrEqual(1);
    expect(log.every((attempt) => attempt.responseBody.length === 1024 && attempt.statusCode === 500)).toBe(true);

    status = 200;
    await replayDelivery(ctxA1(), { accountId: a1(), deliveryId: pending!.id });
    await until(async () => (await deliveriesOf(id))[0]?.status === "delivered");
    const webhookIds = new Set(hooks.received.map((webhook) => webhook.headers["webhook-id"]));
    expect([...webhookIds]).toEqual([pending!.id]);
  });

  it("switches off a subscription whose deliveries have failed for 3 days, and says why", async () => {
    const hooks = await receiver(() => ({ status: 410 }));
    const { id } = await subscribe("customerA1", hooks.url, { events: ["callflow.created"] });
    await db.webhookSubscription.update({
      where: { id },
      data: { failingSince: new Date(Date.now() - 3 * 24 * 60 * 60 * 1000 - 1000) },
    });
    await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "Failing for days") });
    await until(async () => !(await db.webhookSubscription.findUniqueOrThrow({ where: { id } })).enabled);
    const subscription = await callerAs(t.actors.customerA1).webhooks.list({ accountId: a1() });
    expect(subscription.find((listed) => listed.id === id)?.disabledReason).toMatch(/failed for 3 days \(last: HTTP 410\)/);
    // Switched off, it gets no more events; switched on again, the reason is gone.
    await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "While off") });
    await until(async () => (await deliveriesOf(id)).every((delivery) => delivery.status !== "pending"));
    expect((await deliveriesOf(id)).map((delivery) => delivery.eventType)).toHaveLength(1);
    const { url, events } = subscription.find((listed) => listed.id === id)!;
    const enabled = await callerAs(t.actors.customerA1).webhooks.update({
      accountId: a1(),
      id,
      subscription: { url, events: events as (typeof WEBHOOK_EVENT_TYPES)[number][], enabled: true, subtree: false },
    });
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });
});

describe("what a tenant's delivery log says about a failed attempt", () => {
  // A tenant could point a subscription at internal hosts and ports and read the connection
  // errors as a port scanner's answers. The log says only which of a few things happened.
  async function firstError(url: string, beforeChange: () => void = () => {}) {
    const { id } = await subscribe("customerA1", url, { events: ["callflow.created"] });
    beforeChange();
    await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "Probe") });
    await until(async () => (await deliveriesOf(id))[0]?.attempts !== 0);
    const [logged] = await callerAs(t.actors.customerA1).webhooks.deliveries({ accountId: a1(), id });
    return logged!.attemptLog[0]!;
  }

  it("a closed port is 'connection failed', with no address, port or system error", async () => {
    const port = await freePort();
    const attempt = await firstError(`http://127.0.0.1:${port}/hooks`);
    expect(attempt).toMatchObject({ statusCode: null, error: "connection failed", responseBody: "" });
  });

  it("a port that does not speak TLS is 'TLS error'", async () => {
    const plain = await receiver();
    const attempt = await firstError(`https://127.0.0.1:${plain.port}/hooks`);
    expect(attempt).toMatchObject({ statusCode: null, error: "TLS error" });
  });

  it("an address the guard refuses at delivery is 'connection failed', and nothing reaches it", async () => {
    const inside = await receiver();
    // Subscribed where local addresses are allowed; delivered where they are not (as after a DNS change).
    const url = `https://[::ffff:7f00:1]:${inside.port}/hooks`;
    try {
      const attempt = await firstError(url, () => vi.stubEnv("NODE_ENV", "production"));
      expect(attempt).toMatchObject({ statusCode: null, error: "connection failed" });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(inside.received).toEqual([]);
  });

  it("an answer is its HTTP status", async () => {
    const hooks = await receiver(() => ({ status: 502, body: "bad gateway" }));
    const attempt = await firstError(hooks.url);
    expect(attempt).toMatchObject({ statusCode: 502, error: "HTTP 502" });
  });
});

describe("webhook fairness", () => {
  /** A receiver that accepts requests and answers none until released: a tenant's slow server. */
  async function stallingServer() {
    const held: ServerResponse[] = [];
    const server = createServer((request, response) => {
      request.resume();
      held.push(response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const close = async () => {
      for (const response of held) response.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
    receivers.push({ close });
    return { url: `http://127.0.0.1:${port}/hooks`, held };
  }

  it("a tenant's 20 subscriptions to a server that never answers do not delay another tenant's delivery", async () => {
    const slow = await stallingServer();
    const a2 = t.accounts.customerA2.id;
    const slowSubscriptions: string[] = [];
    for (let index = 0; index < 20; index++) {
      slowSubscriptions.push((await subscribe("customerA2", slow.url, { events: ["callflow.created"] })).id);
    }
    const fast = await receiver();
    await subscribe("customerB1", fast.url, { events: ["callflow.created"] });
    try {
      await createCallFlow(contextAs(t.actors.customerA2), { accountId: a2, document: busyFlow(nextExtension(), "Slow") });
      await until(() => slow.held.length > 0);

      const started = Date.now();
      const flow = await createCallFlow(contextAs(t.actors.customerB1), {
        accountId: t.accounts.customerB1.id,
        document: busyFlow(nextExtension(), "Fast"),
      });
      await until(() => fast.received.some((webhook) => webhook.payload.data.uuid === flow.id), 15_000);
      expect(Date.now() - started).toBeLessThan(3_000);
      // The slow tenant had its share of the senders, not all of them.
      expect(slow.held.length).toBeLessThanOrEqual(WEBHOOK_SENDS_PER_ACCOUNT);
    } finally {
      await db.webhookSubscription.deleteMany({ where: { id: { in: slowSubscriptions } } });
    }
  });

  it("gives up on a connection that is not established within a few seconds, long before the answer's timeout", async () => {
    // Accepts TCP and never speaks: the TLS handshake never ends.
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    receivers.push({
      close: async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      },
    });
    const { port } = silent.address() as AddressInfo;
    const { id } = await subscribe("customerA1", `https://127.0.0.1:${port}/hooks`, { events: ["callflow.created"] });
    await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "Silent") });
    await until(async () => (await deliveriesOf(id))[0]?.attempts !== 0, 15_000);
    const [logged] = await callerAs(t.actors.customerA1).webhooks.deliveries({ accountId: a1(), id });
    const attempt = logged!.attemptLog[0]!;
    expect(attempt).toMatchObject({ statusCode: null, error: "timed out" });
    expect(CONNECT_TIMEOUT_MS).toBeLessThanOrEqual(5_000);
    expect(attempt.latencyMs).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
    expect(attempt.latencyMs).toBeLessThan(CONNECT_TIMEOUT_MS + 2_000);
    await db.webhookSubscription.delete({ where: { id } });
  });
});

describe("webhook tenant isolation", () => {
  it("a customer's subscription sees only its own events; a reseller's subtree subscription sees its customers'", async () => {
    const hooks = await receiver();
    const sibling = await subscribe("customerA2", hooks.url);
    const resellerSubtree = await subscribe("resellerA", hooks.url, { subtree: true });
    const resellerOwn = await subscribe("resellerA", hooks.url);
    const otherReseller = await subscribe("resellerB", hooks.url, { subtree: true });
    const flow = await createCallFlow(ctxA1(), { accountId: a1(), document: busyFlow(nextExtension(), "Seen by the reseller") });
    await allSettled(resellerSubtree.id, 1);
    expect((await deliveriesOf(resellerSubtree.id))[0]).toMatchObject({ eventType: "callflow.created", accountId: a1() });
    expect(await deliveriesOf(sibling.id)).toEqual([]);
    expect(await deliveriesOf(resellerOwn.id)).toEqual([]);
    expect(await deliveriesOf(otherReseller.id)).toEqual([]);
    const received = hooks.received.filter((webhook) => webhook.payload.data.uuid === flow.id);
    expect(received).toHaveLength(1);
    expect(verified(resellerSubtree.secret, received[0]!)).toMatchObject({ data: { uuid: flow.id } });
  });

  it("another tenant's subscription and deliveries are not found", async () => {
    const hooks = await receiver();
    const { id } = await subscribe("customerA1", hooks.url);
    const asB1 = callerAs(t.actors.customerB1);
    const asResellerB = callerAs(t.actors.resellerB);
    expect(await trpcCode(asB1.webhooks.list({ accountId: a1() }))).toBe("NOT_FOUND");
    expect(await trpcCode(asResellerB.webhooks.deliveries({ accountId: a1(), id }))).toBe("NOT_FOUND");
    expect(await trpcCode(asB1.webhooks.deliveries({ accountId: t.accounts.customerB1.id, id }))).toBe("NOT_FOUND");
    expect(await trpcCode(asB1.webhooks.sendTest({ accountId: t.accounts.customerB1.id, id }))).toBe("NOT_FOUND");
    expect(await trpcCode(asB1.webhooks.delete({ accountId: t.accounts.customerB1.id, id }))).toBe("NOT_FOUND");
    // Another tenant's delivery (B1 has deliveries of its own from the tests above).
    const [delivery] = await db.webhookDelivery.findMany({
      where: { subscriptionId: { not: id }, subscription: { accountId: { not: t.accounts.customerB1.id } } },
      take: 1,
    });
    if (delivery)
      expect(await trpcCode(asB1.webhooks.replay({ accountId: t.accounts.customerB1.id, deliveryId: delivery.id }))).toBe(
        "NOT_FOUND",
      );
    // The owner's reseller reaches it by acting for the customer.
    const asResellerA = callerAs(t.actors.resellerA);
    expect((await asResellerA.webhooks.list({ accountId: a1() })).map((subscription) => subscription.id)).toContain(id);
  });

  it("sends a test event to one subscription, and refuses subtree for a customer", async () => {
    const hooks = await receiver();
    const asA1 = callerAs(t.actors.customerA1);
    const created = await asA1.webhooks.create({
      accountId: a1(),
      subscription: { url: hooks.url, events: ["number.routed"], enabled: true, subtree: false },
    });
    expect(created.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await asA1.webhooks.list({ accountId: a1() }))).not.toContain(created.secret);
    await asA1.webhooks.sendTest({ accountId: a1(), id: created.id });
    await allSettled(created.id, 1);
    expect(hooks.received.map((webhook) => webhook.payload.type)).toEqual(["webhook.test"]);
    const [logged] = await asA1.webhooks.deliveries({ accountId: a1(), id: created.id });
    expect(logged).toMatchObject({
      eventType: "webhook.test",
      status: "delivered",
      attempts: 1,
      attemptLog: [{ statusCode: 204 }],
    });
    expect(
      await trpcCode(
        asA1.webhooks.create({
          accountId: a1(),
          subscription: { url: hooks.url, events: ["number.routed"], enabled: true, subtree: true },
        }),
      ),
    ).toBe("BAD_REQUEST");
  });
});

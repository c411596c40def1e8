import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerAs, createTenants } from "./fixtures";
import {
  accountIdsOf,
  auditEventsDuring,
  busyFlow,
  counter,
  issuesOf,
  type Tenants,
  trpcCode,
  trpcError,
  uniquePhoneNumber,
} from "./procedure-helpers";
import { authHeaders, callApi, createApiUser, busyFlow as restBusyFlow } from "./rest-client";
import { officeHours } from "./schedule-fixtures";

// Phone numbers are inventory: resellers and admins add, assign, release and remove them;
// customers only route their own. Written from the attacker's side: a customer probing for
// numbers, a reseller probing another reseller's tree.

let t: Tenants;
const nextExtension = counter(800);

beforeAll(async () => {
  t = await createTenants();
});

const customer = () => callerAs(t.actors.customerA1);
const resellerA = () => callerAs(t.actors.resellerA);
const resellerB = () => callerAs(t.actors.resellerB);
/** A route to one flow (none unless given), with no schedule: the one form routes whole. */
const FIXED_FLOW = { callFlowId: null, scheduleId: null, closedCallFlowId: null };

async function actionsDuring(change: () => Promise<unknown>) {
  return (await auditEventsDuring(accountIdsOf(t), change)).map((event) => [event.action, event.accountId]);
}

describe("a customer", () => {
  it("cannot add a number, free or held by another tenant, and the two refusals are the same", async () => {
    const held = uniquePhoneNumber();
    await resellerB().resources.phoneNumbers.create({ accountId: t.accounts.customerB1.id, number: held, callFlowId: null });
    const free = uniquePhoneNumber();
    const a1 = t.accounts.customerA1.id;

    let heldError: Awaited<ReturnType<typeof trpcError>> | undefined;
    let freeError: Awaited<ReturnType<typeof trpcError>> | undefined;
    const actions = await actionsDuring(async () => {
      heldError = await trpcError(customer().resources.phoneNumbers.create({ accountId: a1, number: held, callFlowId: null }));
      freeError = await trpcError(customer().resources.phoneNumbers.create({ accountId: a1, number: free, callFlowId: null }));
    });
    expect(heldError?.code).toBe("FORBIDDEN");
    expect(freeError?.code).toBe("FORBIDDEN");
    expect(heldError?.message).toBe(freeError?.message.replace(free, held));
    expect(heldError?.message).not.toMatch(/in use|already|not available/i);
    expect(actions).toEqual([]);
    expect(await db.phoneNumber.count({ where: { number: free } })).toBe(0);
    expect((await db.phoneNumber.findUniqueOrThrow({ where: { number: held } })).accountId).toBe(t.accounts.customerB1.id);
  });

  it("routes its own number to its own flow, but cannot remove or reassign it", async () => {
    const a1 = t.accounts.customerA1.id;
    const number = await resellerA().resources.phoneNumbers.create({
      accountId: a1,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const flow = await customer().callFlows.create({ accountId: a1, document: busyFlow(nextExtension()) });

    const routed = await customer().schedules.routeNumber({ ...FIXED_FLOW, accountId: a1, id: number.id, callFlowId: flow.id });
    expect(routed).toMatchObject({ number: number.number, callFlowId: flow.id });

    const actions = await actionsDuring(async () => {
      expect(await trpcCode(customer().resources.phoneNumbers.delete({ accountId: a1, id: number.id }))).toBe("FORBIDDEN");
      const toSibling = { accountId: a1, id: number.id, toAccountId: t.accounts.customerA2.id };
      expect(await trpcCode(customer().resources.phoneNumbers.assign(toSibling))).toBe("FORBIDDEN");
      expect(await trpcCode(customer().resources.phoneNumbers.assign({ ...toSibling, toAccountId: null }))).toBe("FORBIDDEN");
      expect(await trpcCode(customer().resources.phoneNumbers.assignableAccounts())).toBe("FORBIDDEN");
    });
    expect(actions).toEqual([]);
    expect(await db.phoneNumber.findUniqueOrThrow({ where: { id: number.id } })).toMatchObject({
      accountId: a1,
      callFlowId: flow.id,
    });
  });

  it("cannot renumber its number through routing: only the route changes", async () => {
    const a1 = t.accounts.customerA1.id;
    const number = await resellerA().resources.phoneNumbers.create({
      accountId: a1,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const other = uniquePhoneNumber();
    const input = { ...FIXED_FLOW, accountId: a1, id: number.id, number: other } as Parameters<
      ReturnType<typeof customer>["schedules"]["routeNumber"]
    >[0];
    expect((await customer().schedules.routeNumber(input)).number).toBe(number.number);
    expect(await db.phoneNumber.count({ where: { number: other } })).toBe(0);
  });

  it("lists only its own numbers through the REST API, which offers no way to add one", async () => {
    const api = await createApiUser(t.accounts.customerA1);
    const own = await resellerA().resources.phoneNumbers.create({
      accountId: t.accounts.customerA1.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const sibling = await resellerA().resources.phoneNumbers.create({
      accountId: t.accounts.customerA2.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const listed = await callApi("GET", "/voip/number", { headers: authHeaders(api) });
    expect(listed.status).toBe(200);
    const numbers = (listed.json!.result as { number: string }[]).map((row) => row.number);
    expect(numbers).toContain(own.number);
    expect(numbers).not.toContain(sibling.number);
    const held = await db.phoneNumber.count({ where: { accountId: t.accounts.customerA1.id } });
    for (const method of ["POST", "DELETE"] as const) {
      const refused = await callApi(method, "/voip/number", { headers: authHeaders(api), body: { number: uniquePhoneNumber() } });
      expect(refused.status, method).toBe(405);
    }
    expect(await db.phoneNumber.count({ where: { accountId: t.accounts.customerA1.id } })).toBe(held);
  });
});

describe("a reseller's inventory", () => {
  it("adds a number unassigned on its own account, assigns, reassigns and releases it, each audited", async () => {
    const { resellerA: own, customerA1: a1, customerA2: a2 } = t.accounts;
    const flow = await customer().callFlows.create({ accountId: a1.id, document: busyFlow(nextExtension()) });
    let number = await resellerA().resources.phoneNumbers.create({
      accountId: own.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    expect(number.accountId).toBe(own.id);

    expect(
      await actionsDuring(async () => {
        number = await resellerA().resources.phoneNumbers.assign({ accountId: own.id, id: number.id, toAccountId: a1.id });
      }),
    ).toEqual([
      ["phonenumber.unassign", own.id],
      ["phonenumber.assign", a1.id],
    ]);
    expect((await customer().resources.phoneNumbers.list({ accountId: a1.id })).items.map((row) => row.number)).toContain(
      number.number,
    );
    await customer().schedules.routeNumber({ ...FIXED_FLOW, accountId: a1.id, id: number.id, callFlowId: flow.id });

    // Reassigned: the route goes (a flow belongs to one account), and A1 sees only that it left.
    const events = await auditEventsDuring(accountIdsOf(t), async () => {
      number = await resellerA().resources.phoneNumbers.assign({ accountId: a1.id, id: number.id, toAccountId: a2.id });
    });
    expect(number).toMatchObject({ accountId: a2.id, callFlowId: null });
    const leftA1 = events.find((event) => event.accountId === a1.id);
    expect(leftA1?.action).toBe("phonenumber.unassign");
    expect(JSON.stringify({ before: leftA1?.before, after: leftA1?.after })).not.toContain(a2.id);
    expect((await customer().resources.phoneNumbers.list({ accountId: a1.id })).items.map((row) => row.id)).not.toContain(
      number.id,
    );
    const customerView = await customer().audit.query({ entityId: number.id });
    expect(JSON.stringify(customerView.items)).not.toContain(a2.id);

    number = await resellerA().resources.phoneNumbers.assign({ accountId: a2.id, id: number.id, toAccountId: null });
    expect(number.accountId).toBe(own.id);
    const again = await trpcError(
      resellerA().resources.phoneNumbers.assign({ accountId: own.id, id: number.id, toAccountId: null }),
    );
    expect(again.code).toBe("BAD_REQUEST");
    expect(issuesOf(again)).toEqual([{ path: "toAccountId", message: "The number is not assigned to a customer" }]);

    expect(await actionsDuring(() => resellerA().resources.phoneNumbers.delete({ accountId: own.id, id: number.id }))).toEqual([
      ["phonenumber.delete", own.id],
    ]);
    expect(await db.phoneNumber.count({ where: { id: number.id } })).toBe(0);
  });

  it("an admin's release returns a customer's number to the customer's reseller, not the platform", async () => {
    const number = await callerAs(t.actors.admin).resources.phoneNumbers.create({
      accountId: t.accounts.customerA2.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const released = await callerAs(t.actors.admin).resources.phoneNumbers.assign({
      accountId: t.accounts.customerA2.id,
      id: number.id,
      toAccountId: null,
    });
    expect(released.accountId).toBe(t.accounts.resellerA.id);
  });

  it("offers its own account and those below it as assignment targets", async () => {
    const ids = (await resellerA().resources.phoneNumbers.assignableAccounts()).items.map((account) => account.id);
    expect(new Set(ids)).toEqual(new Set([t.accounts.resellerA.id, t.accounts.customerA1.id, t.accounts.customerA2.id]));
  });

  it("pages the assignment targets by name and finds them by part of it, never beyond the reseller's tree", async () => {
    const targets = (input: Parameters<ReturnType<typeof resellerA>["resources"]["phoneNumbers"]["assignableAccounts"]>[0]) =>
      resellerA().resources.phoneNumbers.assignableAccounts(input);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await targets({ limit: 1, cursor, exceptAccountId: t.accounts.resellerA.id });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((account) => account.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(
      [t.accounts.customerA1, t.accounts.customerA2].sort((a, b) => (a.name < b.name ? -1 : 1)).map((account) => account.id),
    );
    const found = await targets({ search: "CUSTOMER-A2" });
    expect(found.items.map((account) => account.id)).toEqual([t.accounts.customerA2.id]);
    // Another reseller's customer is not found, however exactly it is named.
    expect((await targets({ search: t.accounts.customerB1.name })).items).toEqual([]);
    expect(await trpcCode(targets({ limit: 101 }))).toBe("BAD_REQUEST");
  });
});

describe("isolation between resellers", () => {
  it("a number held in another reseller's tree is 'not available', naming no one, the same wherever it is held", async () => {
    const inCustomer = uniquePhoneNumber();
    const unassigned = uniquePhoneNumber();
    await resellerA().resources.phoneNumbers.create({
      accountId: t.accounts.customerA1.id,
      number: inCustomer,
      callFlowId: null,
    });
    await resellerA().resources.phoneNumbers.create({ accountId: t.accounts.resellerA.id, number: unassigned, callFlowId: null });

    for (const number of [inCustomer, unassigned]) {
      const error = await trpcError(
        resellerB().resources.phoneNumbers.create({ accountId: t.accounts.customerB1.id, number, callFlowId: null }),
      );
      expect(error.code).toBe("CONFLICT");
      expect(issuesOf(error)).toEqual([{ path: "number", message: `The number ${number} is not available` }]);
      for (const name of [t.accounts.resellerA.name, t.accounts.customerA1.name])
        expect(JSON.stringify({ message: error.message, cause: error.cause })).not.toContain(name);
    }
  });

  it("a number held in the reseller's own tree is named with the account holding it", async () => {
    const number = uniquePhoneNumber();
    await resellerA().resources.phoneNumbers.create({ accountId: t.accounts.customerA1.id, number, callFlowId: null });
    const error = await trpcError(
      resellerA().resources.phoneNumbers.create({ accountId: t.accounts.customerA2.id, number, callFlowId: null }),
    );
    expect(issuesOf(error)).toEqual([
      { path: "number", message: `The number ${number} is already on the account ${t.accounts.customerA1.name}` },
    ]);
  });

  it("another reseller can neither move a number in nor out of a tree it does not reach", async () => {
    const theirs = await resellerA().resources.phoneNumbers.create({
      accountId: t.accounts.customerA1.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const mine = await resellerB().resources.phoneNumbers.create({
      accountId: t.accounts.resellerB.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const actions = await actionsDuring(async () => {
      for (const call of [
        () =>
          resellerB().resources.phoneNumbers.assign({
            accountId: t.accounts.customerA1.id,
            id: theirs.id,
            toAccountId: t.accounts.customerB1.id,
          }),
        () =>
          resellerB().resources.phoneNumbers.assign({
            accountId: t.accounts.customerB1.id,
            id: theirs.id,
            toAccountId: t.accounts.customerB1.id,
          }),
        () =>
          resellerB().resources.phoneNumbers.assign({
            accountId: t.accounts.resellerB.id,
            id: mine.id,
            toAccountId: t.accounts.customerA1.id,
          }),
        () => resellerB().resources.phoneNumbers.delete({ accountId: t.accounts.resellerB.id, id: theirs.id }),
        () => resellerB().schedules.routeNumber({ ...FIXED_FLOW, accountId: t.accounts.resellerB.id, id: theirs.id }),
      ]) {
        // One call at a time: each is made only when the one before has been refused.
        expect(await trpcCode(call())).toBe("NOT_FOUND");
      }
    });
    expect(actions).toEqual([]);
    expect((await db.phoneNumber.findUniqueOrThrow({ where: { id: theirs.id } })).accountId).toBe(t.accounts.customerA1.id);
    expect((await db.phoneNumber.findUniqueOrThrow({ where: { id: mine.id } })).accountId).toBe(t.accounts.resellerB.id);
  });
});

describe("a moved or released number", () => {
  // The attacker here is the number's next holder: the route its calls follow must not be the
  // previous holder's schedule and flows, and the previous holder must stay free to delete them.
  const extensions = counter(900);

  async function numberRoutedBySchedule() {
    const a1 = t.accounts.customerA1;
    const api = await createApiUser(a1);
    const post = async (path: string, body: unknown) => {
      const response = await callApi("POST", path, { headers: authHeaders(api), body });
      expect(response.status, path).toBe(201);
      return (response.json!.result as { uuid: string }).uuid;
    };
    const open = await post("/voip/flow", restBusyFlow(extensions(), "Open"));
    const closed = await post("/voip/flow", restBusyFlow(extensions(), "Closed"));
    const schedule = await post("/voip/schedule", officeHours());
    const number = await resellerA().resources.phoneNumbers.create({
      accountId: a1.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const routed = await callApi("PUT", `/voip/number/${number.id}`, {
      headers: authHeaders(api),
      body: { call_flow: open, schedule, closed_call_flow: closed },
    });
    expect(routed.status).toBe(200);
    return { api, number, a1Uuids: [open, closed, schedule], open, closed, schedule };
  }

  it("reaches its new holder with no route: none of the old holder's uuids, and the old holder deletes its schedule and flows", async () => {
    const { api, number, a1Uuids, open, closed, schedule } = await numberRoutedBySchedule();
    const a2 = t.accounts.customerA2;
    const moved = await resellerA().resources.phoneNumbers.assign({
      accountId: t.accounts.customerA1.id,
      id: number.id,
      toAccountId: a2.id,
    });
    expect(moved.accountId).toBe(a2.id);
    expect(await db.phoneNumber.findUniqueOrThrow({ where: { id: number.id } })).toMatchObject({
      accountId: a2.id,
      callFlowId: null,
      scheduleId: null,
      closedCallFlowId: null,
    });

    const newHolder = await createApiUser(a2);
    const listed = await callApi("GET", "/voip/number", { headers: authHeaders(newHolder) });
    expect(listed.status).toBe(200);
    expect(listed.json!.result).toContainEqual({
      uuid: number.id,
      number: number.number,
      call_flow: null,
      schedule: null,
      closed_call_flow: null,
    });
    for (const uuid of a1Uuids) expect(listed.text).not.toContain(uuid);
    const route = await callApi("GET", `/voip/number/${number.id}/route`, { headers: authHeaders(newHolder) });
    expect(route.json!.result).toEqual({ call_flow: null, open: null, reason: "no_schedule" });

    // The old holder's schedule and flows are its own again: nothing of another account uses them.
    expect((await callApi("DELETE", `/voip/schedule/${schedule}`, { headers: authHeaders(api) })).status).toBe(204);
    for (const flow of [open, closed]) {
      expect((await callApi("DELETE", `/voip/flow/${flow}`, { headers: authHeaders(api) })).status).toBe(204);
    }
  });

  it("goes back to the inventory with no route when released", async () => {
    const { api, number, schedule } = await numberRoutedBySchedule();
    const released = await resellerA().resources.phoneNumbers.assign({
      accountId: t.accounts.customerA1.id,
      id: number.id,
      toAccountId: null,
    });
    expect(released.accountId).toBe(t.accounts.resellerA.id);
    expect(await db.phoneNumber.findUniqueOrThrow({ where: { id: number.id } })).toMatchObject({
      accountId: t.accounts.resellerA.id,
      callFlowId: null,
      scheduleId: null,
      closedCallFlowId: null,
    });
    expect((await callApi("DELETE", `/voip/schedule/${schedule}`, { headers: authHeaders(api) })).status).toBe(204);
  });

  it("the database itself refuses a number that routes by another account's schedule or flows", async () => {
    const { number, open, closed, schedule } = await numberRoutedBySchedule();
    const elsewhere = await resellerA().resources.phoneNumbers.create({
      accountId: t.accounts.customerA2.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    // As a bug in any write path would: the row's own account, another account's routing.
    const attempts = [
      db.$executeRaw`UPDATE "PhoneNumber" SET "callFlowId" = ${open}::uuid WHERE id = ${elsewhere.id}::uuid`,
      db.$executeRaw`UPDATE "PhoneNumber" SET "scheduleId" = ${schedule}::uuid WHERE id = ${elsewhere.id}::uuid`,
      db.$executeRaw`UPDATE "PhoneNumber" SET "scheduleId" = ${schedule}::uuid, "closedCallFlowId" = ${closed}::uuid
                     WHERE id = ${elsewhere.id}::uuid`,
      // The number moved without its route being cleared: the old code's bug.
      db.$executeRaw`UPDATE "PhoneNumber" SET "accountId" = ${t.accounts.customerA2.id}::uuid WHERE id = ${number.id}::uuid`,
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toThrow(/foreign key/i);
    expect(await db.phoneNumber.findUniqueOrThrow({ where: { id: elsewhere.id } })).toMatchObject({
      callFlowId: null,
      scheduleId: null,
      closedCallFlowId: null,
    });
    expect((await db.phoneNumber.findUniqueOrThrow({ where: { id: number.id } })).accountId).toBe(t.accounts.customerA1.id);
  });
});

describe("numbers typed in national format", () => {
  it("are read as the account's country's and stored in E.164; what is no number is refused at its field", async () => {
    const a1 = t.accounts.customerA1;
    const e164 = uniquePhoneNumber();
    // "+4420…" as a caller in Britain dials it: "020 …".
    const national = `0${e164.slice(3, 5)} ${e164.slice(5)}`;
    const added = await resellerA().resources.phoneNumbers.create({ accountId: a1.id, number: national, callFlowId: null });
    expect(added.number).toBe(e164);

    const refused = await actionsDuring(async () => {
      const error = await trpcError(
        resellerA().resources.phoneNumbers.create({ accountId: a1.id, number: "garbage", callFlowId: null }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(issuesOf(error)).toEqual([
        { path: "number", message: "Number: enter a phone number, like 01632 960099 or +441632960099" },
      ]);
    });
    expect(refused).toEqual([]);

    // The same digits typed again, internationally this time: the number it is, already held.
    const again = await trpcError(
      resellerA().resources.phoneNumbers.create({ accountId: a1.id, number: `+44 ${e164.slice(3)}`, callFlowId: null }),
    );
    expect(issuesOf(again)).toEqual([{ path: "number", message: `The number ${e164} is already on the account ${a1.name}` }]);
  });

  it("follow the country a reseller sets on its customer", async () => {
    const reseller = resellerA();
    const customer = await reseller.accounts.customers.create({
      name: `us-customer-${t.suffix}`,
      contactName: "",
      country: "US",
    });
    expect(customer.country).toBe("US");
    const line = String(Date.now()).slice(-4);
    const exchange = 200 + (Number(String(Date.now()).slice(-7, -4)) % 700);
    const added = await reseller.resources.phoneNumbers.create({
      accountId: customer.id,
      number: `(201) ${exchange}-${line}`,
      callFlowId: null,
    });
    expect(added.number).toBe(`+1201${exchange}${line}`);
    const refused = await trpcError(
      reseller.resources.phoneNumbers.create({ accountId: customer.id, number: "12", callFlowId: null }),
    );
    expect(issuesOf(refused)).toEqual([
      { path: "number", message: "Number: enter a phone number, like (201) 555-0123 or +12015550123" },
    ]);

    const renamed = await reseller.accounts.customers.rename({
      id: customer.id,
      name: customer.name,
      contactName: "",
      country: "de",
    });
    expect(renamed.country).toBe("DE");
    const unknown = await trpcError(
      reseller.accounts.customers.rename({ id: customer.id, name: customer.name, contactName: "", country: "XX" }),
    );
    // Refused by the input's schema (the one the form shares), which names the field.
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.cause).toMatchObject({ issues: [{ path: ["country"], message: "Country: choose a country from the list" }] });
  });
});

describe("the inventory list", () => {
  it("shows a reseller every number of its tree, by holder or unassigned, and nothing of another tree", async () => {
    const { resellerA: own, customerA1: a1, customerA2: a2, customerB1: b1 } = t.accounts;
    const stock = await resellerA().resources.phoneNumbers.create({
      accountId: own.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const onA1 = await resellerA().resources.phoneNumbers.create({
      accountId: a1.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const onA2 = await resellerA().resources.phoneNumbers.create({
      accountId: a2.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const elsewhere = await resellerB().resources.phoneNumbers.create({
      accountId: b1.id,
      number: uniquePhoneNumber(),
      callFlowId: null,
    });
    const flow = await customer().callFlows.create({ accountId: a1.id, document: busyFlow(nextExtension()) });
    await customer().schedules.routeNumber({ ...FIXED_FLOW, accountId: a1.id, id: onA1.id, callFlowId: flow.id });

    const everything = async (input: Parameters<ReturnType<typeof resellerA>["resources"]["phoneNumbers"]["inventory"]>[0]) => {
      const rows = [];
      let cursor: string | undefined;
      do {
        const page = await resellerA().resources.phoneNumbers.inventory({ ...input, cursor, limit: 100 });
        rows.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return rows;
    };
    const all = await everything({});
    const ids = all.map((row) => row.id);
    expect(ids).toEqual(expect.arrayContaining([stock.id, onA1.id, onA2.id]));
    expect(ids).not.toContain(elsewhere.id);
    expect(all.map((row) => row.number)).toEqual([...all.map((row) => row.number)].sort());
    expect(all.find((row) => row.id === onA1.id)).toEqual({
      id: onA1.id,
      number: onA1.number,
      account: { id: a1.id, name: a1.name, displayName: "", kind: "customer" },
      routed: true,
    });

    const unassigned = await everything({ unassigned: true });
    expect(unassigned.every((row) => row.account.id === own.id)).toBe(true);
    expect(unassigned.map((row) => row.id)).toContain(stock.id);
    expect((await everything({ holderId: a2.id })).map((row) => row.id)).toEqual(expect.arrayContaining([onA2.id]));
    expect((await everything({ holderId: a2.id })).every((row) => row.account.id === a2.id)).toBe(true);
    expect((await everything({ search: onA1.number.slice(-8) })).map((row) => row.id)).toEqual([onA1.id]);

    // Another tree's account is not found; customers have no inventory at all.
    expect(await trpcCode(resellerA().resources.phoneNumbers.inventory({ holderId: b1.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(customer().resources.phoneNumbers.inventory({}))).toBe("FORBIDDEN");
  });
});

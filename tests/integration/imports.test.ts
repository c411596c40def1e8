import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { asStoredJson } from "@/server/services/audit/canonical-json";
import { verifyAuditChain } from "@/server/services/audit/verify";
import { runImport } from "@/server/services/imports/imports";
import { createAccount, createTenants, uniqueSuffix } from "./fixtures";
import { uniquePhoneNumber } from "./procedure-helpers";
import { type ApiUser, authHeaders, callApi, createApiUser } from "./rest-client";

// Bulk import and export over REST: dry runs write nothing, each row is atomic, bad rows name
// their column, and an export imported again changes nothing.

type Tenants = Awaited<ReturnType<typeof createTenants>>;
let t: Tenants;
let api: ApiUser;
let reseller: { id: string; name: string; path: string };

beforeAll(async () => {
  t = await createTenants();
  // A reseller of its own, so counts and exports see only this file's rows.
  reseller = await createAccount(`importer-${uniqueSuffix()}`, "reseller", t.accounts.root);
  api = await createApiUser(reseller);
});

type Counts = {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: { row: number; errors: { column: string; message: string }[] }[];
};

function csvImport(kind: string, csv: string, query: string) {
  return callApi("POST", `/voip/import/${kind}?${query}`, {
    headers: { ...authHeaders(api), "Content-Type": "text/csv" },
    rawBody: csv,
  });
}

/** A real run, worked to its end here (the job does the same on a server). */
async function imported(kind: string, csv: string, mode = "create"): Promise<Counts & { status: string }> {
  const started = await csvImport(kind, csv, `dry_run=false&mode=${mode}`);
  expect(started.status, started.text).toBe(202);
  const { uuid, status } = started.json!.result as { uuid: string; status: string };
  expect(status).toBe("queued");
  expect(started.headers.get("location")).toBe(`/voip/import/${uuid}`);
  await runImport(uuid);
  const run = await callApi("GET", `/voip/import/${uuid}`, { headers: authHeaders(api) });
  expect(run.status).toBe(200);
  return run.json!.result as Counts & { status: string };
}

const names = () => Array.from({ length: 3 }, () => `imp-${uniqueSuffix()}`);

describe("bulk import", () => {
  it("answers a dry run at once and writes nothing", async () => {
    const [a, b] = names();
    const csv = `name,display_name,contact_email\n${a},A Ltd,a@example.test\n${b},B Ltd,\n`;
    const before = await db.auditEvent.count();
    const answer = await csvImport("customers", csv, "dry_run=true");
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json!.result).toEqual({ rows: 2, created: 2, updated: 0, unchanged: 0, failed: [] });
    expect(await db.account.count({ where: { name: { in: [a!, b!] } } })).toBe(0);
    expect(await db.auditEvent.count()).toBe(before);
    expect(await db.importRun.count({ where: { ownerAccountId: reseller.id } })).toBe(0);
  });

  it("lands the good rows of a file with bad ones, each bad row naming its column", async () => {
    const [good, other] = names();
    const csv = [
      "name,display_name,contact_email,plan",
      `${good},Good Ltd,good@example.test,`,
      "Not A Handle,Bad Ltd,,",
      `${other},Other Ltd,not-an-email,`,
      `${good},Twice Ltd,,`,
      `${other}x,Planned,,No Such Plan`,
    ].join("\n");
    const dry = (await csvImport("customers", csv, "dry_run=true")).json!.result as Counts;
    const run = await imported("customers", csv);
    expect(run).toMatchObject({ status: "done", rows: 5, created: 1, updated: 0, unchanged: 0 });
    expect(run.failed.map((failure) => [failure.row, failure.errors.map((error) => error.column)])).toEqual([
      [3, ["name"]],
      [4, ["contact_email"]],
      [5, ["name"]],
      [6, ["plan"]],
    ]);
    expect(dry).toEqual({ rows: 5, created: 1, updated: 0, unchanged: 0, failed: run.failed });
    expect(await db.account.findUniqueOrThrow({ where: { name: good } })).toMatchObject({
      parentId: reseller.id,
      displayName: "Good Ltd",
    });
    expect(await db.account.count({ where: { name: other } })).toBe(0);
    // The batch's customers and audit events are written by raw statements: each event holds the
    // account as Prisma reads it, and the chain of hashes holds.
    const created = await db.account.findUniqueOrThrow({ where: { name: good } });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "account.create", entityId: created.id } });
    expect(event.after).toEqual(asStoredJson(created));
    // The chains of this file's accounts only: audit.test alters an event of its own on purpose.
    expect((await verifyAuditChain([reseller.id, created.id])).firstBreak).toBeNull();
  });

  it("imports numbers and users onto customers, respecting plan limits", async () => {
    const [name] = names();
    await imported("customers", `name\n${name}\n`);
    const customer = await db.account.findUniqueOrThrow({ where: { name } });
    const plan = await db.plan.create({
      data: { ownerAccountId: reseller.id, name: `One number ${uniqueSuffix()}`, numbers: 1 },
    });
    await db.account.update({ where: { id: customer.id }, data: { planId: plan.id } });
    const [first, second] = [uniquePhoneNumber(), uniquePhoneNumber()];
    const numbers = await imported("numbers", `number,customer\n${first},${name}\n${second},${name}\n+1,${name}\n`);
    expect(numbers.created).toBe(1);
    expect(numbers.failed).toEqual([
      { row: 3, errors: [{ column: "customer", message: `Plan limit reached: at most 1 phone number (plan "${plan.name}")` }] },
      { row: 4, errors: [{ column: "number", message: expect.any(String) }] },
    ]);
    const email = `imported-${uniqueSuffix()}@example.test`;
    const users = await imported("users", `email,name,customer,role\n${email},Imported Person,${name},customer\n`);
    expect(users).toMatchObject({ created: 1, failed: [] });
    expect(await db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ accountId: customer.id, role: "customer" });
  });

  it("refuses an unknown column and another reseller's import run", async () => {
    const refused = await csvImport("customers", "name,shoe_size\nx,42\n", "dry_run=true");
    expect(refused.status).toBe(400);
    expect(refused.json!.errors![0]!.message).toMatch(/Unknown column "shoe_size"/);
    const started = await csvImport("customers", `name\n${names()[0]}\n`, "dry_run=false");
    const uuid = (started.json!.result as { uuid: string }).uuid;
    const other = await createApiUser(t.accounts.resellerB);
    expect((await callApi("GET", `/voip/import/${uuid}`, { headers: authHeaders(other) })).status).toBe(404);
    await runImport(uuid);
  });

  it("round trip: an export imported again with mode=upsert creates and updates nothing", async () => {
    const [name] = names();
    await imported("customers", `name,display_name,contact_email\n${name},Round Trip,rt@example.test\n`);
    const customer = await db.account.findUniqueOrThrow({ where: { name } });
    await db.phoneNumber.create({ data: { accountId: customer.id, number: uniquePhoneNumber() } });
    for (const kind of ["customers", "numbers", "users"]) {
      const exported = await callApi("GET", `/voip/export/${kind}`, { headers: authHeaders(api) });
      expect(exported.status).toBe(200);
      expect(exported.headers.get("content-type")).toMatch(/^text\/csv/);
      const run = await imported(kind, exported.text, "upsert");
      expect(run, `${kind}:\n${exported.text}`).toMatchObject({ created: 0, updated: 0, failed: [] });
      expect(run.unchanged).toBe(run.rows);
    }
  });
});

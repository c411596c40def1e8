import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/server/auth/actor";
import { db } from "@/server/db";
import { exportAuditCsv } from "@/server/services/audit/audit";
import { ZAuditFilter } from "@/server/services/audit/schemas";
import { sounds } from "@/server/services/resources/kinds";
import { callerAs, contextAs, createAccount, createTenants } from "./fixtures";
import { type Tenants, trpcCode } from "./procedure-helpers";

let t: Tenants;
/** One sound per account, created by the given actor: one "sound.create" event each. */
const soundIds: Record<string, string> = {};

/** Whoever sends a request picks its user agent: one that needs quoting, one that is a formula. */
const AWKWARD_AGENT = 'Agent, "quoted"\r\nInjected: header';
const FORMULA_AGENT = '=HYPERLINK("http://evil.example")';

beforeAll(async () => {
  t = await createTenants();
  const make = async (actor: Actor, account: { id: string }, name: string, userAgent = "integration-test") => {
    const ctx = { principal: actor, ip: "203.0.113.9", userAgent };
    soundIds[account.id] = (await sounds.create(ctx, { accountId: account.id, name })).id;
  };
  await make(t.actors.resellerA, t.accounts.resellerA, "Reseller A's own");
  await make(t.actors.customerA1, t.accounts.customerA1, "Greeting, v2", AWKWARD_AGENT);
  await make(t.actors.resellerA, t.accounts.customerA2, "Made by reseller A", FORMULA_AGENT);
  await make(t.actors.customerB1, t.accounts.customerB1, "B1's");
  await make(t.actors.resellerB, t.accounts.resellerB, "Reseller B's own");
});

/** The accounts whose events a query returned, among this file's tenants. */
async function accountsSeenBy(actor: Actor, input: Parameters<ReturnType<typeof callerAs>["audit"]["query"]>[0] = {}) {
  const { items } = await callerAs(actor).audit.query({ ...input, limit: 200 });
  const ours = new Set(Object.values(t.accounts).map((account) => account.id));
  return new Set(items.map((event) => event.accountId).filter((id) => ours.has(id)));
}

describe("audit.query scoping", () => {
  it("an admin sees every account", async () => {
    const seen = await accountsSeenBy(t.actors.admin);
    for (const account of [
      t.accounts.resellerA,
      t.accounts.customerA1,
      t.accounts.customerA2,
      t.accounts.resellerB,
      t.accounts.customerB1,
    ]) {
      expect(seen).toContain(account.id);
    }
  });

  it("a reseller sees its own tree only", async () => {
    expect(await accountsSeenBy(t.actors.resellerA)).toEqual(
      new Set([t.accounts.resellerA.id, t.accounts.customerA1.id, t.accounts.customerA2.id]),
    );
  });

  it("a customer sees its own account only, including what its reseller did there", async () => {
    expect(await accountsSeenBy(t.actors.customerA2)).toEqual(new Set([t.accounts.customerA2.id]));
    const { items } = await callerAs(t.actors.customerA2).audit.query({});
    // Its reseller appears as staff of its account, never by email (see audit-privacy.test.ts).
    expect(items[0]).toMatchObject({ actorLabel: `${t.accounts.resellerA.name} staff`, accountName: t.accounts.customerA2.name });
  });

  it("an account filter is one account, or its tree with descendants", async () => {
    expect(await accountsSeenBy(t.actors.resellerA, { accountId: t.accounts.resellerA.id })).toEqual(
      new Set([t.accounts.resellerA.id]),
    );
    expect(await accountsSeenBy(t.actors.admin, { accountId: t.accounts.resellerA.id, includeDescendants: true })).toEqual(
      new Set([t.accounts.resellerA.id, t.accounts.customerA1.id, t.accounts.customerA2.id]),
    );
  });

  it("an account out of reach is NOT_FOUND, never an empty page", async () => {
    expect(await trpcCode(callerAs(t.actors.customerA1).audit.query({ accountId: t.accounts.customerA2.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(callerAs(t.actors.resellerA).audit.query({ accountId: t.accounts.customerB1.id }))).toBe("NOT_FOUND");
    await expect(
      exportAuditCsv(contextAs(t.actors.resellerA), ZAuditFilter.parse({ accountId: t.accounts.root.id })),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("audit.query filters", () => {
  const admin = () => callerAs(t.actors.admin);
  const tree = () => ({ accountId: t.accounts.root.id, includeDescendants: true });

  it("by actor, matching part of the label regardless of case", async () => {
    const { items } = await admin().audit.query({ ...tree(), actor: t.actors.resellerA.email.toUpperCase().slice(0, 14) });
    expect(new Set(items.map((event) => event.actorLabel))).toEqual(new Set([t.actors.resellerA.email]));
    expect(items).toHaveLength(2);
  });

  it("by entity type and id", async () => {
    const id = soundIds[t.accounts.customerB1.id]!;
    const { items } = await admin().audit.query({ ...tree(), entityType: "sound", entityId: id });
    expect(items.map((event) => [event.action, event.entityId])).toEqual([["sound.create", id]]);
  });

  it("by action", async () => {
    await callerAs(t.actors.customerA1).resources.sounds.update({
      accountId: t.accounts.customerA1.id,
      id: soundIds[t.accounts.customerA1.id]!,
      name: "Renamed",
    });
    const { items } = await admin().audit.query({ ...tree(), action: "sound.update" });
    expect(items.map((event) => event.accountId)).toEqual([t.accounts.customerA1.id]);
  });

  it("by date range: from inclusive, to exclusive", async () => {
    const all = (await admin().audit.query({ ...tree(), action: "sound.create" })).items;
    const newest = all[0]!.occurredAt;
    const from = await admin().audit.query({ ...tree(), action: "sound.create", from: newest });
    expect(from.items.map((event) => event.id)).toEqual(
      all.filter((event) => event.occurredAt >= newest).map((event) => event.id),
    );
    const to = await admin().audit.query({ ...tree(), action: "sound.create", to: newest });
    expect(to.items.map((event) => event.id)).toEqual(all.filter((event) => event.occurredAt < newest).map((event) => event.id));
    const asText = await admin().audit.query({ ...tree(), action: "sound.create", from: newest.toISOString() });
    expect(asText.items).toEqual(from.items);
  });
});

describe("audit.query cursor pagination", () => {
  it("walks every event once, newest first, and ends with a null cursor", async () => {
    const caller = callerAs(t.actors.resellerA);
    const everything = (await caller.audit.query({ limit: 200 })).items.map((event) => event.id);
    const walked: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await caller.audit.query({ limit: 2, cursor });
      walked.push(...page.items.map((event) => event.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(walked).toEqual(everything);
    expect(pages).toBe(Math.ceil(everything.length / 2));
    expect([...walked].sort((a, b) => Number(BigInt(b) - BigInt(a)))).toEqual(walked);
  });

  it("refuses a cursor that is not one", async () => {
    expect(await trpcCode(callerAs(t.actors.resellerA).audit.query({ cursor: "1 OR 1=1" }))).toBe("BAD_REQUEST");
  });
});

/** RFC 4180, enough to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && char === '"') quoted = false;
    else if (quoted) field += char;
    else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += char;
  }
  return rows;
}

/** The CSV download's whole text, read from its stream. */
async function exportCsv(actor: Actor, filter: Parameters<typeof ZAuditFilter.parse>[0]): Promise<string> {
  return new Response(await exportAuditCsv(contextAs(actor), ZAuditFilter.parse(filter))).text();
}

describe("the audit CSV export", () => {
  it("exports the customer's own events, quoting commas, quotes and line breaks", async () => {
    const csv = await exportCsv(t.actors.customerA1, { accountId: t.accounts.customerA1.id, action: "sound.create" });
    expect(csv.endsWith("\r\n")).toBe(true);
    const [header, line, ...rest] = parseCsv(csv);
    expect(rest).toEqual([]);
    expect(header).toEqual([
      "id",
      "occurredAt",
      "account",
      "accountId",
      "actor",
      "actorAccountId",
      "channel",
      "ip",
      "userAgent",
      "action",
      "entityType",
      "entityId",
      "before",
      "after",
    ]);
    const record = Object.fromEntries(header!.map((column, i) => [column, line![i]]));
    expect(record).toMatchObject({
      account: t.accounts.customerA1.name,
      actor: t.actors.customerA1.email,
      action: "sound.create",
      entityId: soundIds[t.accounts.customerA1.id],
      before: "",
    });
    expect(record.userAgent).toBe(AWKWARD_AGENT);
    expect(csv).toContain('"Agent, ""quoted""\r\nInjected: header"');
    expect(JSON.parse(record.after!)).toMatchObject({ name: "Greeting, v2" });
  });

  it("defuses a field a spreadsheet would run as a formula", async () => {
    const csv = await exportCsv(t.actors.resellerA, { accountId: t.accounts.customerA2.id, action: "sound.create" });
    const [header, line] = parseCsv(csv);
    expect(line![header!.indexOf("userAgent")]).toBe(`'${FORMULA_AGENT}`);
  });

  it("holds only the reseller's tree", async () => {
    const csv = await exportCsv(t.actors.resellerA, { action: "sound.create" });
    const accounts = parseCsv(csv)
      .slice(1)
      .map((line) => line[3]);
    expect(new Set(accounts)).toEqual(new Set([t.accounts.resellerA.id, t.accounts.customerA1.id, t.accounts.customerA2.id]));
  });
});

describe("the audit CSV export, streamed", () => {
  it("holds every event across many pages of its cursor, newest first, each once", async () => {
    const account = await createAccount(`many-events-${t.suffix}`, "customer", t.accounts.root);
    const ctx = { principal: t.actors.admin, ip: "203.0.113.9", userAgent: "integration-test" };
    for (let i = 0; i < 60; i++) await sounds.create(ctx, { accountId: account.id, name: `Sound ${i}` });
    const lines = parseCsv(await exportCsv(t.actors.admin, { accountId: account.id })).slice(1);
    const ids = lines.map((line) => BigInt(line[0]!));
    expect(ids).toHaveLength(60);
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1]!)).toBe(true);
    expect(lines.map((line) => JSON.parse(line[13]!).name)).toEqual([...Array(60).keys()].map((i) => `Sound ${59 - i}`));
  });
});

describe("audit.query and audit.event", () => {
  it("pages carry summaries; an event opened whole has its before and after", async () => {
    const customer = callerAs(t.actors.customerA1);
    const [summary] = (await customer.audit.query({ action: "sound.create", limit: 1 })).items;
    expect(summary).not.toHaveProperty("after");
    expect(summary).not.toHaveProperty("before");
    const event = await customer.audit.event({ id: summary!.id });
    expect(event).toMatchObject({ id: summary!.id, action: "sound.create", before: null, after: { name: "Greeting, v2" } });
  });

  it("another tenant's event, and one that does not exist, are NOT_FOUND", async () => {
    const [theirs] = (await callerAs(t.actors.customerB1).audit.query({ limit: 1 })).items;
    expect(await trpcCode(callerAs(t.actors.customerA1).audit.event({ id: theirs!.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(callerAs(t.actors.resellerA).audit.event({ id: theirs!.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(callerAs(t.actors.customerA1).audit.event({ id: "9999999999999999999" }))).toBe("NOT_FOUND");
    expect(await trpcCode(callerAs(t.actors.customerB1).audit.event({ id: theirs!.id }))).toBe("OK");
  });
});

describe("audit.verifyChain", () => {
  it("reports for admins how many events it checked and where the chain first breaks, if it does", async () => {
    const report = await callerAs(t.actors.admin).audit.verifyChain();
    expect(report.checkedEvents + (report.firstBreak ? 1 : 0)).toBeGreaterThan(0);
    expect(await db.auditEvent.count()).toBeGreaterThanOrEqual(report.checkedEvents);
  });
});

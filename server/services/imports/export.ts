import type { Principal, RequestContext } from "@/server/auth/actor";
import { accountsWithinReach, descendantAccounts } from "@/server/auth/scope";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { csvStream } from "./csv";
import type { ImportKind } from "./schemas";

// ─── EXPORTS ─── each kind as CSV in the import's columns, streamed: read a page at a time by
// the natural key (a keyset, so memory holds one page whatever the tree's size), written as it is
// read. Imported again with mode=upsert, an export changes nothing.

const PAGE = 500;

type Row = Record<string, string>;

/** Pages of a keyset read: `read(after)` answers the rows after the last key, in key order. */
async function* paged<Item extends { key: string }>(read: (after: string | undefined) => Promise<Item[]>): AsyncGenerator<Item> {
  let after: string | undefined;
  for (;;) {
    const page = await read(after);
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1]!.key;
  }
}

async function* customerRows(principal: Principal): AsyncGenerator<Row> {
  const pages = paged(async (after) =>
    (
      await db.account.findMany({
        where: { ...descendantAccounts(principal), kind: "customer", ...(after ? { name: { gt: after } } : {}) },
        orderBy: { name: "asc" },
        take: PAGE,
        select: { name: true, displayName: true, contactEmail: true, plan: { select: { name: true } } },
      })
    ).map((account) => ({ key: account.name, ...account })),
  );
  for await (const account of pages) {
    yield {
      name: account.name,
      display_name: account.displayName,
      contact_email: account.contactEmail,
      plan: account.plan?.name ?? "",
      owner_email: "",
    };
  }
}

/** The `customer` column: the account's name, or empty for the principal's own account. */
const customerColumn = (principal: Principal, account: { id: string; name: string }) =>
  account.id === principal.accountId ? "" : account.name;

async function* numberRows(principal: Principal): AsyncGenerator<Row> {
  const pages = paged(async (after) =>
    (
      await db.phoneNumber.findMany({
        where: { account: accountsWithinReach(principal), ...(after ? { number: { gt: after } } : {}) },
        orderBy: { number: "asc" },
        take: PAGE,
        select: { number: true, account: { select: { id: true, name: true } } },
      })
    ).map((number) => ({ key: number.number, ...number })),
  );
  for await (const number of pages) yield { number: number.number, customer: customerColumn(principal, number.account) };
}

async function* userRows(principal: Principal): AsyncGenerator<Row> {
  const pages = paged(async (after) =>
    (
      await db.user.findMany({
        where: { account: accountsWithinReach(principal), ...(after ? { email: { gt: after } } : {}) },
        orderBy: { email: "asc" },
        take: PAGE,
        select: { email: true, displayName: true, role: true, account: { select: { id: true, name: true } } },
      })
    ).map((user) => ({ key: user.email, ...user })),
  );
  for await (const user of pages) {
    yield { email: user.email, name: user.displayName, customer: customerColumn(principal, user.account), role: user.role };
  }
}

const ROWS: Record<ImportKind, (principal: Principal) => AsyncGenerator<Row>> = {
  customers: customerRows,
  numbers: numberRows,
  users: userRows,
};

/** The principal's customers, numbers or users as CSV, streamed. */
export function exportCsv({ principal }: RequestContext, { kind }: { kind: ImportKind }): ReadableStream<Uint8Array> {
  if (principal.accountKind === "customer") throw new AppError("FORBIDDEN", "Only resellers and admins export");
  return csvStream(kind, ROWS[kind](principal));
}

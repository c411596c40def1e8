import { randomUUID } from "node:crypto";
import type { RequestContext } from "@/server/auth/actor";
import { db } from "@/server/db";
import type { AccountTx } from "@/server/db/account-writers";
import { type CountedLimit, planLimitMessage } from "@/server/domain/plans";
import { zodFieldIssues } from "@/server/errors";
import type { Account } from "@/server/generated/prisma/client";
import type { AccountKind, Role } from "@/server/generated/prisma/enums";
import type { AuditChange } from "../audit/record";
import { childPath, createChildAccount } from "../accounts/tree";
import { planRulesOf, type Reservation, reserveInTransaction, used } from "../plans/limits";
import { issuePasswordLink } from "../users/password-links";
import type { CsvRecord } from "./csv";
import { IMPORT_ROW_SCHEMAS, type ImportIssue, type ImportKind, type ImportMode, type ImportRowValues } from "./schemas";

// ─── WHAT EACH ROW OF AN IMPORT DOES ─── Rows are decided a batch at a time with a few reads
// (the accounts, numbers or users they name), then each decision is applied inside the batch's
// transaction under a savepoint of its own (imports.ts), so a failing row writes nothing and the
// others go on. A dry run decides and applies nothing. The natural key of a row is the
// customer's name, the number, or the user's email; with mode=upsert a row whose key exists in
// reach updates it (or leaves it unchanged), with mode=create it is refused.

export type RowWrite = (tx: AccountTx, run: RunContext) => Promise<void>;

/** A new customer that can be inserted with the others of its batch in one statement (no owner to create with it). */
export type BulkCustomer = { name: string; displayName: string; contactEmail: string; planId: string | null };

export type Decision =
  | { row: number; outcome: "failed"; errors: ImportIssue[] }
  | { row: number; outcome: "created" | "updated"; write: RowWrite; bulkCustomer?: BulkCustomer }
  | { row: number; outcome: "unchanged" };

/** The account whose staff runs the import: the tree its rows reach. */
export type ImportOwner = { id: string; path: string; kind: AccountKind };

/** What the rows of one import share, across its batches. */
export type RunContext = {
  ctx: RequestContext;
  owner: ImportOwner;
  mode: ImportMode;
  /** Each natural key met so far, and its row: a key twice in one file is refused the second time. */
  seen: Map<string, number>;
  /** What each account may still take under its plan, counted once and then followed in memory. */
  room: Map<string, { left: number | null; message: string }>;
  /** One-time links of users created, to mail once their batch has committed. */
  links: { email: string; displayName: string; accountName: string; link: string }[];
  /** Where new users' set-password links point: the owner's active custom domain, if any. */
  linkBase: string;
  /** The batch's audit changes, recorded together when it ends (recordChanges). */
  audit: AuditChange[];
  /** Places taken in the batch's transaction, by account and limit (see `reserve`). */
  reserved: Map<string, Reservation>;
};

export function runContext(ctx: RequestContext, owner: ImportOwner, mode: ImportMode, linkBase: string): RunContext {
  return { ctx, owner, mode, seen: new Map(), room: new Map(), links: [], audit: [], reserved: new Map(), linkBase };
}

const failed = (row: number, column: string, message: string): Decision => ({
  row,
  outcome: "failed",
  errors: [{ column, message }],
});

/** The row's values by its schema, or its problems by column. */
function parseRow<K extends ImportKind>(kind: K, record: CsvRecord): ImportRowValues<K> | Decision {
  const parsed = IMPORT_ROW_SCHEMAS[kind].safeParse(record.values);
  if (parsed.success) return parsed.data as ImportRowValues<K>;
  const errors = zodFieldIssues(parsed.error.issues).map((issue) => ({ column: issue.path, message: issue.message }));
  return { row: record.row, outcome: "failed", errors };
}

function isDecision(value: unknown): value is Decision {
  return typeof value === "object" && value !== null && "outcome" in value;
}

type ParsedRow<K extends ImportKind> = { record: CsvRecord; values: ImportRowValues<K> | Decision };

/** A batch's rows parsed by their kind's schema, and the values of those that parsed: what the batch's reads look up. */
function parseRows<K extends ImportKind>(kind: K, records: CsvRecord[]): { rows: ParsedRow<K>[]; valid: ImportRowValues<K>[] } {
  const rows = records.map((record) => ({ record, values: parseRow(kind, record) }));
  return { rows, valid: rows.flatMap(({ values }) => (isDecision(values) ? [] : [values])) };
}

/**
 * Each row's decision in file order: a row that failed its schema stays failed, the others are
 * decided one after another, since a row counts against the keys seen and the plan places taken
 * by the rows before it.
 */
async function decideInOrder<K extends ImportKind>(
  rows: ParsedRow<K>[],
  decide: (row: number, values: ImportRowValues<K>) => Promise<Decision>,
): Promise<Decision[]> {
  const decisions: Decision[] = [];
  for (const { record, values } of rows) decisions.push(isDecision(values) ? values : await decide(record.row, values));
  return decisions;
}

/** A key met before in the file is refused, naming the row that had it. */
function repeated(run: RunContext, row: number, column: string, key: string): Decision | null {
  const first = run.seen.get(key);
  if (first !== undefined) return failed(row, column, `Row ${first} has this ${column} already`);
  run.seen.set(key, row);
  return null;
}

/** Takes one place of `limit` on the account, or says why there is none (followed in memory across the run). */
async function takePlace(run: RunContext, accountId: string, limit: CountedLimit): Promise<string | null> {
  const key = `${accountId}:${limit}`;
  let room = run.room.get(key);
  if (!room) {
    const plan = await planRulesOf(db, accountId);
    const max = plan?.limits[limit] ?? null;
    room =
      plan === null || max === null
        ? { left: null, message: "" }
        : { left: max - (await used(db, accountId, limit)), message: planLimitMessage(limit, max, plan.name) };
    run.room.set(key, room);
  }
  if (room.left === null) return null;
  if (room.left <= 0) return room.message;
  room.left -= 1;
  return null;
}

const inTree = (run: RunContext, path: string) => path.startsWith(run.owner.path);

/**
 * Takes one place of `limit` on the account inside the batch's transaction: its first row locks
 * the account and counts (reserveInTransaction), the rows after it count on in memory, so the
 * batch is race-free and pays one lock and one count per account.
 */
async function reserve(tx: AccountTx, run: RunContext, accountId: string, limit: CountedLimit): Promise<void> {
  const key = `${accountId}:${limit}`;
  let reservation = run.reserved.get(key);
  if (!reservation) {
    reservation = await reserveInTransaction(tx, accountId, limit);
    run.reserved.set(key, reservation);
  }
  reservation.take();
}

/** Accounts the rows may name in their `customer` column: a customer below the owner by name; "" is the owner itself. */
async function accountsNamed(run: RunContext, rows: { customer: string }[]) {
  const names = rows.map((values) => values.customer);
  const found = (await accountsByName([...new Set(names.filter(Boolean))])).filter(
    (account) => account.kind === "customer" && inTree(run, account.path) && account.id !== run.owner.id,
  );
  const byName = new Map(found.map((account) => [account.name, account]));
  return (name: string) => (name === "" ? { id: run.owner.id, name: "", kind: run.owner.kind } : byName.get(name));
}

// ─── Customers ───

type NamedAccount = {
  id: string;
  name: string;
  path: string;
  kind: AccountKind;
  displayName: string;
  contactEmail: string;
  planId: string | null;
};

/**
 * The accounts with these names, each found by its unique index: `name IN (…)` lets the planner
 * pick the trigram index (made for searching part of a name), whose equality lookups cost tens of
 * milliseconds each; ordered by the name, each lookup takes the unique b-tree (microseconds).
 */
function accountsByName(names: string[]): Promise<NamedAccount[]> {
  return db.$queryRaw<NamedAccount[]>`
    SELECT a.id, a.name, a.path, a.kind::text AS kind, a."displayName", a."contactEmail", a."planId"
    FROM unnest(${names}::text[]) AS wanted(name)
    JOIN LATERAL (SELECT * FROM "Account" WHERE "Account".name = wanted.name ORDER BY "Account".name LIMIT 1) a ON true`;
}

async function decideCustomers(run: RunContext, records: CsvRecord[]): Promise<Decision[]> {
  const { rows, valid } = parseRows("customers", records);
  const [existing, plans, owners] = await Promise.all([
    accountsByName(valid.map((values) => values.name)),
    db.plan.findMany({ where: { ownerAccountId: run.owner.id }, select: { id: true, name: true } }),
    db.user.findMany({ where: { email: { in: valid.flatMap((values) => values.owner_email || []) } }, select: { email: true } }),
  ]);
  const byName = new Map(existing.map((account) => [account.name, account]));
  const takenEmails = new Set(owners.map((user) => user.email));
  return decideInOrder(rows, async (row, values) => {
    const again = repeated(run, row, "name", `customer:${values.name}`);
    if (again) return again;
    const plan =
      values.plan === "" ? null : plans.find((candidate) => candidate.name === values.plan || candidate.id === values.plan);
    if (values.plan !== "" && !plan) return failed(row, "plan", `No plan named "${values.plan}": use one of your plans' names`);
    const fields = { displayName: values.display_name, contactEmail: values.contact_email, planId: plan?.id ?? null };
    const current = byName.get(values.name);
    if (current) {
      if (current.kind !== "customer" || !inTree(run, current.path) || current.id === run.owner.id)
        return failed(row, "name", "An account with this name already exists");
      if (run.mode === "create")
        return failed(row, "name", "A customer with this name exists already: import with mode=upsert to update it");
      if (
        current.displayName === fields.displayName &&
        current.contactEmail === fields.contactEmail &&
        current.planId === fields.planId
      )
        return { row, outcome: "unchanged" };
      return { row, outcome: "updated", write: (tx, context) => updateCustomer(tx, context, current.id, fields) };
    }
    if (values.owner_email && takenEmails.has(values.owner_email))
      return failed(row, "owner_email", "A user with this email already exists");
    const full = await takePlace(run, run.owner.id, "customers");
    if (full) return failed(row, "name", full);
    const owner = values.owner_email || null;
    const customer = { name: values.name, ...fields };
    return {
      row,
      outcome: "created",
      write: (tx, context) => createCustomerRow(tx, context, customer, owner),
      ...(owner ? {} : { bulkCustomer: customer }),
    };
  });
}

/**
 * New customers of one batch in one statement, each audited as createCustomerRow audits one,
 * within the owner's customers limit (race-free: the batch holds the owner's lock).
 */
export async function createCustomersInBulk(tx: AccountTx, run: RunContext, customers: BulkCustomer[]): Promise<void> {
  for (const _customer of customers) await reserve(tx, run, run.owner.id, "customers");
  const rows = customers.map((customer) => {
    const id = randomUUID();
    return { id, ...customer, path: childPath(run.owner.path, id) };
  });
  // One raw statement: Prisma's createManyAndReturn builds and compiles a query of every row's
  // fields, which cost more than the insert itself. The rows come back as Prisma reads an Account.
  const created = await tx.$queryRaw<Account[]>`
    INSERT INTO "Account" ("id", "name", "displayName", "contactEmail", "planId", "contactName", "kind", "parentId", "path", "createdAt", "updatedAt")
    SELECT x.id, x.name, x."displayName", x."contactEmail", x."planId", '', 'customer'::"AccountKind", ${run.owner.id}::uuid, x.path,
           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS x(id uuid, name text, "displayName" text, "contactEmail" text, "planId" uuid, path text)
    RETURNING *`;
  for (const customer of created) auditCustomerCreated(run, customer);
}

/** A customer created by the import, audited on the owner's account, which it is created under. */
function auditCustomerCreated(run: RunContext, customer: Account): void {
  run.audit.push({
    accountId: run.owner.id,
    action: "account.create",
    entityType: "account",
    entityId: customer.id,
    after: customer,
  });
}

async function createCustomerRow(
  tx: AccountTx,
  run: RunContext,
  fields: { name: string; displayName: string; contactEmail: string; planId: string | null },
  ownerEmail: string | null,
): Promise<void> {
  await reserve(tx, run, run.owner.id, "customers");
  const customer = await createChildAccount(tx, run.owner, { ...fields, contactName: "", kind: "customer" });
  auditCustomerCreated(run, customer);
  if (ownerEmail)
    await createUserRow(
      tx,
      run,
      { id: customer.id, name: customer.name },
      "customer",
      ownerEmail,
      fields.displayName || fields.name,
    );
}

async function updateCustomer(
  tx: AccountTx,
  run: RunContext,
  id: string,
  fields: { displayName: string; contactEmail: string; planId: string | null },
): Promise<void> {
  const before = await tx.account.findUniqueOrThrow({ where: { id } });
  const after = await tx.account.update({ where: { id }, data: { ...fields, version: { increment: 1 } } });
  run.audit.push({
    accountId: id,
    action: "account.update",
    entityType: "account",
    entityId: id,
    before,
    after,
  });
}

// ─── Numbers ───

const NO_ROUTE = { callFlowId: null, scheduleId: null, closedCallFlowId: null } as const;

async function decideNumbers(run: RunContext, records: CsvRecord[]): Promise<Decision[]> {
  const { rows, valid } = parseRows("numbers", records);
  const [accountOf, existing] = await Promise.all([
    accountsNamed(run, valid),
    db.phoneNumber.findMany({
      where: { number: { in: valid.map((values) => values.number) } },
      select: { id: true, number: true, accountId: true, account: { select: { path: true, name: true } } },
    }),
  ]);
  const byNumber = new Map(existing.map((number) => [number.number, number]));
  return decideInOrder(rows, async (row, values) => {
    const again = repeated(run, row, "number", `number:${values.number}`);
    const target = accountOf(values.customer);
    const current = byNumber.get(values.number);
    if (again) return again;
    if (!target) return failed(row, "customer", `No customer named "${values.customer}"`);
    if (current && !inTree(run, current.account.path)) return failed(row, "number", "This number is not available");
    if (current?.accountId === target.id) return { row, outcome: "unchanged" };
    if (current && run.mode === "create")
      return failed(row, "number", `The number is already on ${current.account.name}: import with mode=upsert to move it`);
    const full = await takePlace(run, target.id, "numbers");
    if (full) return failed(row, "customer", full);
    if (current) return { row, outcome: "updated", write: (tx, context) => moveNumber(tx, context, current, target.id) };
    return { row, outcome: "created", write: (tx, context) => createNumber(tx, context, values.number, target.id) };
  });
}

async function createNumber(tx: AccountTx, run: RunContext, number: string, accountId: string): Promise<void> {
  await reserve(tx, run, accountId, "numbers");
  const created = await tx.phoneNumber.create({ data: { accountId, number } });
  run.audit.push({
    accountId,
    action: "phonenumber.create",
    entityType: "phonenumber",
    entityId: created.id,
    after: created,
  });
}

async function moveNumber(tx: AccountTx, run: RunContext, number: { id: string; accountId: string }, to: string): Promise<void> {
  await reserve(tx, run, to, "numbers");
  const before = await tx.phoneNumber.findUniqueOrThrow({ where: { id: number.id } });
  const { count } = await tx.phoneNumber.updateMany({
    where: { id: number.id, accountId: number.accountId },
    data: { accountId: to, ...NO_ROUTE },
  });
  if (count === 0) throw new Error("The number moved meanwhile");
  const after = await tx.phoneNumber.findUniqueOrThrow({ where: { id: number.id } });
  const entity = { entityType: "phonenumber", entityId: number.id } as const;
  run.audit.push({ ...entity, accountId: number.accountId, action: "phonenumber.unassign", before });
  run.audit.push({ ...entity, accountId: to, action: "phonenumber.assign", after });
}

// ─── Users ───

const ROLE_OF_KIND: Record<AccountKind, Role> = { platform: "admin", reseller: "reseller", customer: "customer" };

async function decideUsers(run: RunContext, records: CsvRecord[]): Promise<Decision[]> {
  const { rows, valid } = parseRows("users", records);
  const [accountOf, existing] = await Promise.all([
    accountsNamed(run, valid),
    db.user.findMany({
      where: { email: { in: valid.map((values) => values.email) } },
      select: { id: true, email: true, displayName: true, accountId: true, account: { select: { path: true, name: true } } },
    }),
  ]);
  const byEmail = new Map(existing.map((user) => [user.email, user]));
  return decideInOrder(rows, async (row, values) => {
    const again = repeated(run, row, "email", `user:${values.email}`);
    const account = accountOf(values.customer);
    const role = account && ROLE_OF_KIND[account.kind];
    const current = byEmail.get(values.email);
    if (again) return again;
    if (!account || !role) return failed(row, "customer", `No customer named "${values.customer}"`);
    if (values.role !== "" && values.role !== role)
      return failed(row, "role", `The users of ${account.name || "your own account"} have the role ${role}`);
    if (current && !inTree(run, current.account.path)) return failed(row, "email", "A user with this email already exists");
    if (current && current.accountId !== account.id)
      return failed(row, "email", `This user belongs to ${current.account.name}: users do not move between accounts`);
    if (current && current.displayName === values.name) return { row, outcome: "unchanged" };
    if (current && run.mode === "create")
      return failed(row, "email", "A user with this email exists already: import with mode=upsert to rename them");
    if (current) return { row, outcome: "updated", write: (tx, context) => renameUser(tx, context, current.id, values.name) };
    const full = await takePlace(run, account.id, "users");
    if (full) return failed(row, "email", full);
    return {
      row,
      outcome: "created",
      write: (tx, context) => createUserRow(tx, context, account, role, values.email, values.name),
    };
  });
}

/** A user without a password yet, with a one-time link to set one (mailed once the batch commits). */
async function createUserRow(
  tx: AccountTx,
  run: RunContext,
  account: { id: string; name: string },
  role: Role,
  email: string,
  displayName: string,
): Promise<void> {
  await reserve(tx, run, account.id, "users");
  const user = await tx.user.create({
    data: { accountId: account.id, role, email, displayName, passwordHash: null },
    select: { id: true, email: true, displayName: true, role: true, accountId: true },
  });
  const { link } = await issuePasswordLink(tx, user.id, { base: run.linkBase });
  run.audit.push({
    accountId: account.id,
    action: "user.invite",
    entityType: "user",
    entityId: user.id,
    after: user,
  });
  run.links.push({ email, displayName, accountName: account.name, link });
}

async function renameUser(tx: AccountTx, run: RunContext, id: string, displayName: string): Promise<void> {
  const before = await tx.user.findUniqueOrThrow({
    where: { id },
    select: { id: true, email: true, displayName: true, accountId: true },
  });
  const after = await tx.user.update({
    where: { id },
    data: { displayName },
    select: { id: true, email: true, displayName: true, accountId: true },
  });
  run.audit.push({
    accountId: after.accountId,
    action: "user.update",
    entityType: "user",
    entityId: id,
    before,
    after,
  });
}

/** Each kind's decisions for a batch of rows. */
export const DECIDE: Record<ImportKind, (run: RunContext, records: CsvRecord[]) => Promise<Decision[]>> = {
  customers: decideCustomers,
  numbers: decideNumbers,
  users: decideUsers,
};

import type { RequestContext } from "@/server/auth/actor";
import { isUuid } from "@/server/auth/scope";
import { db, type Tx } from "@/server/db";
import type { ResourceKind } from "@/server/domain/call-flow";
import { AppError, notFound } from "@/server/errors";
import {
  resolveActingAccount,
  rowsOfAccountInReach,
  type ActingAccount,
  type InAccount,
  type AccountObjectRef,
} from "../acting-account";
import { recordChange } from "../audit/record";
import { type AccountTx, accountWriteTransaction } from "@/server/db/account-writers";
import { describeFlows, flowsReferencing } from "../call-flows/references";
import { nameContains, pageOf, pageQuery, type ListOrder, type Page, type TListInput } from "../paging";
import { resourceWhere } from "./scope";

/** What every resource table offers; Prisma's delegates of these models fit it as they are. */
export interface ResourceTable<Row, Fields> {
  findMany(args: { where: object; orderBy: object[]; take?: number }): PromiseLike<Row[]>;
  findFirst(args: { where: { id: string; accountId: string } }): PromiseLike<Row | null>;
  create(args: { data: Fields & { accountId: string } }): PromiseLike<Row>;
  update(args: { where: { id: string }; data: Fields }): PromiseLike<Row>;
  delete(args: { where: { id: string } }): PromiseLike<Row>;
}

/** One kind of resource: how it is stored, named and protected. */
interface ResourceDefinition<Row, Fields> {
  /** The audit trail's entity type, and its actions' prefix ("sipuser" → "sipuser.create"). */
  entityType: string;
  /** How messages name one, in lower case but for proper names ("SIP user", "sound"). */
  label: string;
  table(client: Tx): ResourceTable<Row, Fields>;
  /** The lists' order; with the id after it, total, so paging skips and repeats nothing. */
  order: ListOrder;
  /** The column a list's search looks in ("name"; a phone number's "number"). */
  searchField: string;
  /** The columns a client may write, picked by name: nothing else of an input reaches the database. */
  columns(input: Fields): Fields;
  /** How flows refer to it; a resource a flow points at cannot be deleted. */
  referencedAs?: ResourceKind;
  /** Checks of a create or update that need the database, first thing in its transaction. */
  checkWrite?(tx: Tx, account: ActingAccount, fields: Fields): Promise<void>;
  /** What a create alone checks, after checkWrite (a plan's limit on how many the account holds). */
  checkCreate?(tx: Tx, account: ActingAccount): Promise<void>;
  /** Turns the database's refusal of a write (a taken extension, a taken number) into a field
   * error; rethrows anything else. */
  explainRefusal?(error: unknown, fields: Fields, account: ActingAccount): Promise<never> | never;
  /** What goes with a deleted row (a sound's audio), in the same transaction. */
  afterRemove?(tx: Tx, row: Row): Promise<void>;
}

type ListInput = InAccount & TListInput;

/**
 * List, create, update and delete for one kind of resource, scoped to the acting account; each
 * change writes exactly one audit event in its own transaction, and none when it fails.
 */
export function resourceService<Row extends { id: string }, Fields>(definition: ResourceDefinition<Row, Fields>) {
  const { entityType, label, table } = definition;
  const capitalized = label.charAt(0).toUpperCase() + label.slice(1);

  async function find(tx: Tx, account: ActingAccount, id: string): Promise<Row> {
    const row = isUuid(id) ? await table(tx).findFirst({ where: resourceWhere(account, id) }) : null;
    if (!row) throw notFound(capitalized);
    return row;
  }

  async function write(account: ActingAccount, fields: Fields, change: (tx: AccountTx) => Promise<Row>): Promise<Row> {
    try {
      return await accountWriteTransaction(account.id, async (tx) => {
        await definition.checkWrite?.(tx, account, fields);
        return change(tx);
      });
    } catch (error) {
      if (definition.explainRefusal) return definition.explainRefusal(error, fields, account);
      throw error;
    }
  }

  return {
    /** One page of the account's resources, those whose searched field contains `search`. */
    async list(ctx: RequestContext, input: ListInput): Promise<Page<Row>> {
      const account = await resolveActingAccount(db, ctx.principal, input.accountId);
      const page = pageQuery<object, object>(definition.order, input);
      const rows = await table(db).findMany({
        where: { AND: [{ accountId: account.id }, nameContains(definition.searchField, input.search), page.where] },
        orderBy: page.orderBy,
        take: page.take,
      });
      return pageOf(rows, definition.order, input.limit);
    },

    /** Every resource of the account, in list order, in one query (the REST API's whole lists). */
    all({ principal }: RequestContext, { accountId }: InAccount): Promise<Row[]> {
      const { field, direction } = definition.order;
      return rowsOfAccountInReach(db, principal, accountId, (where) =>
        table(db).findMany({ where, orderBy: [{ [field]: direction }, { id: direction }] }),
      );
    },

    async create(ctx: RequestContext, input: Fields & InAccount): Promise<Row> {
      const account = await resolveActingAccount(db, ctx.principal, input.accountId);
      const fields = definition.columns(input);
      return write(account, fields, async (tx) => {
        await definition.checkCreate?.(tx, account);
        const created = await table(tx).create({ data: { ...fields, accountId: account.id } });
        await recordChange(tx, ctx, {
          accountId: account.id,
          action: `${entityType}.create`,
          entityType,
          entityId: created.id,
          after: created,
        });
        return created;
      });
    },

    async update(ctx: RequestContext, input: Fields & AccountObjectRef): Promise<Row> {
      const account = await resolveActingAccount(db, ctx.principal, input.accountId);
      const fields = definition.columns(input);
      return write(account, fields, async (tx) => {
        const before = await find(tx, account, input.id);
        const after = await table(tx).update({ where: { id: before.id }, data: fields });
        await recordChange(tx, ctx, {
          accountId: account.id,
          action: `${entityType}.update`,
          entityType,
          entityId: before.id,
          before,
          after,
        });
        return after;
      });
    },

    async remove(ctx: RequestContext, input: AccountObjectRef): Promise<Row> {
      const account = await resolveActingAccount(db, ctx.principal, input.accountId);
      const { referencedAs } = definition;
      return accountWriteTransaction(account.id, async (tx) => {
        const row = await find(tx, account, input.id);
        // Deleted before the flows using it are read: the delete waits for every flow write
        // holding the row (references.ts), so the read below sees each of them committed, and a
        // flow written later finds the row gone. A refusal rolls the delete back.
        await table(tx).delete({ where: { id: row.id } });
        const flows = referencedAs ? await flowsReferencing(tx, account.id, referencedAs, row.id) : [];
        if (flows.length > 0) {
          const several = flows.length > 1;
          throw new AppError(
            "CONFLICT",
            `The ${label} is used by call flow${several ? "s" : ""} ${describeFlows(flows)}; remove it from ${several ? "them" : "it"} first`,
          );
        }
        await definition.afterRemove?.(tx, row);
        await recordChange(tx, ctx, {
          accountId: account.id,
          action: `${entityType}.delete`,
          entityType,
          entityId: row.id,
          before: row,
        });
        return row;
      });
    },
  };
}

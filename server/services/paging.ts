import { z } from "zod";
import { NO_CONTROL_CHARACTERS } from "@/server/domain/text";
import { AppError } from "@/server/errors";

// Every list of the portal pages the same way: a keyset on a total order (a sort column, then
// the id), so a page starts strictly after the last row of the one before. Rows inserted or
// deleted meanwhile shift nothing: no row is shown twice and none is skipped (an offset would
// do both). The cursor carries only that last row's sort value and id; the scope of the query
// is rebuilt from the caller every time, so a cursor cannot reach beyond it.

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 50;

/** Part of a name (or what a list searches), as typed. */
const ZSearchText = z
  .string()
  .trim()
  .max(100, "Search text must be at most 100 characters")
  .refine(NO_CONTROL_CHARACTERS.check, `Search text ${NO_CONTROL_CHARACTERS.message}`);

/** The one input shape of every paged list; a procedure extends it with what it lists for. */
export const ZListInput = z.object({
  search: ZSearchText.optional(),
  /** The `nextCursor` of the page before; none for the first page. */
  cursor: z.string().max(1000, "The cursor is not valid").optional(),
  limit: z
    .int("Limit must be a whole number")
    .min(1, "Limit must be from 1 to 100")
    .max(MAX_PAGE_SIZE, "Limit must be from 1 to 100")
    .default(DEFAULT_PAGE_SIZE),
});
export type TListInput = z.infer<typeof ZListInput>;

/** For lists that need nothing else: the input may be left out for the first page. */
export const ZOptionalListInput = ZListInput.prefault({});

/** The one output shape: `nextCursor` is null on the last page. */
export function zPage<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export type Page<Item> = { items: Item[]; nextCursor: string | null };

type SortValue = string | number | Date;

/** A list's order: one column (of type `type`), then the id, both in `direction`. */
export type ListOrder = { field: string; type: "string" | "number" | "date"; direction: "asc" | "desc" };

function encodeCursor(value: SortValue, id: string): string {
  const encoded = value instanceof Date ? { date: value.toISOString() } : value;
  return Buffer.from(JSON.stringify([encoded, id])).toString("base64url");
}

const CURSOR_TYPES = { string: z.string(), number: z.number(), date: z.object({ date: z.iso.datetime() }) } as const;

/** A cursor this list made, or BAD_REQUEST: a forged one must not become a database error. */
function decodeCursor(cursor: string, type: ListOrder["type"]): { value: SortValue; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const result = z.tuple([CURSOR_TYPES[type], z.uuid()]).safeParse(parsed);
  if (!result.success) {
    throw new AppError("BAD_REQUEST", "The cursor is not valid: start again from the first page", [
      { path: "cursor", message: "The cursor is not valid: start again from the first page" },
    ]);
  }
  const [value, id] = result.data;
  return { value: typeof value === "object" ? new Date(value.date) : value, id };
}

/**
 * The `where`, `orderBy` and `take` of one page. `Where` and `OrderBy` are the model's Prisma
 * input types; the conditions name `order.field` and `id`, which every listed model has.
 * "After (v, id)" is written `field >= v AND (field > v OR id > id)`: the first half bounds an
 * index scan on (…, field), the second drops the rows of the last page that share its value.
 */
export function pageQuery<Where, OrderBy>(order: ListOrder, input: Pick<TListInput, "cursor" | "limit">) {
  const { field, direction } = order;
  const [atOrAfter, after] = direction === "asc" ? (["gte", "gt"] as const) : (["lte", "lt"] as const);
  let where = {};
  if (input.cursor) {
    const { value, id } = decodeCursor(input.cursor, order.type);
    where = { AND: [{ [field]: { [atOrAfter]: value } }, { OR: [{ [field]: { [after]: value } }, { id: { [after]: id } }] }] };
  }
  return {
    where: where as Where,
    orderBy: [{ [field]: direction }, { id: direction }] as OrderBy[],
    // One row more than the page tells whether another page follows.
    take: input.limit + 1,
  };
}

/** The page of `rows` fetched with `pageQuery`, and the cursor of the next one. */
export function pageOf<Row extends { id: string }>(rows: Row[], order: ListOrder, limit: number): Page<Row> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1]!;
  return { items, nextCursor: encodeCursor((last as unknown as Record<string, SortValue>)[order.field]!, last.id) };
}

/**
 * Rows whose `field` contains the text, ignoring case; nothing for no text. LIKE's wildcards
 * are escaped, so "50%" finds "50%" only. A trigram index (pg_trgm) serves it where a list
 * spans many accounts.
 */
export function nameContains<Where>(field: string, search: string | undefined): Where {
  const text = search?.trim();
  if (!text) return {} as Where;
  return { [field]: { contains: text.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" } } as Where;
}

/** Rows where any of `fields` contains `search` (as `nameContains`); every row when there is none. */
export function anyNameContains<Where>(fields: readonly string[], search: string | undefined): Where {
  if (!search?.trim()) return {} as Where;
  return { OR: fields.map((field) => nameContains(field, search)) } as Where;
}

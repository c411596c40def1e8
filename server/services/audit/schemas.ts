import { z } from "zod";
import { NO_CONTROL_CHARACTERS } from "@/server/domain/text";
import { ZAccountId } from "../accounts/schemas";

// The audit trail's filters; pure zod, so the portal's filter form can share them.

/** Dates arrive as ISO text over HTTP (no transformer) and as Date objects in-process. */
const ZInstant = z.coerce.date<string | Date>("Enter a date and time");

export const ZAuditFilter = z.object({
  /** One account in reach, by id or by name ("acme"); without it, everything the actor reaches. */
  accountId: ZAccountId.optional(),
  /** With `accountId`: its descendants' events too (a reseller's customers). */
  includeDescendants: z.boolean().default(false),
  /** Part of who acted: a user's email, or `api:<user>@<account>`. */
  actor: z.string().trim().max(254).refine(NO_CONTROL_CHARACTERS.check, `Actor ${NO_CONTROL_CHARACTERS.message}`).optional(),
  entityType: z
    .string()
    .trim()
    .max(50)
    .refine(NO_CONTROL_CHARACTERS.check, `Entity type ${NO_CONTROL_CHARACTERS.message}`)
    .optional(),
  entityId: z
    .string()
    .trim()
    .max(100)
    .refine(NO_CONTROL_CHARACTERS.check, `Entity id ${NO_CONTROL_CHARACTERS.message}`)
    .optional(),
  /** Exactly, e.g. "callflow.update". */
  action: z.string().trim().max(100).refine(NO_CONTROL_CHARACTERS.check, `Action ${NO_CONTROL_CHARACTERS.message}`).optional(),
  /** From this instant, inclusive. */
  from: ZInstant.optional(),
  /** Up to this instant, exclusive. */
  to: ZInstant.optional(),
});
export type TAuditFilter = z.infer<typeof ZAuditFilter>;

export const ZAuditQueryInput = ZAuditFilter.extend({
  /** The `nextCursor` of the previous page; events come newest first. */
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, "Not a cursor of this list")
    .optional(),
  limit: z.int().min(1).max(200).default(50),
});
export type TAuditQueryInput = z.infer<typeof ZAuditQueryInput>;

/** An account's latest changes, for its home page. */
export const ZRecentChangesInput = z.object({
  accountId: ZAccountId,
  limit: z.int().min(1).max(50).default(10),
});

/** One event, opened to read its before and after. */
export const ZAuditEventInput = z.object({
  id: z.string().regex(/^\d{1,19}$/, "Not an audit event id"),
});
export type TAuditEventInput = z.infer<typeof ZAuditEventInput>;

/**
 * The filter as the CSV download's query string carries it (every value text):
 * `includeDescendants=true`, the rest as in ZAuditFilter; empty values are no filter.
 */
export function auditFilterFromSearch(search: URLSearchParams): unknown {
  const fields = Object.fromEntries([...search.entries()].filter(([, value]) => value !== ""));
  return { ...fields, includeDescendants: fields.includeDescendants === "true" };
}

import { z } from "zod";
import { ZForwardTarget } from "@/server/domain/call-flow";
import { ZAccountDisplayName, ZAccountName, ZContactEmail, ZDisplayName, ZEmail } from "@/server/services/accounts/schemas";

// What a bulk import takes: one CSV per kind, its columns named as the export writes them, so a
// file exported and imported again (mode=upsert) changes nothing.

export const IMPORT_KINDS = ["customers", "numbers", "users"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_MODES = ["create", "upsert"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** Each kind's columns, in the order the template and the export write them; the first is the natural key. */
export const IMPORT_COLUMNS = {
  customers: ["name", "display_name", "contact_email", "plan", "owner_email"],
  numbers: ["number", "customer"],
  users: ["email", "name", "customer", "role"],
} as const satisfies Record<ImportKind, readonly string[]>;

/** The columns a row must have a value in. */
export const REQUIRED_COLUMNS: Record<ImportKind, readonly string[]> = {
  customers: ["name"],
  numbers: ["number"],
  users: ["email", "name"],
};

/** The largest CSV accepted, and the most data rows: bigger uploads are refused (413) as they arrive. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

const optional = <T extends z.ZodType>(schema: T) => z.union([z.literal(""), schema]);

/** One row of each kind, by column, as text; "" is an empty cell. */
export const IMPORT_ROW_SCHEMAS = {
  customers: z.object({
    name: ZAccountName,
    display_name: ZAccountDisplayName,
    contact_email: ZContactEmail,
    plan: z.string().trim().max(100, "Plan must be at most 100 characters"),
    owner_email: optional(ZEmail),
  }),
  numbers: z.object({
    number: ZForwardTarget.shape.number,
    customer: z.string().trim().max(64, "Customer must be at most 64 characters"),
  }),
  users: z.object({
    email: ZEmail,
    name: ZDisplayName,
    customer: z.string().trim().max(64, "Customer must be at most 64 characters"),
    role: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(["", "customer", "reseller"], "Role must be customer or reseller")),
  }),
} as const;

export type ImportRowValues<K extends ImportKind> = z.infer<(typeof IMPORT_ROW_SCHEMAS)[K]>;

export const ZImportOptions = z.object({
  kind: z.enum(IMPORT_KINDS, "Import customers, numbers or users"),
  dryRun: z.boolean(),
  mode: z.enum(IMPORT_MODES, "Mode must be create or upsert").default("create"),
});
export type TImportOptions = z.infer<typeof ZImportOptions>;

/** A row's problem at a column (empty for the whole row). */
export type ImportIssue = { column: string; message: string };
export type FailedRow = { row: number; errors: ImportIssue[] };

export type ImportCounts = { rows: number; created: number; updated: number; unchanged: number; failed: FailedRow[] };

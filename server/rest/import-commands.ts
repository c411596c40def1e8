import { z } from "zod";
import { fieldError, notFound } from "@/server/errors";
import { exportCsv } from "@/server/services/imports/export";
import { dryRunImport, getImport, type ImportRunView, startImport } from "@/server/services/imports/imports";
import {
  IMPORT_COLUMNS,
  IMPORT_KINDS,
  IMPORT_MODES,
  type ImportCounts,
  type ImportKind,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
} from "@/server/services/imports/schemas";
import type { VoipCall, VoipOutcome } from "./handler";
import type { StreamedBody } from "./input";

// Bulk import and export over REST, on top of the import services (which stream the CSV, decide
// and apply each row atomically, and audit); these read the query and translate the answers.

export type KindParams = { kind: string };
export type ImportParams = { uuid: string };

/** The CSV is read as it arrives, never held whole. */
export const CSV_UPLOAD: StreamedBody = {
  mediaType: "text/csv",
  documented: z.string().meta({
    description: `CSV with a header line naming its columns, UTF-8, at most ${MAX_IMPORT_BYTES} bytes and ${MAX_IMPORT_ROWS} rows`,
  }),
};

export const IMPORT_QUERY = z.object({
  dry_run: z
    .enum(["true", "false"])
    .optional()
    .meta({ description: "true: answer what would happen, writing nothing (false when left out)" }),
  mode: z.enum(IMPORT_MODES).optional().meta({
    description: "create: a row whose key exists is refused; upsert: it is updated (create when left out)",
  }),
});

export function isImportKind(kind: string): kind is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(kind);
}

/** Metering's route template for a kind. */
export function kindRoute(prefix: "import" | "export") {
  return ({ kind }: KindParams) => (isImportKind(kind) ? `/voip/${prefix}/${kind}` : `/voip/${prefix}/{kind}`);
}

function optionsOf(request: Request) {
  const query = new URL(request.url).searchParams;
  const dryRun = query.get("dry_run") ?? "false";
  const mode = query.get("mode") ?? "create";
  if (dryRun !== "true" && dryRun !== "false") throw fieldError("dry_run", "dry_run must be true or false");
  if (mode !== "create" && mode !== "upsert") throw fieldError("mode", "mode must be create or upsert");
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== CSV_UPLOAD.mediaType) throw fieldError("", "Send the CSV with the header Content-Type: text/csv");
  if (!request.body) throw fieldError("", "The request has no CSV");
  return { dryRun: dryRun === "true", mode, body: request.body } as const;
}

export function toApiCounts(counts: ImportCounts) {
  return {
    created: counts.created,
    failed: counts.failed,
    rows: counts.rows,
    unchanged: counts.unchanged,
    updated: counts.updated,
  };
}

function toApiImport(run: ImportRunView) {
  return {
    ...toApiCounts(run),
    created_at: run.createdAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
    kind: run.kind,
    mode: run.mode,
    pending: run.pending,
    status: run.status,
    uuid: run.id,
  };
}

export async function importCommand({ request, ctx, params }: VoipCall<KindParams>): Promise<VoipOutcome> {
  if (!isImportKind(params.kind)) throw notFound("Import");
  const { dryRun, mode, body } = optionsOf(request);
  if (dryRun) return { status: 200, result: toApiCounts(await dryRunImport(ctx, { kind: params.kind, mode, body })) };
  const run = await startImport(ctx, { kind: params.kind, mode, body });
  return { status: 202, result: { status: run.status, uuid: run.id }, headers: { Location: `/voip/import/${run.id}` } };
}

export async function getImportCommand({ ctx, params }: VoipCall<ImportParams>): Promise<VoipOutcome> {
  return { status: 200, result: toApiImport(await getImport(ctx, { id: params.uuid })) };
}

export async function exportCommand({ ctx, params }: VoipCall<KindParams>): Promise<VoipOutcome> {
  if (!isImportKind(params.kind)) throw notFound("Export");
  const stream = exportCsv(ctx, { kind: params.kind });
  return {
    response: new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${params.kind}.csv"`,
        "Cache-Control": "no-store",
      },
    }),
  };
}

export const IMPORT_COLUMNS_TEXT = Object.fromEntries(
  IMPORT_KINDS.map((kind) => [kind, IMPORT_COLUMNS[kind].join(", ")]),
) as Record<ImportKind, string>;

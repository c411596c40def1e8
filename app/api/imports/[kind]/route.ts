import { fieldError, notFound } from "@/server/errors";
import { portalFileRoute } from "@/server/http/portal-route";
import { dryRunImport, startImport } from "@/server/services/imports/imports";
import { IMPORT_KINDS, type ImportKind } from "@/server/services/imports/schemas";

export const dynamic = "force-dynamic";

/**
 * The import wizard's upload: the CSV (text/csv) read as it arrives, by the same services as
 * `POST /voip/import/{kind}`. `?dry_run=true` answers the counts and failed rows; otherwise the run starts (202).
 */
export async function POST(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  return portalFileRoute(request, async (ctx) => {
    const { kind } = await params;
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw notFound("Import");
    const query = new URL(request.url).searchParams;
    const mode = query.get("mode") ?? "create";
    if (mode !== "create" && mode !== "upsert") throw fieldError("mode", "mode must be create or upsert");
    if (!request.body) throw fieldError("", "The request has no CSV");
    const options = { kind: kind as ImportKind, mode, body: request.body } as const;
    if (query.get("dry_run") === "true")
      return Response.json(await dryRunImport(ctx, options), { headers: { "Cache-Control": "no-store" } });
    const run = await startImport(ctx, options);
    return Response.json({ id: run.id, status: run.status }, { status: 202, headers: { "Cache-Control": "no-store" } });
  });
}

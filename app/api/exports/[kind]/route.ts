import { notFound } from "@/server/errors";
import { portalFileRoute } from "@/server/http/portal-route";
import { exportCsv } from "@/server/services/imports/export";
import { IMPORT_KINDS, type ImportKind } from "@/server/services/imports/schemas";

export const dynamic = "force-dynamic";

/** The signed-in staff's customers, numbers or users as CSV, streamed, in the import's columns. */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  return portalFileRoute(request, async (ctx) => {
    const { kind } = await params;
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw notFound("Export");
    return new Response(exportCsv(ctx, { kind: kind as ImportKind }), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${kind}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  });
}

import { AppError, zodFieldIssues } from "@/server/errors";
import { portalFileRoute } from "@/server/http/portal-route";
import { exportFlowCallsCsv } from "@/server/services/calls/flow-analytics";
import { ZFlowStatsInput } from "@/server/services/calls/schemas";

export const dynamic = "force-dynamic";

/** "Call Pete" → "call-pete": a flow's name as part of a file name, in plain ASCII. */
function fileNamePart(name: string): string {
  return (
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "call-flow"
  );
}

/** A flow's calls (`?from=&to=&version=`, as its stats take them) as a CSV download, streamed as it is read. */
export async function GET(request: Request, { params }: { params: Promise<{ accountId: string; flowId: string }> }) {
  return portalFileRoute(request, async (ctx) => {
    const { accountId, flowId } = await params;
    const search = new URL(request.url).searchParams;
    const parsed = ZFlowStatsInput.safeParse({
      accountId,
      flowId,
      from: search.get("from") || undefined,
      to: search.get("to") || undefined,
      version: search.get("version") || undefined,
    });
    if (!parsed.success) {
      const issues = zodFieldIssues(parsed.error.issues);
      throw new AppError("BAD_REQUEST", issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "), issues);
    }
    const { flowName, body } = await exportFlowCallsCsv(ctx, parsed.data);
    const range = [parsed.data.from, parsed.data.to].filter(Boolean).map((bound) => bound!.slice(0, 10));
    const version = parsed.data.version === undefined ? [] : [`v${parsed.data.version}`];
    const fileName = ["calls", fileNamePart(flowName), ...version, ...range].join("-");
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  });
}

import { AppError, zodFieldIssues } from "@/server/errors";
import { exportAuditCsv } from "@/server/services/audit/audit";
import { auditFilterFromSearch, ZAuditFilter } from "@/server/services/audit/schemas";
import { portalFileRoute } from "@/server/http/portal-route";

export const dynamic = "force-dynamic";

/** The audit events matching the query string's filter as a CSV download, streamed as it is read. */
export async function GET(request: Request) {
  return portalFileRoute(request, async (ctx) => {
    const parsed = ZAuditFilter.safeParse(auditFilterFromSearch(new URL(request.url).searchParams));
    if (!parsed.success) {
      const issues = zodFieldIssues(parsed.error.issues);
      throw new AppError("BAD_REQUEST", issues.map((issue) => `${issue.path}: ${issue.message}`).join("; "), issues);
    }
    return new Response(await exportAuditCsv(ctx, parsed.data), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="audit-log.csv"',
        "Cache-Control": "no-store",
      },
    });
  });
}

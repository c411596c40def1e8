import type { Metadata } from "next";
import { ApplyRun } from "@/components/templates/apply-run";
import { requireStaff } from "@/server/auth/require";

export const metadata: Metadata = { title: "Applying a template" };

export default async function ApplyRunPage({ params }: { params: Promise<{ runId: string }> }) {
  await requireStaff();
  const { runId } = await params;
  return <ApplyRun runId={runId} />;
}

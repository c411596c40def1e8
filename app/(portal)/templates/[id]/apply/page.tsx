import type { Metadata } from "next";
import { ApplyWizard } from "@/components/templates/apply-wizard";
import { requireStaff } from "@/server/auth/require";

export const metadata: Metadata = { title: "Apply a template" };

export default async function ApplyTemplatePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff();
  const { id } = await params;
  return <ApplyWizard source={{ kind: "template", id }} />;
}

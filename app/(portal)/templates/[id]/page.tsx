import type { Metadata } from "next";
import { TemplateEditor } from "@/components/templates/template-editor";
import { requireStaff } from "@/server/auth/require";

export const metadata: Metadata = { title: "Template" };

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaff();
  const { id } = await params;
  return <TemplateEditor templateId={id} fromFlow={null} libraryAccountId={actor.accountId} />;
}

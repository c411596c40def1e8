import type { Metadata } from "next";
import { TemplateEditor } from "@/components/templates/template-editor";
import { requireStaff } from "@/server/auth/require";

export const metadata: Metadata = { title: "New template" };

/** A blank template, or (with ?accountId=&flowId=) one proposed from a flow. */
export default async function NewTemplatePage({
  searchParams,
}: {
  searchParams: Promise<{ accountId?: string; flowId?: string }>;
}) {
  const actor = await requireStaff();
  const { accountId, flowId } = await searchParams;
  return (
    <>
      <h1>New template</h1>
      <TemplateEditor
        templateId={null}
        fromFlow={accountId && flowId ? { accountId, flowId } : null}
        libraryAccountId={actor.accountId}
      />
    </>
  );
}

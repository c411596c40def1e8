import type { Metadata } from "next";
import { TemplateLibrary } from "@/components/templates/template-library";
import { requireStaff } from "@/server/auth/require";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage() {
  await requireStaff();
  return (
    <>
      <h1>Templates</h1>
      <TemplateLibrary />
    </>
  );
}

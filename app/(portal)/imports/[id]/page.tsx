import type { Metadata } from "next";
import { ImportRunProgress } from "@/components/imports/import-run";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/server/auth/require";
import { orNotFound, serverApi } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Import" };

export default async function ImportRunPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff();
  const { id } = await params;
  await orNotFound((await serverApi()).imports.get({ id }));
  return (
    <>
      <PageHeader title="Import" description="The server works the import: you can close this page and come back." />
      <ImportRunProgress id={id} />
    </>
  );
}

import type { Metadata } from "next";
import { Download } from "lucide-react";
import { ImportWizard } from "@/components/imports/import-wizard";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/server/auth/require";
import { IMPORT_KINDS } from "@/server/services/imports/schemas";

export const metadata: Metadata = { title: "Import and export" };

export default async function ImportsPage() {
  await requireStaff();
  return (
    <>
      <PageHeader
        title="Import and export"
        description="Onboard customers, numbers and users from CSV: check a file first, then apply it. Exports use the same columns."
      />
      <ImportWizard />
      <Card aria-labelledby="export-heading">
        <h2 id="export-heading">Export to CSV</h2>
        <div className="flex flex-wrap gap-2">
          {IMPORT_KINDS.map((kind) => (
            <a key={kind} className={buttonVariants({ variant: "secondary" })} href={`/api/exports/${kind}`} download>
              <Download aria-hidden />
              Export {kind}
            </a>
          ))}
        </div>
      </Card>
    </>
  );
}

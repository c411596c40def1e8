import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/server/auth/require";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const actor = await requireStaff();
  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          actor.role === "admin"
            ? "Every change on the platform: who, when, from where, and what changed."
            : "Every change in your account and your customers' accounts: who, when, from where, and what changed."
        }
      />
      <AuditLog canVerifyChain={actor.role === "admin"} />
    </>
  );
}

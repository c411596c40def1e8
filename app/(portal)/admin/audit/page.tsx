import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { requireRole } from "@/server/auth/require";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requireRole("admin");
  return (
    <>
      <h1>Audit log</h1>
      <AuditLog />
    </>
  );
}

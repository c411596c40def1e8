import { permanentRedirect } from "next/navigation";

/** The audit log moved to /audit when resellers got theirs. */
export default function AdminAuditPage() {
  permanentRedirect("/audit");
}

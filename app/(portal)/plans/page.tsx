import type { Metadata } from "next";
import { PlanManager } from "@/components/plans/plan-manager";
import { requireStaff } from "@/server/auth/require";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Plans" };

export default async function PlansPage() {
  const actor = await requireStaff();
  const forResellers = actor.role === "admin";
  return (
    <>
      <PageHeader
        title="Plans"
        description={
          forResellers
            ? "Plans you give resellers: their customers limit caps how many customers each may have."
            : "Packages you sell: each customer on a plan is held to its limits and module types."
        }
      />
      <PlanManager forResellers={forResellers} />
    </>
  );
}

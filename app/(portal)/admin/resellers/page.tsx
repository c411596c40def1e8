import type { Metadata } from "next";
import { CreateResellerForm } from "@/components/accounts/create-reseller-form";
import { ResellerList } from "@/components/accounts/reseller-list";
import { requireRole } from "@/server/auth/require";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Resellers" };

export default async function ResellersPage() {
  await requireRole("admin");
  return (
    <>
      <h1>Resellers</h1>
      <Card aria-labelledby="new-reseller-heading">
        <h2 id="new-reseller-heading">New reseller</h2>
        <CreateResellerForm />
      </Card>
      <ResellerList />
    </>
  );
}

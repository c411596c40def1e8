import type { Metadata } from "next";
import { CustomerDetail } from "@/components/accounts/customer-detail";
import { requireRole } from "@/server/auth/require";
import { orNotFound, serverApi } from "@/server/trpc/server";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole("reseller");
  const { id } = await params;
  await orNotFound((await serverApi()).accounts.customers.get({ id }));
  return <CustomerDetail id={id} />;
}

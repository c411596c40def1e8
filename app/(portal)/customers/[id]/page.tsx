import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CustomerDetail } from "@/components/accounts/customer-detail";
import { requireRole } from "@/server/auth/require";
import { getCustomer } from "@/server/services/accounts/customers";
import { AppError } from "@/server/errors";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireRole("reseller");
  const { id } = await params;
  try {
    await getCustomer(actor, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return <CustomerDetail id={id} />;
}

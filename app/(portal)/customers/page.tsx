import type { Metadata } from "next";
import { CustomerList } from "@/components/accounts/customer-list";
import { CreateCustomerForm } from "@/components/accounts/create-customer-form";
import { requireRole } from "@/server/auth/require";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage() {
  await requireRole("reseller");
  return (
    <>
      <h1>Customers</h1>
      <Card aria-labelledby="new-customer-heading">
        <h2 id="new-customer-heading">New customer</h2>
        <CreateCustomerForm />
      </Card>
      <CustomerList />
    </>
  );
}

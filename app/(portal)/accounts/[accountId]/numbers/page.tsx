import type { Metadata } from "next";
import Link from "next/link";
import { AccountNumbers } from "@/components/numbers/account-numbers";
import { buttonVariants } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Numbers" };

export default async function NumbersPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { actor, account } = await requireActingAccount((await params).accountId);
  return (
    <>
      <PageHeader
        title={`Numbers of ${account.name}`}
        description="Each phone number, how it routes and which call flow answers it now."
        actions={
          // Numbers come and go through the staff's inventory; here they are only routed.
          actor.role === "customer" ? undefined : (
            <Link className={buttonVariants({ variant: "secondary" })} href={`/numbers?holder=${account.id}`}>
              Add, assign or release numbers
            </Link>
          )
        }
      />
      <AccountNumbers accountId={account.id} />
    </>
  );
}

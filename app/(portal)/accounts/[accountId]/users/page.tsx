import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { AccountUsers } from "@/components/users/account-users";
import { requireActingAccount } from "@/server/auth/acting-account-page";

export const metadata: Metadata = { title: "Users" };

export default async function AccountUsersPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  const { actor, account } = await requireActingAccount(accountId);
  return (
    <>
      <PageHeader
        title="Users"
        description={<>People who sign in to {account.name}. Invited users set their own password through a one-time link.</>}
      />
      <AccountUsers accountId={account.id} currentUserId={actor.userId} />
    </>
  );
}

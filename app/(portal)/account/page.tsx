import type { Metadata } from "next";
import { ChangePasswordForm, SignOutEverywhereButton } from "@/components/account/change-password-form";
import { TwoFactorSettings } from "@/components/account/two-factor-settings";
import { requireActor } from "@/server/auth/require";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "My account" };

export default async function AccountPage() {
  const actor = await requireActor();
  return (
    <>
      <h1>My account</h1>
      <Card aria-labelledby="account-heading">
        <h2 id="account-heading">Account</h2>
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-1.5 text-sm [&_dt]:text-muted">
          <dt>Account name</dt>
          <dd data-testid="account-name">{actor.accountName}</dd>
          <dt>Account type</dt>
          <dd>{actor.accountKind}</dd>
        </dl>
      </Card>
      <Card aria-labelledby="user-heading">
        <h2 id="user-heading">You</h2>
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-1.5 text-sm [&_dt]:text-muted">
          <dt>Name</dt>
          <dd>{actor.displayName}</dd>
          <dt>Email</dt>
          <dd>{actor.email}</dd>
          <dt>Role</dt>
          <dd>{actor.role}</dd>
        </dl>
      </Card>
      <Card aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <ChangePasswordForm />
      </Card>
      <Card aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">Two-factor sign-in</h2>
        <TwoFactorSettings />
      </Card>
      <Card aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <SignOutEverywhereButton />
      </Card>
    </>
  );
}

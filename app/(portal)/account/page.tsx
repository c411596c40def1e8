import type { Metadata } from "next";
import { requireActor } from "@/server/auth/require";

export const metadata: Metadata = { title: "My account" };

export default async function AccountPage() {
  const actor = await requireActor();
  return (
    <>
      <h1>My account</h1>
      <section className="panel" aria-labelledby="account-heading">
        <h2 id="account-heading">Account</h2>
        <dl>
          <dt>Account name</dt>
          <dd data-testid="account-name">{actor.accountName}</dd>
          <dt>Account type</dt>
          <dd>{actor.accountKind}</dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="user-heading">
        <h2 id="user-heading">You</h2>
        <dl>
          <dt>Name</dt>
          <dd>{actor.displayName}</dd>
          <dt>Email</dt>
          <dd>{actor.email}</dd>
          <dt>Role</dt>
          <dd>{actor.role}</dd>
        </dl>
      </section>
    </>
  );
}

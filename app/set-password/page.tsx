import type { Metadata } from "next";
import { SetPasswordForm } from "@/components/account/set-password-form";
import { Providers } from "@/components/trpc";

// The token is in the URL: never send it on to another site.
export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Set your password</h1>
        {token ? (
          <Providers>
            <SetPasswordForm token={token} />
          </Providers>
        ) : (
          <p className="form-error">This link is incomplete. Open the whole link you were sent.</p>
        )}
      </div>
    </main>
  );
}

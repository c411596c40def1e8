import type { Metadata } from "next";
import { AuthCard } from "@/components/ui/auth-card";
import { SetPasswordForm } from "@/components/account/set-password-form";
import { Providers } from "@/components/trpc";
import { Message } from "@/components/ui/field";

// The token is in the URL: never send it on to another site.
export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Set your password">
      {token ? (
        <Providers>
          <SetPasswordForm token={token} />
        </Providers>
      ) : (
        <Message tone="error">This link is incomplete. Open the whole link you were sent.</Message>
      )}
    </AuthCard>
  );
}

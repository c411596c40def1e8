import type { Metadata } from "next";
import { AuthCard } from "@/components/ui/auth-card";
import { redirect } from "next/navigation";
import { TwoFactorSettings } from "@/components/account/two-factor-settings";
import { SignOutButton } from "@/components/sign-out-button";
import { Providers } from "@/components/trpc";
import { currentActor } from "@/server/auth/session";

export const metadata: Metadata = { title: "Set up two-factor sign-in" };

/** Where staff who must use two-factor sign-in are sent until they have set it up. */
export default async function TwoFactorSetupPage() {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  if (!actor.mustEnrolTwoFactor) redirect("/");
  return (
    <AuthCard
      title="Set up two-factor sign-in"
      lead="Admins and resellers must use two-factor sign-in. Set it up before you continue."
    >
      <Providers>
        <TwoFactorSettings continueHref="/" />
      </Providers>
      <SignOutButton />
    </AuthCard>
  );
}

import type { Metadata } from "next";
import { brandMetadata } from "@/components/branding/brand-metadata";
import { shellBrandOf } from "@/components/branding/shell-brand";
import { AuthCard } from "@/components/ui/auth-card";
import { hostBrand } from "@/server/auth/host-brand";
import { SetPasswordForm } from "@/components/account/set-password-form";
import { Providers } from "@/components/trpc";
import { Message } from "@/components/ui/field";

// The token is in the URL: never send it on to another site.
export async function generateMetadata(): Promise<Metadata> {
  const brand = await hostBrand();
  return { ...brandMetadata(brand), title: { absolute: `Set your password · ${brand.productName}` }, referrer: "no-referrer" };
}

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Set your password" brand={shellBrandOf(await hostBrand())}>
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

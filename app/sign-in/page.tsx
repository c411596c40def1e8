import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { brandMetadata } from "@/components/branding/brand-metadata";
import { shellBrandOf } from "@/components/branding/shell-brand";
import { SignInForm } from "@/components/sign-in-form";
import { AuthCard } from "@/components/ui/auth-card";
import { hostBrand } from "@/server/auth/host-brand";
import { currentActor } from "@/server/auth/session";
import { signInErrorMessage } from "@/server/auth/sign-in-errors";

export async function generateMetadata(): Promise<Metadata> {
  const brand = await hostBrand();
  return { ...brandMetadata(brand), title: { absolute: `Sign in · ${brand.productName}` } };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await currentActor()) redirect("/");
  const { error } = await searchParams;
  const brand = await hostBrand();
  return (
    <AuthCard
      title="Sign in"
      lead={brand.signInMessage || `Sign in to ${brand.productName} to manage call flows.`}
      brand={shellBrandOf(brand)}
    >
      {/* ?error= comes from anywhere (a link someone sent): only a known code's fixed message is shown. */}
      <SignInForm initialError={typeof error === "string" ? signInErrorMessage(error) : null} />
    </AuthCard>
  );
}

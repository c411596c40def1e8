import type { Metadata } from "next";
import { AuthCard } from "@/components/ui/auth-card";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { currentActor } from "@/server/auth/session";
import { signInErrorMessage } from "@/server/auth/sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await currentActor()) redirect("/");
  const { error } = await searchParams;
  return (
    <AuthCard title="Call Flow Portal" lead="Sign in to manage call flows.">
      {/* ?error= comes from anywhere (a link someone sent): only a known code's fixed message is shown. */}
      <SignInForm initialError={typeof error === "string" ? signInErrorMessage(error) : null} />
    </AuthCard>
  );
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { currentActor } from "@/server/auth/session";
import { signInErrorMessage } from "@/server/auth/sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await currentActor()) redirect("/");
  const { error } = await searchParams;
  return (
    <main className="auth-page">
      <div className="auth-card">
        <h1>Call Flow Portal</h1>
        <p className="lead">Sign in to manage call flows.</p>
        {/* ?error= comes from anywhere (a link someone sent): only a known code's fixed message is shown. */}
        <SignInForm initialError={typeof error === "string" ? signInErrorMessage(error) : null} />
      </div>
    </main>
  );
}

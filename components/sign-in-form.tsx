"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { SIGN_IN_ERROR, signInErrorMessage } from "@/server/auth/sign-in-errors";
import { Field, FormError } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

const ZSignIn = z.object({
  email: z.string().trim().min(1, "Enter your email"),
  password: z.string().min(1, "Enter your password"),
  code: z.string().trim().optional(),
});

export function SignInForm({ initialError }: { initialError: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  // After the password, users with two-factor sign-in are asked for a code; both go again.
  const [askCode, setAskCode] = useState(false);
  const { register, handleSubmit, formState, setError: setFieldError } = useForm({ resolver: zodResolver(ZSignIn) });

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    if (askCode && !values.code) {
      setFieldError("code", { message: "Enter the code from your authenticator app, or a recovery code" });
      return;
    }
    const result = await signIn("credentials", { ...values, code: askCode ? values.code : "", redirect: false });
    if (result?.error === SIGN_IN_ERROR.twoFactorRequired) {
      setAskCode(true);
      return;
    }
    if (!result || result.error) {
      // The server answers with a code; only a known code's fixed message is shown.
      setError((result?.error && signInErrorMessage(result.error)) || "Could not sign in. Try again.");
      return;
    }
    router.replace("/");
    router.refresh();
  });

  return (
    <form className="flex flex-col gap-3 max-w-md" onSubmit={onSubmit} noValidate>
      <Field
        label="Email"
        type="email"
        autoComplete="username"
        readOnly={askCode}
        error={formState.errors.email}
        {...register("email")}
      />
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        readOnly={askCode}
        error={formState.errors.password}
        {...register("password")}
      />
      {askCode ? (
        <Field
          label="Code"
          inputMode="text"
          autoComplete="one-time-code"
          autoFocus
          hint="The 6-digit code from your authenticator app, or one of your recovery codes."
          error={formState.errors.code}
          {...register("code")}
        />
      ) : null}
      <FormError message={error} />
      <Button type="submit" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Signing in…" : askCode ? "Verify" : "Sign in"}
      </Button>
    </form>
  );
}

"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field, FormError, Hint, Message } from "@/components/ui/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { useTRPC } from "@/components/trpc";
import { ZBeginTwoFactorInput, ZDisableTwoFactorInput, ZTwoFactorCodeInput } from "@/server/services/users/schemas";
import { Button, buttonVariants } from "@/components/ui/button";

/** Two-factor sign-in of the signed-in user: set up (scan, confirm a code, keep the recovery codes) or turn off. */
export function TwoFactorSettings({ continueHref }: { continueHref?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.users.twoFactor.status.queryOptions());
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.twoFactor.status.queryKey() });

  if (recoveryCodes) {
    return (
      <div className="flex flex-col gap-3" data-testid="two-factor-on">
        <Message tone="ok" role="status">
          Two-factor sign-in is on. Keep these recovery codes somewhere safe: each signs you in once if you lose your phone. They
          are shown only now.
        </Message>
        <ol className="grid grid-cols-2 gap-x-6 gap-y-1 font-mono text-sm sm:grid-cols-3" data-testid="recovery-codes">
          {recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        {continueHref ? (
          <a className={buttonVariants({ variant: "primary" })} href={continueHref}>
            Continue
          </a>
        ) : null}
      </div>
    );
  }
  if (status.isPending) return <p>Loading…</p>;
  if (status.isError) return <Message tone="error">Could not load two-factor sign-in: {status.error.message}</Message>;
  if (status.data.enabled) {
    return (
      <div className="flex flex-col gap-3">
        <p data-testid="two-factor-status">
          Two-factor sign-in is on. {status.data.recoveryCodesLeft} of 10 recovery codes left.
        </p>
        {status.data.required ? (
          <Hint>Your role requires it, so it cannot be turned off.</Hint>
        ) : (
          <DisableTwoFactorForm onDone={refresh} />
        )}
      </div>
    );
  }
  return <EnrolTwoFactor required={status.data.required} onEnabled={setRecoveryCodes} />;
}

function EnrolTwoFactor({ required, onEnabled }: { required: boolean; onEnabled: (codes: string[]) => void }) {
  const trpc = useTRPC();
  const begin = useFormMutation({
    schema: ZBeginTwoFactorInput,
    defaultValues: { password: "" },
    serverFields: ["password"],
    mutation: trpc.users.twoFactor.begin.mutationOptions(),
  });
  const confirm = useFormMutation({
    schema: ZTwoFactorCodeInput,
    defaultValues: { code: "" },
    serverFields: ["code"],
    mutation: trpc.users.twoFactor.confirm.mutationOptions(),
    resetOnSuccess: false,
    onSuccess: (result) => onEnabled(result.recoveryCodes),
  });
  if (!begin.result) {
    return (
      <div className="flex flex-col gap-3">
        <p data-testid="two-factor-status">
          Two-factor sign-in is off.{" "}
          {required
            ? "Your role requires it: set it up to continue."
            : "With it on, signing in also asks for a code from an app on your phone."}
        </p>
        <form className="flex flex-wrap items-end gap-2" noValidate onSubmit={begin.submit}>
          <Field
            label="Your password"
            type="password"
            autoComplete="current-password"
            error={begin.errors.password}
            {...begin.form.register("password")}
          />
          <Button type="submit" className="self-end" disabled={begin.pending}>
            Set up two-factor sign-in
          </Button>
        </form>
        <FormError message={begin.formError} />
        <Hint>Setting it up signs you out on every other device.</Hint>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <p>Scan this QR code with an authenticator app (or type the key), then enter the code it shows.</p>
      {/* biome-ignore lint/performance/noImgElement: a data URL made on the server, nothing to optimise */}
      <img src={begin.result.qrCodeDataUrl} alt="QR code for your authenticator app" width={220} height={220} />
      <p>
        Key: <code data-testid="totp-secret">{begin.result.secret}</code>
      </p>
      <form className="flex flex-wrap items-end gap-2" noValidate onSubmit={confirm.submit}>
        <Field
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          error={confirm.errors.code}
          {...confirm.form.register("code")}
        />
        <Button type="submit" className="self-end" disabled={confirm.pending}>
          Turn on
        </Button>
      </form>
      <FormError message={confirm.formError} />
    </div>
  );
}

function DisableTwoFactorForm({ onDone }: { onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const { form, errors, submit, pending, formError } = useFormMutation({
    schema: ZDisableTwoFactorInput,
    defaultValues: { password: "", code: "" },
    serverFields: ["password", "code"],
    mutation: trpc.users.twoFactor.disable.mutationOptions(),
    onSuccess: onDone,
  });
  return (
    <form className="flex flex-wrap items-end gap-2" noValidate onSubmit={submit}>
      <Field
        label="Your password"
        type="password"
        autoComplete="current-password"
        error={errors.password}
        {...form.register("password")}
      />
      <Field
        label="Code from the app, or a recovery code"
        autoComplete="one-time-code"
        error={errors.code}
        {...form.register("code")}
      />
      <Button type="submit" variant="secondary" className="self-end" disabled={pending}>
        Turn off two-factor sign-in
      </Button>
      <FormError message={formError} />
    </form>
  );
}

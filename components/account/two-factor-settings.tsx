"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Field, FormError } from "@/components/field";
import { useTRPC } from "@/components/trpc";
import { useServerErrors } from "@/components/use-server-errors";
import { ZBeginTwoFactorInput, ZDisableTwoFactorInput, ZTwoFactorCodeInput } from "@/server/services/users/schemas";

/** Two-factor sign-in of the signed-in user: set up (scan, confirm a code, keep the recovery codes) or turn off. */
export function TwoFactorSettings({ continueHref }: { continueHref?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.users.twoFactor.status.queryOptions());
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.twoFactor.status.queryKey() });

  if (recoveryCodes) {
    return (
      <div className="stack" data-testid="two-factor-on">
        <p className="notice" role="status">
          Two-factor sign-in is on. Keep these recovery codes somewhere safe: each signs you in once if you lose your phone. They
          are shown only now.
        </p>
        <ol className="recovery-codes" data-testid="recovery-codes">
          {recoveryCodes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        {continueHref ? (
          <a className="button" href={continueHref}>
            Continue
          </a>
        ) : null}
      </div>
    );
  }
  if (status.isPending) return <p>Loading…</p>;
  if (status.isError) return <p className="form-error">Could not load two-factor sign-in: {status.error.message}</p>;
  if (status.data.enabled) {
    return (
      <div className="stack">
        <p data-testid="two-factor-status">
          Two-factor sign-in is on. {status.data.recoveryCodesLeft} of 10 recovery codes left.
        </p>
        {status.data.required ? (
          <p className="hint">Your role requires it, so it cannot be turned off.</p>
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
  const passwordForm = useForm<z.infer<typeof ZBeginTwoFactorInput>>({
    resolver: zodResolver(ZBeginTwoFactorInput),
    defaultValues: { password: "" },
  });
  const beginErrors = useServerErrors(passwordForm.setError, ["password"] as const);
  const begin = useMutation(
    trpc.users.twoFactor.begin.mutationOptions({
      onSuccess: () => passwordForm.reset(),
      onError: beginErrors.report,
    }),
  );
  const {
    register,
    handleSubmit,
    formState,
    setError: setFieldError,
  } = useForm<z.infer<typeof ZTwoFactorCodeInput>>({
    resolver: zodResolver(ZTwoFactorCodeInput),
    defaultValues: { code: "" },
  });
  const server = useServerErrors(setFieldError, ["code"] as const);
  const confirm = useMutation(
    trpc.users.twoFactor.confirm.mutationOptions({
      onSuccess: (result) => onEnabled(result.recoveryCodes),
      onError: server.report,
    }),
  );
  if (!begin.data) {
    return (
      <div className="stack">
        <p data-testid="two-factor-status">
          Two-factor sign-in is off.{" "}
          {required
            ? "Your role requires it: set it up to continue."
            : "With it on, signing in also asks for a code from an app on your phone."}
        </p>
        <form
          className="row-inline"
          noValidate
          onSubmit={passwordForm.handleSubmit((values) => {
            beginErrors.clear();
            begin.mutate(values);
          })}
        >
          <Field
            label="Your password"
            type="password"
            autoComplete="current-password"
            error={passwordForm.formState.errors.password}
            {...passwordForm.register("password")}
          />
          <button type="submit" className="actions" disabled={begin.isPending}>
            Set up two-factor sign-in
          </button>
        </form>
        <FormError message={beginErrors.formError} />
        <p className="hint">Setting it up signs you out on every other device.</p>
      </div>
    );
  }
  return (
    <div className="stack">
      <p>Scan this QR code with an authenticator app (or type the key), then enter the code it shows.</p>
      {/* biome-ignore lint/performance/noImgElement: a data URL made on the server, nothing to optimise */}
      <img src={begin.data.qrCodeDataUrl} alt="QR code for your authenticator app" width={220} height={220} />
      <p>
        Key: <code data-testid="totp-secret">{begin.data.secret}</code>
      </p>
      <form
        className="row-inline"
        noValidate
        onSubmit={handleSubmit((values) => {
          server.clear();
          confirm.mutate(values);
        })}
      >
        <Field
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          error={formState.errors.code}
          {...register("code")}
        />
        <button type="submit" className="actions" disabled={confirm.isPending}>
          Turn on
        </button>
      </form>
      <FormError message={server.formError} />
    </div>
  );
}

function DisableTwoFactorForm({ onDone }: { onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const { register, handleSubmit, formState, setError, reset } = useForm<z.infer<typeof ZDisableTwoFactorInput>>({
    resolver: zodResolver(ZDisableTwoFactorInput),
    defaultValues: { password: "", code: "" },
  });
  const server = useServerErrors(setError, ["password", "code"] as const);
  const disable = useMutation(
    trpc.users.twoFactor.disable.mutationOptions({
      onSuccess: async () => {
        reset();
        await onDone();
      },
      onError: server.report,
    }),
  );
  return (
    <form
      className="row-inline"
      noValidate
      onSubmit={handleSubmit((values) => {
        server.clear();
        disable.mutate(values);
      })}
    >
      <Field
        label="Your password"
        type="password"
        autoComplete="current-password"
        error={formState.errors.password}
        {...register("password")}
      />
      <Field
        label="Code from the app, or a recovery code"
        autoComplete="one-time-code"
        error={formState.errors.code}
        {...register("code")}
      />
      <button type="submit" className="actions secondary" disabled={disable.isPending}>
        Turn off two-factor sign-in
      </button>
      <FormError message={server.formError} />
    </form>
  );
}

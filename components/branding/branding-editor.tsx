"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { UseFormReturn } from "react-hook-form";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { serverIssues, useTRPC, useTRPCClient } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useConfirm } from "@/components/ui/confirm";
import { Field, FieldBox, FormError, Hint, Message } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { BRAND_IMAGE_TYPES_TEXT } from "@/server/domain/brand";
import {
  BRAND_FIELD_LABELS,
  type BrandImageSlot,
  type TBrandFieldsInput,
  ZBrandFields,
} from "@/server/services/branding/schemas";
import { BrandPreview } from "./brand-preview";

type Branding = NonNullable<ReturnType<typeof useBranding>["data"]>;

function useBranding(accountId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.branding.get.queryOptions({ accountId }));
}

/** The Branding page's editor: the brand's fields with a live preview, its images, and the invitation's own words. */
export function BrandingEditor({ accountId }: { accountId: string }) {
  const branding = useBranding(accountId);
  if (branding.isPending) return <Message tone="muted">Loading the brand…</Message>;
  if (branding.isError) return <Message tone="error">Could not load the brand: {branding.error.message}</Message>;
  return <BrandForm key={branding.dataUpdatedAt} accountId={accountId} branding={branding.data} />;
}

const FIELD_NAMES = Object.keys(BRAND_FIELD_LABELS) as (keyof TBrandFieldsInput)[];

function BrandForm({ accountId, branding }: { accountId: string; branding: Branding }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const router = useRouter();
  const { brand } = branding;
  const { form, errors, submit, pending, formError } = useFormMutation({
    schema: ZBrandFields,
    defaultValues: {
      productName: brand.productName,
      primaryColor: brand.primaryColor,
      accentColor: brand.accentColor,
      supportEmail: brand.supportEmail,
      supportUrl: brand.supportUrl,
      signInMessage: brand.signInMessage,
      hidePoweredBy: brand.hidePoweredBy,
      invitationSubject: brand.invitationSubject,
      invitationText: brand.invitationText,
    },
    // tRPC names the fields under `fields.`; each goes beside its own.
    serverFields: (path) => FIELD_NAMES.find((name) => path === `fields.${name}`) ?? null,
    issuesSummary: "The brand was not saved: see the marked fields.",
    resetOnSuccess: false,
    mutation: trpc.branding.update.mutationOptions(),
    variables: (fields) => ({ accountId, fields }),
    onSuccess: (saved) => {
      queryClient.setQueryData(trpc.branding.get.queryKey({ accountId }), saved);
      toast.success("Brand saved.");
      // The frame around the page (header, colours, favicon) is the server's: render it again.
      router.refresh();
    },
  });
  const reset = useMutation(
    trpc.branding.reset.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.branding.get.queryKey({ accountId }), data);
        router.refresh();
      },
    }),
  );
  const watched = form.watch();

  async function confirmReset() {
    const confirmed = await confirm({
      title: "Stop using a brand of your own?",
      description:
        "Your customers will see the brand of the account above yours again; your name, colours and images are removed.",
      confirmLabel: "Remove my brand",
      tone: "danger",
    });
    if (confirmed) reset.mutate({ accountId });
  }

  return (
    <>
      <Card aria-labelledby="brand-heading">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="brand-heading">Brand</h2>
          {branding.inherited ? (
            <Badge tone="neutral">Inherited: not set for this account yet</Badge>
          ) : (
            <Button variant="secondary" size="sm" onClick={confirmReset} disabled={reset.isPending}>
              Use the brand above instead
            </Button>
          )}
        </div>
        <form className="flex flex-col gap-4" noValidate onSubmit={submit}>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label={BRAND_FIELD_LABELS.productName}
              hint="At most 40 characters; shown instead of “Call Flow Portal”."
              error={errors.productName}
              {...form.register("productName")}
            />
            <ColorField form={form} name="primaryColor" hint="The header and sidebar; white text must stay readable on it." />
            <ColorField form={form} name="accentColor" hint="Buttons and links; white text must stay readable on it." />
            <Field
              label={BRAND_FIELD_LABELS.supportEmail}
              type="email"
              placeholder="help@example.com"
              error={errors.supportEmail}
              {...form.register("supportEmail")}
            />
            <Field
              label={BRAND_FIELD_LABELS.supportUrl}
              type="url"
              placeholder="https://help.example.com"
              error={errors.supportUrl}
              {...form.register("supportUrl")}
            />
          </div>
          <TextField form={form} name="signInMessage" rows={2} hint="Shown under “Sign in” on your sign-in page." />
          <label className="inline-flex items-center gap-2 text-sm font-normal">
            <input type="checkbox" {...form.register("hidePoweredBy")} /> Hide “Powered by Call Flow Portal” in the footer and in
            mails
          </label>
          <section aria-labelledby="preview-heading" className="flex flex-col gap-2">
            <h3 id="preview-heading">Preview</h3>
            <BrandPreview
              brand={{
                productName: watched.productName ?? "",
                primaryColor: watched.primaryColor ?? "",
                accentColor: watched.accentColor ?? "",
                signInMessage: watched.signInMessage ?? "",
                logoUrl: brand.logoUrl,
              }}
            />
          </section>
          <InvitationFields form={form} accountId={accountId} />
          <FormError message={formError} />
          <div className="self-end">
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save brand"}
            </Button>
          </div>
        </form>
      </Card>
      <Card aria-labelledby="images-heading">
        <h2 id="images-heading">Logo and favicon</h2>
        <p className="text-sm text-muted">
          {BRAND_IMAGE_TYPES_TEXT}, at most 256 KB. An SVG is stored without scripts, event handlers or links to elsewhere.
          Without a favicon, the logo is the browser tab&apos;s icon.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <ImageSlot accountId={accountId} slot="logo" label="Logo" url={branding.inherited ? null : brand.logoUrl} />
          <ImageSlot
            accountId={accountId}
            slot="favicon"
            label="Favicon"
            url={branding.inherited || brand.faviconUrl === brand.logoUrl ? null : brand.faviconUrl}
          />
        </div>
      </Card>
    </>
  );
}

type BrandForm = UseFormReturn<TBrandFieldsInput, unknown, unknown>;

function ColorField({ form, name, hint }: { form: BrandForm; name: "primaryColor" | "accentColor"; hint: string }) {
  const id = useId();
  const label = BRAND_FIELD_LABELS[name];
  const error = form.formState.errors[name];
  const value = form.watch(name) ?? "";
  return (
    <FieldBox>
      <label htmlFor={id}>{label}</label>
      <div className="flex gap-2">
        <input
          type="color"
          aria-label={`Pick the ${label.toLowerCase()}`}
          className="h-9 w-12 shrink-0 rounded-md border border-border bg-surface"
          value={/^#[0-9a-f]{6}$/i.test(value) ? value : "#000000"}
          onChange={(event) => form.setValue(name, event.target.value, { shouldValidate: true })}
        />
        <input
          id={id}
          className="h-9 w-full min-w-0 rounded-md border border-border bg-surface px-2.5 font-mono text-sm aria-[invalid=true]:border-danger"
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          {...form.register(name)}
        />
      </div>
      <Hint id={`${id}-hint`}>{hint}</Hint>
      {error?.message ? (
        <p id={`${id}-error`} className="text-sm text-danger" data-testid={`error-${name}`}>
          {error.message}
        </p>
      ) : null}
    </FieldBox>
  );
}

function TextField({
  form,
  name,
  rows,
  hint,
}: {
  form: BrandForm;
  name: "signInMessage" | "invitationText";
  rows: number;
  hint: string;
}) {
  const id = useId();
  const error = form.formState.errors[name];
  return (
    <FieldBox className="sm:w-full">
      <label htmlFor={id}>{BRAND_FIELD_LABELS[name]}</label>
      <Textarea
        id={id}
        rows={rows}
        className="font-sans text-sm"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        {...form.register(name)}
      />
      <Hint id={`${id}-hint`}>{hint}</Hint>
      {error?.message ? (
        <p id={`${id}-error`} className="text-sm text-danger" data-testid={`error-${name}`}>
          {error.message}
        </p>
      ) : null}
    </FieldBox>
  );
}

/** The invitation's own subject and text, and how the mail would read with them. */
function InvitationFields({ form, accountId }: { form: BrandForm; accountId: string }) {
  const client = useTRPCClient();
  const [preview, setPreview] = useState<{ subject: string; text: string; fromName: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  async function showPreview() {
    setProblem(null);
    try {
      const { invitationSubject = "", invitationText = "" } = form.getValues();
      setPreview(await client.branding.previewInvitation.query({ accountId, invitationSubject, invitationText }));
    } catch (error) {
      setProblem(serverIssues(error).message);
    }
  }
  return (
    <fieldset className="flex flex-col gap-3">
      <legend>Invitation mail</legend>
      <Hint>
        Leave both empty for the portal&apos;s own words. Placeholders: <code>{"{{name}}"}</code> (the invited person),{" "}
        <code>{"{{link}}"}</code> (where they set a password: required in the text), <code>{"{{product}}"}</code> (your product
        name).
      </Hint>
      <Field
        label={BRAND_FIELD_LABELS.invitationSubject}
        placeholder="{{name}}, your {{product}} account is ready"
        error={form.formState.errors.invitationSubject}
        className="sm:w-full"
        {...form.register("invitationSubject")}
      />
      <TextField form={form} name="invitationText" rows={5} hint="Blank lines separate paragraphs." />
      <div>
        <Button variant="secondary" onClick={showPreview}>
          Preview the invitation
        </Button>
      </div>
      {problem ? <Message tone="error">{problem}</Message> : null}
      {preview ? (
        <div
          className="flex flex-col gap-1 rounded-md border border-border bg-subtle p-3 text-sm"
          data-testid="invitation-preview"
        >
          <p>
            <strong>From:</strong> {preview.fromName}
          </p>
          <p>
            <strong>Subject:</strong> {preview.subject}
          </p>
          <pre className="font-sans break-words whitespace-pre-wrap">{preview.text}</pre>
        </div>
      ) : null}
    </fieldset>
  );
}

function ImageSlot({
  accountId,
  slot,
  label,
  url,
}: {
  accountId: string;
  slot: BrandImageSlot;
  label: string;
  url: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const inputId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const router = useRouter();
  const saved = (data: Branding) => {
    queryClient.setQueryData(trpc.branding.get.queryKey({ accountId }), data);
    router.refresh();
  };
  const upload = useMutation(
    trpc.branding.uploadImage.mutationOptions({
      onSuccess: saved,
      onError: (error) => setProblem(serverIssues(error).issues[0]?.message ?? serverIssues(error).message),
    }),
  );
  const remove = useMutation(trpc.branding.removeImage.mutationOptions({ onSuccess: saved }));

  async function chosen(file: File | undefined) {
    setProblem(null);
    if (!file) return;
    if (file.size > 256 * 1024) {
      setProblem(`The ${slot} must be at most 256 KB`);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    upload.mutate({ accountId, slot, base64: btoa(binary) });
  }

  async function confirmRemove() {
    const confirmed = await confirm({ title: `Remove the ${slot}?`, confirmLabel: `Remove ${slot}`, tone: "danger" });
    if (confirmed) remove.mutate({ accountId, slot });
  }

  return (
    <FieldBox className="sm:w-full">
      <label htmlFor={inputId}>{label}</label>
      <div className="flex min-h-16 items-center justify-center rounded-md border border-dashed border-border bg-subtle p-2">
        {url ? (
          // biome-ignore lint/performance/noImgElement: the uploaded image as it is served; Next's optimiser cannot read SVG.
          <img src={url} alt={`Current ${slot}`} className="max-h-16 max-w-full object-contain" />
        ) : (
          <span className="text-sm text-muted">None</span>
        )}
      </div>
      <input
        id={inputId}
        type="file"
        accept="image/png,image/webp,image/svg+xml"
        className="text-sm"
        disabled={upload.isPending}
        onChange={(event) => void chosen(event.target.files?.[0])}
      />
      {problem ? (
        <Message tone="error" data-testid={`error-${slot}`}>
          {problem}
        </Message>
      ) : null}
      {url ? (
        <Button variant="danger" size="sm" onClick={confirmRemove} disabled={remove.isPending}>
          Remove {slot}
        </Button>
      ) : null}
    </FieldBox>
  );
}

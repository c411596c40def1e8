"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { z } from "zod";
import type { PickerOption } from "@/components/async-picker";
import { FormError } from "@/components/field";
import { useTRPC } from "@/components/trpc";
import { useServerErrors } from "@/components/use-server-errors";
import { ZAssignPhoneNumberInput } from "@/server/services/resources/schemas";
import { PhoneNumberPicker } from "./phone-number-picker";

const ZAssignmentForm = ZAssignPhoneNumberInput.omit({ accountId: true }).extend({ id: z.string().min(1, "Choose a number") });
type AssignmentValues = z.infer<typeof ZAssignmentForm>;

/** The value of the "release" choice; a select's value cannot be null. */
const RELEASE = "";

/**
 * For resellers and admins: moves one of the account's numbers to another account in their
 * reach, or releases it to the inventory of the reseller above the account.
 */
export function PhoneNumberAssignment({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  // Whether the account has a number to assign: one row tells. The picker finds the others.
  const anyNumber = useQuery(trpc.resources.phoneNumbers.list.queryOptions({ accountId, limit: 1 }));
  const [chosen, setChosen] = useState<PickerOption | null>(null);
  const targets = useQuery(trpc.resources.phoneNumbers.assignableAccounts.queryOptions());
  const [notice, setNotice] = useState<string | null>(null);
  const form = useForm<AssignmentValues>({ resolver: zodResolver(ZAssignmentForm), defaultValues: { id: "", toAccountId: null } });
  const serverErrors = useServerErrors(form.setError, ["id", "toAccountId"]);
  const assign = useMutation({
    ...trpc.resources.phoneNumbers.assign.mutationOptions(),
    onSuccess: async (moved) => {
      const to = targets.data?.find((account) => account.id === moved.accountId)?.name ?? "the inventory";
      setNotice(`Moved ${moved.number} to ${to}.`);
      form.reset();
      setChosen(null);
      // Both accounts' lists change.
      await queryClient.invalidateQueries({ queryKey: trpc.resources.phoneNumbers.list.pathKey() });
    },
    onError: serverErrors.report,
  });

  const here = targets.data?.find((account) => account.id === accountId);
  const others = targets.data?.filter((account) => account.id !== accountId) ?? [];
  const idError = form.formState.errors.id?.message;
  const toError = form.formState.errors.toAccountId?.message;
  if (anyNumber.data?.items.length === 0) return null;
  return (
    <>
      <h3 id={headingId}>Assign a number</h3>
      <div role="status" data-testid="phone-number-assignment-message">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      <form
        className="row"
        noValidate
        aria-labelledby={headingId}
        onSubmit={form.handleSubmit((values) => {
          serverErrors.clear();
          setNotice(null);
          assign.mutate({ ...values, accountId });
        })}
      >
        <Controller
          control={form.control}
          name="id"
          render={({ field: { onChange, onBlur, ref } }) => (
            <PhoneNumberPicker
              ref={ref}
              accountId={accountId}
              label="Number"
              value={chosen}
              onChange={(option) => {
                setChosen(option);
                onChange(option?.id ?? "");
              }}
              onBlur={onBlur}
              error={idError}
              errorTestId="error-id"
            />
          )}
        />
        <div className="field">
          <label htmlFor={`${headingId}-to`}>Assign to</label>
          <select
            id={`${headingId}-to`}
            aria-invalid={toError ? true : undefined}
            {...form.register("toAccountId", { setValueAs: (value: string) => (value === RELEASE ? null : value) })}
          >
            {here?.kind === "customer" ? (
              <option value={RELEASE}>Release to the reseller&apos;s inventory</option>
            ) : (
              <option value={RELEASE} disabled>
                — choose an account —
              </option>
            )}
            {others.map((account) => (
              <option key={account.id} value={account.id}>
                {account.kind === "customer" ? account.name : `${account.name} (unassigned)`}
              </option>
            ))}
          </select>
          {toError ? (
            <p className="field-error" data-testid="error-toAccountId">
              {toError}
            </p>
          ) : null}
        </div>
        <button type="submit" className="actions" disabled={assign.isPending}>
          {assign.isPending ? "Assigning…" : "Assign"}
        </button>
        <FormError message={serverErrors.formError} />
      </form>
    </>
  );
}

"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Controller } from "react-hook-form";
import { z } from "zod";
import type { PickerOption } from "@/components/async-picker";
import { FormError, Message } from "@/components/ui/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { useTRPC } from "@/components/trpc";
import { ZAssignPhoneNumberInput } from "@/server/services/resources/schemas";
import { AssignableAccountPicker } from "./assignable-account-picker";
import { PhoneNumberPicker } from "./phone-number-picker";
import { Button } from "@/components/ui/button";

const ZAssignmentForm = ZAssignPhoneNumberInput.omit({ accountId: true }).extend({ id: z.string().min(1, "Choose a number") });

/** The option id of the "release" choice; a picker's ids are strings. */
const RELEASE = "";

/**
 * For resellers and admins: moves one of the account's numbers to another account in their
 * reach, or (from a customer) releases it to the inventory of the reseller above the account.
 */
export function PhoneNumberAssignment({ accountId, accountIsCustomer }: { accountId: string; accountIsCustomer: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  // Whether the account has a number to assign: one row tells. The picker finds the others.
  const anyNumber = useQuery(trpc.resources.phoneNumbers.list.queryOptions({ accountId, limit: 1 }));
  const [chosen, setChosen] = useState<PickerOption | null>(null);
  const [target, setTarget] = useState<PickerOption | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { form, errors, submit, pending, formError } = useFormMutation({
    schema: ZAssignmentForm,
    defaultValues: { id: "", toAccountId: null },
    serverFields: ["id", "toAccountId"],
    mutation: trpc.resources.phoneNumbers.assign.mutationOptions(),
    variables: (values) => ({ ...values, accountId }),
    onSubmit: () => setNotice(null),
    onSuccess: async (moved) => {
      setNotice(
        target && target.id !== RELEASE
          ? `Moved ${moved.number} to ${target.label}.`
          : `Released ${moved.number} to the reseller's inventory.`,
      );
      setChosen(null);
      setTarget(null);
      // Both accounts' lists change.
      await queryClient.invalidateQueries({ queryKey: trpc.resources.phoneNumbers.list.pathKey() });
    },
  });

  const idError = errors.id?.message;
  const toError = errors.toAccountId?.message;
  if (anyNumber.data?.items.length === 0) return null;
  return (
    <>
      <h3 id={headingId}>Assign a number</h3>
      <div role="status" data-testid="phone-number-assignment-message">
        {notice ? <Message tone="ok">{notice}</Message> : null}
      </div>
      <form className="flex flex-wrap items-start gap-3" noValidate aria-labelledby={headingId} onSubmit={submit}>
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
        <Controller
          control={form.control}
          name="toAccountId"
          render={({ field: { onChange, onBlur, ref } }) => (
            <AssignableAccountPicker
              ref={ref}
              accountId={accountId}
              label="Assign to"
              // Only a customer's number has an inventory above it to go back to.
              releaseLabel={accountIsCustomer ? "Release to the reseller's inventory" : undefined}
              value={target}
              onChange={(option) => {
                setTarget(option);
                onChange(option === null || option.id === RELEASE ? null : option.id);
              }}
              onBlur={onBlur}
              error={toError}
              errorTestId="error-toAccountId"
            />
          )}
        />
        <Button type="submit" className="self-end" disabled={pending}>
          {pending ? "Assigning…" : "Assign"}
        </Button>
        <FormError message={formError} />
      </form>
    </>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { FormError } from "@/components/field";
import { SearchBox, useSearch } from "@/components/paged-list";
import { MAX_PAGE_SIZE } from "@/server/services/paging";
import { useTRPC } from "@/components/trpc";
import { useServerErrors } from "@/components/use-server-errors";
import { ZAssignPhoneNumberInput } from "@/server/services/resources/schemas";

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
  // An account may hold more numbers than one page: the choice is narrowed by a search instead.
  const { text, setText, search } = useSearch();
  const numbers = useQuery({
    ...trpc.resources.phoneNumbers.list.queryOptions({ accountId, search, limit: MAX_PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
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
      // Both accounts' lists change.
      await queryClient.invalidateQueries({ queryKey: trpc.resources.phoneNumbers.list.pathKey() });
    },
    onError: serverErrors.report,
  });

  const here = targets.data?.find((account) => account.id === accountId);
  const others = targets.data?.filter((account) => account.id !== accountId) ?? [];
  const idError = form.formState.errors.id?.message;
  const toError = form.formState.errors.toAccountId?.message;
  if (!search && numbers.data?.items.length === 0) return null;
  return (
    <>
      <h3 id={headingId}>Assign a number</h3>
      <div role="status" data-testid="phone-number-assignment-message">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      <SearchBox label="Find a number to assign" value={text} onChange={setText} />
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
        <div className="field">
          <label htmlFor={`${headingId}-number`}>Number</label>
          <select id={`${headingId}-number`} aria-invalid={idError ? true : undefined} {...form.register("id")}>
            <option value="">— choose a number —</option>
            {numbers.data?.items.map((number) => (
              <option key={number.id} value={number.id}>
                {number.number}
              </option>
            ))}
          </select>
          {idError ? (
            <p className="field-error" data-testid="error-id">
              {idError}
            </p>
          ) : null}
        </div>
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

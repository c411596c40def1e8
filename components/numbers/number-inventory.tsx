"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { z } from "zod";
import type { PickerOption } from "@/components/async-picker";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { AssignableAccountPicker } from "@/components/resources/assignable-account-picker";
import { type RouterOutputs, serverIssues, useTRPC } from "@/components/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useConfirm } from "@/components/ui/confirm";
import { Field, FieldBox, FormError, Hint } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { examplePhoneNumber, zPhoneNumber } from "@/server/domain/phone-number";

type InventoryNumber = RouterOutputs["resources"]["phoneNumbers"]["inventory"]["items"][number];
type Holder = InventoryNumber["account"];

/** Which numbers the list shows: all of the tree's, the unassigned stock, or one account's. */
type Shown = "all" | "unassigned" | "account";

/** "Acme Corporation (acme)" where the account has a display name, else its handle. */
function holderName(account: Pick<Holder, "name" | "displayName">): string {
  return account.displayName ? `${account.displayName} (${account.name})` : account.name;
}

/**
 * A reseller's (or the platform's) number inventory: every number in its tree, its own
 * unassigned stock and each customer's, filtered by holder and found by digits. Numbers are
 * added to the stock, assigned to a customer and released back here, each asked for first.
 */
export function NumberInventory({
  ownAccount,
  initialHolder,
}: {
  /** The staff account whose stock this is, and its country (how national numbers are read). */
  ownAccount: { id: string; country: string };
  /** What a link asked to show (an account's Numbers page links here): its numbers, or the stock's. */
  initialHolder: PickerOption | "unassigned" | null;
}) {
  const trpc = useTRPC();
  const headingId = useId();
  const showId = useId();
  const [shown, setShown] = useState<Shown>(
    initialHolder === null ? "all" : initialHolder === "unassigned" ? "unassigned" : "account",
  );
  const [holder, setHolder] = useState<PickerOption | null>(typeof initialHolder === "object" ? initialHolder : null);
  const { text, setText, search } = useSearch();
  const list = useInfiniteQuery({
    ...trpc.resources.phoneNumbers.inventory.infiniteQueryOptions(
      {
        search,
        unassigned: shown === "unassigned",
        holderId: shown === "account" && holder ? holder.id : undefined,
      },
      { getNextPageParam: nextCursorOf },
    ),
    placeholderData: keepPreviousData,
  });
  const [assigningId, setAssigningId] = useState<string | null>(null);

  return (
    <>
      <Card aria-labelledby={headingId}>
        <h2 id={headingId}>Number inventory</h2>
        <Hint>
          Numbers wait in your stock, unassigned, until you assign them to a customer; a released number comes back here.
        </Hint>
        <div className="flex flex-wrap items-start gap-3">
          <FieldBox>
            <label htmlFor={showId}>Show</label>
            <Select id={showId} value={shown} onChange={(event) => setShown(event.target.value as Shown)}>
              <option value="all">All numbers</option>
              <option value="unassigned">Unassigned (your stock)</option>
              <option value="account">Held by a customer…</option>
            </Select>
          </FieldBox>
          {shown === "account" ? (
            <AssignableAccountPicker accountId={ownAccount.id} label="Customer" value={holder} onChange={setHolder} />
          ) : null}
          <SearchBox label="Search numbers" value={text} onChange={setText} />
        </div>
        <PagedList query={list} noun="numbers" empty={search ? "No number matches." : "No numbers here."}>
          {(numbers) => (
            <ul className="flex list-none flex-col gap-2 p-0" aria-label="Number inventory">
              {numbers.map((number) => (
                <li key={number.id} className="rounded-md border border-border px-3 py-2">
                  {number.id === assigningId ? (
                    <AssignForm number={number} onDone={() => setAssigningId(null)} />
                  ) : (
                    <InventoryRow number={number} onAssign={() => setAssigningId(number.id)} />
                  )}
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </Card>
      <Card aria-labelledby={`${headingId}-add`}>
        <h2 id={`${headingId}-add`}>Add a number to your stock</h2>
        <AddNumberForm accountId={ownAccount.id} country={ownAccount.country} />
      </Card>
    </>
  );
}

function InventoryRow({ number, onAssign }: { number: InventoryNumber; onAssign(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const release = useMutation(trpc.resources.phoneNumbers.assign.mutationOptions());
  const remove = useMutation(trpc.resources.phoneNumbers.delete.mutationOptions());
  const onCustomer = number.account.kind === "customer";
  const holder = holderName(number.account);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.resources.phoneNumbers.pathKey() });

  async function confirmRelease() {
    const confirmed = await confirm({
      title: `Release ${number.number} from ${holder}?`,
      description: `It goes back to the stock, unassigned${number.routed ? `, and its routing on ${number.account.name} is cleared: calls to it stop reaching ${number.account.name}'s call flows` : ""}.`,
      confirmLabel: "Release number",
      tone: "danger",
    });
    if (!confirmed) return;
    try {
      await release.mutateAsync({ accountId: number.account.id, id: number.id, toAccountId: null });
      toast.success(`Released ${number.number} from ${number.account.name} to the stock.`);
      await refresh();
    } catch (error) {
      toast.error(serverIssues(error).message);
    }
  }

  async function confirmDelete() {
    const confirmed = await confirm({
      title: `Delete ${number.number}?`,
      description: "It leaves the inventory altogether; adding it again is possible while nobody else holds it.",
      confirmLabel: "Delete number",
      tone: "danger",
    });
    if (!confirmed) return;
    try {
      await remove.mutateAsync({ accountId: number.account.id, id: number.id });
      toast.success(`Deleted ${number.number}.`);
      await refresh();
    } catch (error) {
      toast.error(serverIssues(error).message);
    }
  }

  return (
    <div className="grid items-center gap-x-4 gap-y-1 sm:grid-cols-[10rem_1fr_8rem_auto]">
      <strong>{number.number}</strong>
      <span data-testid="held-by">
        {onCustomer ? (
          <Link href={`/accounts/${number.account.id}/numbers`}>{holder}</Link>
        ) : (
          <Badge tone="neutral">Unassigned</Badge>
        )}
      </span>
      <span className="text-sm text-muted">{number.routed ? "Routed" : "Not routed"}</span>
      <span className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" aria-label={`Assign ${number.number}`} onClick={onAssign}>
          Assign…
        </Button>
        {onCustomer ? (
          <Button
            type="button"
            variant="secondary"
            aria-label={`Release ${number.number}`}
            disabled={release.isPending}
            onClick={() => void confirmRelease()}
          >
            Release
          </Button>
        ) : (
          <Button
            type="button"
            variant="danger"
            aria-label={`Delete ${number.number}`}
            disabled={remove.isPending}
            onClick={() => void confirmDelete()}
          >
            Delete
          </Button>
        )}
      </span>
    </div>
  );
}

/** Assigns one number to another account in reach, once confirmed. */
function AssignForm({ number, onDone }: { number: InventoryNumber; onDone(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const assign = useMutation(trpc.resources.phoneNumbers.assign.mutationOptions());
  const [target, setTarget] = useState<PickerOption | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);

  async function submit() {
    if (!target) {
      setError("Assign to: choose a customer");
      return;
    }
    setError(undefined);
    const from = number.account.kind === "customer" ? ` from ${number.account.name}` : "";
    const confirmed = await confirm({
      title: `Assign ${number.number} to ${target.label}?`,
      description: number.routed
        ? `Its routing${from} is cleared: ${target.label} routes it to its own call flows.`
        : `${target.label} can then route it to its call flows.`,
      confirmLabel: "Assign number",
    });
    if (!confirmed) return;
    try {
      await assign.mutateAsync({ accountId: number.account.id, id: number.id, toAccountId: target.id });
      toast.success(`Assigned ${number.number} to ${target.label}.`);
      await queryClient.invalidateQueries({ queryKey: trpc.resources.phoneNumbers.pathKey() });
      onDone();
    } catch (failure) {
      const { message, issues } = serverIssues(failure);
      setError(issues[0]?.message ?? message);
    }
  }

  return (
    <form
      className="flex flex-wrap items-start gap-3"
      noValidate
      aria-label={`Assign ${number.number}`}
      onKeyDown={(event) => {
        if (event.key === "Escape") onDone();
      }}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <strong className="self-center">{number.number}</strong>
      <AssignableAccountPicker
        accountId={number.account.id}
        label="Assign to"
        value={target}
        onChange={setTarget}
        error={error}
        errorTestId="error-toAccountId"
      />
      <Button type="submit" className="self-end" disabled={assign.isPending}>
        {assign.isPending ? "Assigning…" : "Assign"}
      </Button>
      <Button type="button" variant="secondary" className="self-end" onClick={onDone}>
        Cancel
      </Button>
    </form>
  );
}

/** Adds a number to the account's stock, typed in the account's national format or in E.164. */
function AddNumberForm({ accountId, country }: { accountId: string; country: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const example = examplePhoneNumber(country);
  const { form, errors, submit, pending, formError } = useFormMutation({
    schema: z.object({ number: zPhoneNumber(country) }),
    defaultValues: { number: "" },
    serverFields: ["number"],
    mutation: trpc.resources.phoneNumbers.create.mutationOptions(),
    variables: ({ number }) => ({ accountId, number, callFlowId: null }),
    onSuccess: async (created) => {
      toast.success(`Added ${created.number} to your stock.`);
      await queryClient.invalidateQueries({ queryKey: trpc.resources.phoneNumbers.pathKey() });
    },
  });
  return (
    <form className="flex flex-wrap items-start gap-3" noValidate aria-label="Add a number" onSubmit={submit}>
      <Field
        label="Number"
        inputMode="tel"
        autoComplete="off"
        hint={`Like ${example.national ? `${example.national} or ` : ""}${example.international}`}
        error={errors.number}
        {...form.register("number")}
      />
      <Button type="submit" className="self-end" disabled={pending}>
        {pending ? "Adding…" : "Add number"}
      </Button>
      <FormError message={formError} />
    </form>
  );
}

"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { PlanUsage } from "@/components/plans/plan-usage";
import { serverIssues } from "@/components/trpc";
import { useConfirm } from "@/components/ui/confirm";
import { toast } from "@/components/ui/toaster";
import { Tooltip } from "@/components/ui/tooltip";
import { Field, FieldBox, FormError, Message } from "@/components/ui/field";
import { formatDay } from "@/components/format";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { ZCreateAccountUserInput, ZRenameAccountInput } from "@/server/services/accounts/schemas";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { CountryField } from "./country-field";
import { Table } from "@/components/ui/table";

export function CustomerDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const customer = useQuery(trpc.accounts.customers.get.queryOptions({ id }));
  if (customer.isPending) return <p>Loading customer…</p>;
  if (customer.isError) return <Message tone="error">Could not load the customer: {customer.error.message}</Message>;
  const { data } = customer;
  return (
    <>
      <p className="text-sm">
        <Link href="/customers">← Customers</Link>
      </p>
      <PageHeader
        title={data.name}
        description={data.displayName || undefined}
        actions={
          <>
            <Link className={buttonVariants({ variant: "primary" })} href={`/accounts/${data.id}/flows`}>
              Open {data.name}&apos;s call flows
            </Link>
            <Link className={buttonVariants({ variant: "secondary" })} href={`/accounts/${data.id}/numbers`}>
              Open {data.name}&apos;s numbers
            </Link>
          </>
        }
      />
      <Card aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <RenameCustomerForm key={`${data.name}/${data.displayName}/${data.contactName}/${data.country}`} customer={data} />
      </Card>
      <Card aria-labelledby="plan-heading">
        <h2 id="plan-heading">Plan and status</h2>
        <CustomerPlanAndStatus customer={data} />
        <PlanUsage accountId={data.id} />
      </Card>
      <Card aria-labelledby="users-heading">
        <h2 id="users-heading">Users</h2>
        <CustomerUsers accountId={id} />
        <h2>Add a user</h2>
        <CreateUserForm accountId={id} />
      </Card>
    </>
  );
}

/** The customer's plan, its suspension (sign-ins and API users stop; data stays), and its removal once suspended. */
function CustomerPlanAndStatus({
  customer,
}: {
  customer: { id: string; name: string; planId: string | null; status: "active" | "suspended" };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const confirm = useConfirm();
  const plans = useQuery(trpc.plans.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.accounts.pathKey() });
  const failed = (error: unknown) => toast.error(serverIssues(error).message);
  const setPlan = useMutation(trpc.accounts.customers.setPlan.mutationOptions({ onSuccess: refresh, onError: failed }));
  const setStatus = useMutation(trpc.accounts.customers.setStatus.mutationOptions({ onSuccess: refresh, onError: failed }));
  const remove = useMutation(
    trpc.accounts.customers.delete.mutationOptions({
      onSuccess: () => router.push("/customers"),
      onError: failed,
    }),
  );
  const suspended = customer.status === "suspended";

  async function toggleStatus() {
    if (!suspended) {
      const confirmed = await confirm({
        title: `Suspend ${customer.name}?`,
        description:
          "Its users cannot sign in and its API users are refused from their next request. Its flows and numbers stay.",
        confirmLabel: "Suspend",
        tone: "danger",
      });
      if (!confirmed) return;
    }
    setStatus.mutate({ id: customer.id, status: suspended ? "active" : "suspended" });
  }

  async function deleteCustomer() {
    const confirmed = await confirm({
      title: `Delete ${customer.name}?`,
      description: "Everything it owns is removed for good; its phone numbers return to your inventory.",
      confirmLabel: "Delete customer",
      tone: "danger",
    });
    if (confirmed) remove.mutate({ id: customer.id });
  }

  return (
    <div className="flex flex-wrap items-end gap-3">
      <FieldBox>
        <label htmlFor="customer-plan">Plan</label>
        <select
          id="customer-plan"
          className="min-h-9 rounded-md border border-border bg-surface px-2"
          value={customer.planId ?? ""}
          onChange={(event) => setPlan.mutate({ id: customer.id, planId: event.target.value || null })}
        >
          <option value="">No plan (nothing limited)</option>
          {plans.data?.map((plan) => (
            <option key={plan.id} value={plan.id}>
              {plan.name}
            </option>
          ))}
        </select>
      </FieldBox>
      <p className="text-sm">Status: {suspended ? <Badge tone="danger">Suspended</Badge> : <Badge tone="ok">Active</Badge>}</p>
      <Button variant={suspended ? "secondary" : "danger"} onClick={toggleStatus} disabled={setStatus.isPending}>
        {suspended ? "Reactivate" : "Suspend"}
      </Button>
      {suspended ? (
        <Button variant="danger" onClick={deleteCustomer} disabled={remove.isPending}>
          Delete customer
        </Button>
      ) : (
        <Tooltip label="Only a suspended customer can be deleted: suspend it first">
          <Button variant="danger" aria-disabled="true" className="cursor-not-allowed opacity-60">
            Delete customer
          </Button>
        </Tooltip>
      )}
    </div>
  );
}

function CustomerUsers({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const { text, setText, search } = useSearch();
  const users = useInfiniteQuery({
    ...trpc.accounts.customers.users.infiniteQueryOptions({ accountId, search }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="flex flex-col gap-3">
      <SearchBox label="Search users by email or name" value={text} onChange={setText} />
      <PagedList
        query={users}
        noun="users"
        empty={search ? "No user matches." : "No users yet: add one so the customer can sign in."}
      >
        {(items) => (
          <Table aria-label="Users">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <tr key={user.id}>
                  <td>{user.email}</td>
                  <td>{user.displayName}</td>
                  <td>{user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="ok">Active</Badge>}</td>
                  <td>{formatDay(user.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </div>
  );
}

function RenameCustomerForm({
  customer,
}: {
  customer: { id: string; name: string; displayName: string; contactName: string; country: string };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const {
    form,
    errors,
    submit,
    pending,
    formError,
    succeeded: saved,
  } = useFormMutation({
    schema: ZRenameAccountInput,
    defaultValues: customer,
    serverFields: ["name", "displayName", "contactName", "country"],
    mutation: trpc.accounts.customers.rename.mutationOptions(),
    // The form goes on showing the names as saved.
    resetOnSuccess: false,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.accounts.customers.pathKey() }),
  });
  return (
    <form className="flex flex-wrap items-start gap-3" noValidate onSubmit={submit}>
      <Field label="Account name" error={errors.name} {...form.register("name")} />
      <Field label="Display name" error={errors.displayName} {...form.register("displayName")} />
      <Field label="Contact name" error={errors.contactName} {...form.register("contactName")} />
      <CountryField error={errors.country} {...form.register("country")} />
      <Button type="submit" className="self-end" disabled={pending}>
        Save
      </Button>
      <FormError message={formError} />
      {saved ? (
        <Message tone="ok" role="status">
          Saved.
        </Message>
      ) : null}
    </form>
  );
}

function CreateUserForm({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { form, errors, submit, pending, formError } = useFormMutation({
    schema: ZCreateAccountUserInput,
    defaultValues: { accountId, email: "", displayName: "", password: "" },
    serverFields: ["email", "displayName", "password"],
    mutation: trpc.accounts.customers.createUser.mutationOptions(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.accounts.customers.pathKey() }),
  });
  return (
    <form className="flex flex-wrap items-start gap-3" noValidate onSubmit={submit}>
      <Field label="Email" type="email" error={errors.email} {...form.register("email")} />
      <Field label="Name" error={errors.displayName} {...form.register("displayName")} />
      <Field
        label="Initial password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters, not a common password."
        error={errors.password}
        {...form.register("password")}
      />
      <Button type="submit" className="self-end" disabled={pending}>
        Add user
      </Button>
      <FormError message={formError} />
    </form>
  );
}

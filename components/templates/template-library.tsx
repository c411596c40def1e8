"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formatDay } from "@/components/format";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { serverIssues, useTRPC } from "@/components/trpc";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, cardClass } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { Table } from "@/components/ui/table";
import { FieldBox, Hint, Message } from "@/components/ui/field";

/** The reseller's (or the platform's) templates, the starters, and making a template from a flow. */
export function TemplateLibrary() {
  return (
    <div className="flex flex-col gap-3">
      <p className="flex flex-wrap items-end gap-2">
        <Link className={buttonVariants({ variant: "primary" })} href="/templates/new">
          New blank template
        </Link>
      </p>
      <Card aria-labelledby="from-flow-heading">
        <h2 id="from-flow-heading">New template from a call flow</h2>
        <FromFlowPicker />
      </Card>
      <Card aria-labelledby="own-heading">
        <h2 id="own-heading">Your templates</h2>
        <OwnTemplates />
      </Card>
      <Card aria-labelledby="starters-heading">
        <h2 id="starters-heading">Starter templates</h2>
        <StarterTemplates />
      </Card>
    </div>
  );
}

function OwnTemplates() {
  const trpc = useTRPC();
  const { text, setText, search } = useSearch();
  const templates = useInfiniteQuery({
    ...trpc.templates.list.infiniteQueryOptions({ search }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  return (
    <div className="flex flex-col gap-3">
      <SearchBox label="Search templates by name" value={text} onChange={setText} />
      <PagedList
        query={templates}
        noun="templates"
        empty={search ? "No template matches." : "No templates yet: make one from a call flow, or copy a starter."}
      >
        {(items) => (
          <Table aria-label="Templates">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Placeholders</th>
                <th scope="col">Version</th>
                <th scope="col">Changed</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((template) => (
                <tr key={template.id}>
                  <td>
                    <Link href={`/templates/${template.id}`}>{template.name}</Link>
                  </td>
                  <td>{Object.keys(template.placeholders).join(", ") || "none"}</td>
                  <td>{template.version}</td>
                  <td>{formatDay(template.updatedAt)}</td>
                  <td>
                    <Link className={buttonVariants({ variant: "secondary" })} href={`/templates/${template.id}/apply`}>
                      Apply {template.name}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </PagedList>
    </div>
  );
}

function StarterTemplates() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const starters = useQuery(trpc.templates.starters.queryOptions());
  const copy = useMutation(trpc.templates.copyStarter.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  if (starters.isPending) return <p>Loading starter templates…</p>;
  if (starters.isError) return <Message tone="error">Could not load the starter templates: {starters.error.message}</Message>;
  return (
    <>
      {error ? <Message tone="error">{error}</Message> : null}
      <ul className="grid list-none grid-cols-[repeat(auto-fill,minmax(min(100%,220px),1fr))] gap-3 p-0">
        {starters.data.map((starter) => (
          <li key={starter.id} className={cardClass}>
            <strong>{starter.name}</strong>
            <p>{starter.description}</p>
            <Hint>Placeholders: {Object.keys(starter.placeholders).join(", ")}</Hint>
            <p className="flex flex-wrap items-end gap-2">
              <Link className={buttonVariants({ variant: "secondary" })} href={`/templates/${starter.id}/apply`}>
                Apply {starter.name}
              </Link>
              <Button
                type="button"
                variant="secondary"
                onClick={async () => {
                  setError(null);
                  try {
                    const copied = await copy.mutateAsync({ id: starter.id });
                    await queryClient.invalidateQueries({ queryKey: trpc.templates.list.pathKey() });
                    router.push(`/templates/${copied.id}`);
                  } catch (failure) {
                    setError(serverIssues(failure).message);
                  }
                }}
              >
                Copy {starter.name} to your templates
              </Button>
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Picks a customer, then one of its flows, and opens the template proposed from it. */
function FromFlowPicker() {
  const trpc = useTRPC();
  const router = useRouter();
  const customerSelect = useId();
  const flowSelect = useId();
  const customers = useSearch();
  const [customerId, setCustomerId] = useState("");
  const [flowId, setFlowId] = useState("");
  const customerPage = useQuery({
    ...trpc.templates.customers.queryOptions({ search: customers.search, limit: 100 }),
    placeholderData: keepPreviousData,
  });
  const flows = useQuery({
    ...trpc.callFlows.list.queryOptions({ accountId: customerId, limit: 100 }),
    enabled: customerId !== "",
  });
  return (
    <div className="flex flex-wrap items-end gap-2">
      <SearchBox label="Find a customer" value={customers.text} onChange={customers.setText} />
      <FieldBox>
        <label htmlFor={customerSelect}>Customer</label>
        <Select
          id={customerSelect}
          value={customerId}
          onChange={(event) => {
            setCustomerId(event.target.value);
            setFlowId("");
          }}
        >
          <option value="">Choose a customer</option>
          {(customerPage.data?.items ?? []).map((customer) => (
            <option key={customer.id} value={customer.id}>
              {customer.name}
            </option>
          ))}
        </Select>
      </FieldBox>
      <FieldBox>
        <label htmlFor={flowSelect}>Call flow</label>
        <Select id={flowSelect} value={flowId} disabled={customerId === ""} onChange={(event) => setFlowId(event.target.value)}>
          <option value="">Choose a call flow</option>
          {(flows.data?.items ?? []).map((flow) => (
            <option key={flow.id} value={flow.id}>
              {flow.name} ({flow.extension})
            </option>
          ))}
        </Select>
      </FieldBox>
      <Button
        type="button"
        disabled={flowId === ""}
        onClick={() => router.push(`/templates/new?accountId=${customerId}&flowId=${flowId}`)}
      >
        Make a template from this flow
      </Button>
    </div>
  );
}

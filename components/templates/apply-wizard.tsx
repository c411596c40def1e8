"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { serverIssues, useTRPC } from "@/components/trpc";
import { RecentApplyRuns } from "./apply-run";
import { KIND_LABELS, type PlaceholderKind } from "@/server/domain/templates";
import type { AppRouter } from "@/server/trpc/root";
import type { inferRouterOutputs } from "@trpc/server";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { Table } from "@/components/ui/table";
import { FieldBox, Hint, Message } from "@/components/ui/field";

type Outputs = inferRouterOutputs<AppRouter>["templates"];
type Preview = Outputs["preview"][number];
type Source = { kind: "template"; id: string } | { kind: "flow"; accountId: string; flowId: string };
type Customer = { id: string; name: string };

/** How many customers one preview call checks: the preview fills in as they come. */
const PREVIEW_CHUNK = 25;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * Applies a template (or copies a flow) to customers: pick them, bind each placeholder (by name
 * where exactly one resource fits, by hand otherwise), pick extensions, preview, then start one
 * run on the server, whose page shows its progress and results.
 */
export function ApplyWizard({ source }: { source: Source }) {
  const trpc = useTRPC();
  const template = useQuery({
    ...trpc.templates.get.queryOptions({ id: source.kind === "template" ? source.id : "" }),
    enabled: source.kind === "template",
  });
  const proposal = useQuery({
    ...trpc.templates.proposeFromFlow.queryOptions(
      source.kind === "flow" ? { accountId: source.accountId, flowId: source.flowId } : { accountId: "", flowId: "" },
    ),
    enabled: source.kind === "flow",
  });
  const loaded = source.kind === "template" ? template : proposal;
  const [step, setStep] = useState<"customers" | "bind" | "run">("customers");
  const [selected, setSelected] = useState<Customer[]>([]);
  if (loaded.isPending) return <p>Loading…</p>;
  if (loaded.isError) return <Message tone="error">Could not load it: {loaded.error.message}</Message>;
  const name = loaded.data.name;
  return (
    <div className="flex flex-col gap-3">
      <p>
        {source.kind === "template" ? (
          <Link href="/templates">← Templates</Link>
        ) : (
          <Link href={`/accounts/${source.accountId}/flows/${source.flowId}`}>← {name}</Link>
        )}
      </p>
      <h1>{source.kind === "template" ? `Apply "${name}" to customers` : `Copy "${name}" to other customers`}</h1>
      <Hint>Placeholders: {Object.keys(loaded.data.placeholders).join(", ") || "none"}</Hint>
      {step === "customers" ? (
        <CustomerStep selected={selected} onChange={setSelected} onNext={() => setStep("bind")} />
      ) : (
        <BindAndRunStep source={source} defaultName={name} customers={selected} onBack={() => setStep("customers")} />
      )}
      <RecentApplyRuns source={source} />
    </div>
  );
}

function CustomerStep({
  selected,
  onChange,
  onNext,
}: {
  selected: Customer[];
  onChange: (customers: Customer[]) => void;
  onNext: () => void;
}) {
  const trpc = useTRPC();
  const { text, setText, search } = useSearch();
  const customers = useInfiniteQuery({
    ...trpc.templates.customers.infiniteQueryOptions({ search }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  const chosen = new Set(selected.map((customer) => customer.id));
  const toggle = (customer: Customer) =>
    onChange(
      chosen.has(customer.id)
        ? selected.filter((other) => other.id !== customer.id)
        : [...selected, { id: customer.id, name: customer.name }],
    );
  return (
    <Card className="flex flex-col gap-3" aria-labelledby="customers-heading">
      <h2 id="customers-heading">1. Customers</h2>
      <SearchBox label="Search customers by name" value={text} onChange={setText} />
      <PagedList query={customers} noun="customers" empty={search ? "No customer matches." : "No customers yet."}>
        {(items) => (
          <ul className="flex list-none flex-col gap-2 p-0">
            {items.map((customer) => (
              <li key={customer.id}>
                <label className="inline-flex items-center gap-2 text-sm font-normal">
                  <input type="checkbox" checked={chosen.has(customer.id)} onChange={() => toggle(customer)} />
                  {customer.name}
                </label>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
      <p className="flex flex-wrap items-end gap-2">
        <span data-testid="selected-count">
          {selected.length} customer{selected.length === 1 ? "" : "s"} chosen
        </span>
        <Button type="button" disabled={selected.length === 0} onClick={onNext}>
          Next: bind and preview
        </Button>
      </p>
    </Card>
  );
}

type Choices = Record<string, { bindings: Record<string, string>; extension?: number }>;

function BindAndRunStep({
  source,
  defaultName,
  customers,
  onBack,
}: {
  source: Source;
  defaultName: string;
  customers: Customer[];
  onBack: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const nameId = useId();
  const [flowName, setFlowName] = useState(defaultName);
  const [choices, setChoices] = useState<Choices>({});
  const [previews, setPreviews] = useState<Preview[] | null>(null);
  // Flows with warnings are made as drafts unless the user chooses otherwise: someone looks at
  // each before callers reach it.
  const [publishChoice, setPublish] = useState<boolean | null>(null);
  const withWarnings = previews?.filter((row) => row.warnings.length > 0).length ?? 0;
  const publish = publishChoice ?? withWarnings === 0;
  const [error, setError] = useState<string | null>(null);
  const preview = useMutation(trpc.templates.preview.mutationOptions());
  const apply = useMutation(trpc.templates.startApply.mutationOptions());

  const targetsOf = (some: Customer[]) =>
    some.map((customer) => ({
      accountId: customer.id,
      bindings: choices[customer.id]?.bindings ?? {},
      extension: choices[customer.id]?.extension,
    }));

  async function runPreview() {
    setError(null);
    try {
      const found: Preview[] = [];
      for (const part of chunks(customers, PREVIEW_CHUNK))
        found.push(...(await preview.mutateAsync({ source, targets: targetsOf(part), flowName })));
      setPreviews(found);
    } catch (failure) {
      setError(serverIssues(failure).message);
    }
  }

  /** One run for every customer, the publish choice given once: the server goes on whatever this page does. */
  async function run() {
    setError(null);
    try {
      const started = await apply.mutateAsync({ source, targets: targetsOf(customers), flowName, publish });
      await queryClient.invalidateQueries({ queryKey: trpc.templates.applyRuns.pathKey() });
      router.push(`/templates/runs/${started.id}`);
    } catch (failure) {
      const { message, issues } = serverIssues(failure);
      setError(issues[0]?.message ?? message);
    }
  }

  const choose = (customerId: string, change: (current: Choices[string]) => Choices[string]) =>
    setChoices({ ...choices, [customerId]: change(choices[customerId] ?? { bindings: {} }) });

  return (
    <Card className="flex flex-col gap-3" aria-labelledby="bind-heading">
      <h2 id="bind-heading">2. Bind and preview</h2>
      <div className="flex flex-wrap items-end gap-2">
        <FieldBox>
          <label htmlFor={nameId}>Name of the new flows</label>
          <Input id={nameId} value={flowName} maxLength={100} onChange={(event) => setFlowName(event.target.value)} />
        </FieldBox>
        <label className="inline-flex items-center gap-2 text-sm font-normal">
          <input type="radio" name="publish" checked={publish} onChange={() => setPublish(true)} /> Publish at once
        </label>
        <label className="inline-flex items-center gap-2 text-sm font-normal">
          <input type="radio" name="publish" checked={!publish} onChange={() => setPublish(false)} /> Create as drafts (callers
          reach nothing until published)
        </label>
      </div>
      {withWarnings > 0 && publishChoice === null ? (
        <Hint data-testid="drafts-because-warnings">
          {withWarnings === 1 ? "1 customer's flow has" : `${withWarnings} customers' flows have`} warnings: the flows are created
          as drafts, to be checked before they go live.
        </Hint>
      ) : null}
      <p className="flex flex-wrap items-end gap-2">
        <Button type="button" variant="secondary" onClick={onBack}>
          Back to customers
        </Button>
        <Button type="button" variant="secondary" disabled={preview.isPending} onClick={() => void runPreview()}>
          {previews ? "Preview again" : "Preview"}
        </Button>
        <Button type="button" disabled={previews === null || apply.isPending || apply.isSuccess} onClick={() => void run()}>
          Apply to {customers.length} customer{customers.length === 1 ? "" : "s"}
        </Button>
      </p>
      {error ? <Message tone="error">{error}</Message> : null}
      {preview.isPending ? <p>Checking…</p> : null}
      {previews ? (
        <Table aria-label="Preview">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Extension</th>
              <th scope="col">Placeholders</th>
              <th scope="col">Check</th>
            </tr>
          </thead>
          <tbody>
            {previews.map((row) => (
              <tr key={row.customerId ?? row.customer} data-testid={`preview-${row.customer}`}>
                <td>{row.customer}</td>
                <td>
                  <Input
                    type="number"
                    aria-label={`Extension for ${row.customer}`}
                    value={choices[row.customerId ?? ""]?.extension ?? row.extension ?? ""}
                    onChange={(event) =>
                      choose(row.customerId ?? "", (current) => ({
                        ...current,
                        extension: event.target.value === "" ? undefined : Number(event.target.value),
                      }))
                    }
                  />
                </td>
                <td>
                  <ul className="flex list-none flex-col gap-2 p-0">
                    {row.bindings.map((binding) => (
                      <li key={binding.placeholder}>
                        <ResourceChoice
                          accountId={row.customerId ?? ""}
                          customer={row.customer}
                          placeholder={binding.placeholder}
                          kind={binding.kind}
                          bound={binding.resource}
                          how={binding.source}
                          value={choices[row.customerId ?? ""]?.bindings[binding.placeholder]}
                          onChoose={(id) =>
                            choose(row.customerId ?? "", (current) => ({
                              ...current,
                              bindings: { ...current.bindings, [binding.placeholder]: id },
                            }))
                          }
                        />
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {row.ok ? <span className="text-sm text-ok">Ready</span> : null}
                  <ul className="flex list-none flex-col gap-2 p-0">
                    {row.errors.map((issue, index) => (
                      <li key={`e${index}`} className="text-danger">
                        {issue.message}
                      </li>
                    ))}
                    {row.warnings.map((issue, index) => (
                      <li key={`w${index}`} className="text-warning">
                        Warning: {issue.message}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <Hint>Preview checks every customer before anything is written.</Hint>
      )}
    </Card>
  );
}

type ResourceListProcedure = ReturnType<typeof useTRPC>["resources"]["trunks"]["list"];

/** The bound resource and how it was found, or a choice among the customer's resources of the kind. */
function ResourceChoice(props: {
  accountId: string;
  customer: string;
  placeholder: string;
  kind: PlaceholderKind;
  bound: { id: string; name: string } | null;
  how: "chosen" | "name" | null;
  value: string | undefined;
  onChoose: (id: string) => void;
}) {
  const trpc = useTRPC();
  const [changing, setChanging] = useState(false);
  const lists: Record<PlaceholderKind, ResourceListProcedure> = {
    sipuser: trpc.resources.sipUsers.list as unknown as ResourceListProcedure,
    group: trpc.resources.huntGroups.list as unknown as ResourceListProcedure,
    sound: trpc.resources.sounds.list as unknown as ResourceListProcedure,
    playlist: trpc.resources.playlists.list as unknown as ResourceListProcedure,
    mailbox: trpc.resources.mailboxes.list as unknown as ResourceListProcedure,
    trunk: trpc.resources.trunks.list,
  };
  const choosing = props.bound === null || changing;
  const options = useQuery({
    ...lists[props.kind].queryOptions({ accountId: props.accountId, limit: 100 }),
    enabled: choosing && props.accountId !== "",
  });
  if (!choosing) {
    return (
      <span>
        {props.placeholder}: <strong>{props.bound!.name}</strong> {props.how === "name" ? "(matched by name)" : "(chosen)"}{" "}
        <Button type="button" variant="link" onClick={() => setChanging(true)}>
          Change {props.placeholder} for {props.customer}
        </Button>
      </span>
    );
  }
  return (
    <label>
      {props.placeholder} ({KIND_LABELS[props.kind]}){" "}
      <Select
        aria-label={`${props.placeholder} for ${props.customer}`}
        value={props.value ?? props.bound?.id ?? ""}
        onChange={(event) => props.onChoose(event.target.value)}
      >
        <option value="">Choose…</option>
        {(options.data?.items ?? []).map((resource) => (
          <option key={resource.id} value={resource.id}>
            {resource.name}
          </option>
        ))}
      </Select>
    </label>
  );
}

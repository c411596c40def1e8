"use client";

import { useConfirm } from "@/components/ui/confirm";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect, useId, useState } from "react";
import type { DefaultValues, FieldValues } from "react-hook-form";
import { FormError } from "@/components/ui/field";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { serverIssues, useTRPC } from "@/components/trpc";
import { ResourceInput, ResourceValue } from "./resource-fields";
import type { ResourceKindSpec, ResourceProcedures } from "./resource-kinds";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Table } from "@/components/ui/table";

type Feedback = { tone: "notice" | "error"; text: string };

type SectionProps<Row extends Values & { id: string }, Values extends FieldValues> = {
  kind: ResourceKindSpec<Row, Values>;
  accountId: string;
};

type ResourceSectionProps<Row extends Values & { id: string }, Values extends FieldValues> = SectionProps<Row, Values> & {
  /** Whether the viewer may add and delete rows; without it rows can only be edited. */
  manage?: boolean;
  /** More tools for the kind, between the table and the add form. */
  children?: ReactNode;
};

/** One kind of resource of an account: its table with inline edit and delete, and an add form. */
export function ResourceSection<Row extends Values & { id: string }, Values extends FieldValues>({
  kind,
  accountId,
  manage = true,
  children,
}: ResourceSectionProps<Row, Values>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const confirm = useConfirm();
  const headingId = useId();
  const procedures = kind.procedures(trpc);
  const { text, setText, search } = useSearch();
  const list = kind.useList(accountId, search);
  const remove = useMutation(procedures.delete);
  const [editingId, setEditingId] = useState<string | null>(null);
  // After an edit closes, its row's Edit button takes the focus back.
  const [lastEditedId, setLastEditedId] = useState<string | null>(null);
  const [message, setMessage] = useState<Feedback | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: procedures.pathKey });
  const closeEdit = () => {
    setLastEditedId(editingId);
    setEditingId(null);
  };

  async function confirmDelete(row: Row) {
    const name = kind.describe(row);
    const confirmed = await confirm({
      title: `Delete the ${kind.singular} "${name}"?`,
      confirmLabel: `Delete ${kind.singular}`,
      tone: "danger",
    });
    if (!confirmed) return;
    setMessage(null);
    try {
      await remove.mutateAsync({ accountId, id: row.id });
      setMessage({ tone: "notice", text: `Deleted the ${kind.singular} "${name}".` });
      await refresh();
    } catch (error) {
      // A refusal names the flows that use the resource: the user has to see which.
      setMessage({ tone: "error", text: serverIssues(error).message });
    }
  }

  return (
    <Card aria-labelledby={headingId}>
      <h2 id={headingId}>{kind.title}</h2>
      <div role="status" data-testid={`${kind.key}-message`}>
        {message ? <p className={message.tone === "error" ? "text-sm text-danger" : "text-sm text-ok"}>{message.text}</p> : null}
      </div>
      <SearchBox label={`Search ${kind.title.toLowerCase()} by ${kind.searches}`} value={text} onChange={setText} />
      <PagedList
        query={list}
        noun={kind.title.toLowerCase()}
        empty={search ? `No ${kind.singular} matches.` : `No ${kind.title.toLowerCase()} yet.`}
      >
        {(rows) => (
          <Table aria-label={kind.title}>
            <thead>
              <tr>
                {kind.fields.map((field) => (
                  <th key={field.name} scope="col">
                    {field.heading ?? field.label}
                  </th>
                ))}
                {kind.extraColumns?.map((column) => (
                  <th key={column.heading} scope="col">
                    {column.heading}
                  </th>
                ))}
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) =>
                row.id === editingId ? (
                  <EditRow
                    key={row.id}
                    kind={kind}
                    row={row}
                    accountId={accountId}
                    update={procedures.update}
                    onSaved={async (saved) => {
                      await refresh();
                      setMessage({ tone: "notice", text: `Saved the ${kind.singular} "${kind.describe(saved)}".` });
                      closeEdit();
                    }}
                    onCancel={closeEdit}
                  />
                ) : (
                  <tr key={row.id}>
                    {kind.fields.map((field) => (
                      <td key={field.name}>
                        <ResourceValue field={field} row={row} />
                      </td>
                    ))}
                    {kind.extraColumns?.map(({ heading, Cell }) => (
                      <td key={heading}>
                        <Cell row={row} accountId={accountId} />
                      </td>
                    ))}
                    <td className="space-x-2 whitespace-nowrap">
                      <Button
                        type="button"
                        variant="secondary"
                        aria-label={`Edit ${kind.describe(row)}`}
                        // Focus returns to the row just edited, where the user was.
                        autoFocus={row.id === lastEditedId}
                        onClick={() => {
                          setMessage(null);
                          setEditingId(row.id);
                        }}
                      >
                        Edit
                      </Button>
                      {manage ? (
                        <Button
                          type="button"
                          variant="danger"
                          aria-label={`Delete ${kind.describe(row)}`}
                          disabled={remove.isPending}
                          onClick={() => void confirmDelete(row)}
                        >
                          Delete
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </Table>
        )}
      </PagedList>
      {children}
      {manage && kind.AddPanel ? (
        <kind.AddPanel
          accountId={accountId}
          onAdded={async (added) => {
            await refresh();
            setMessage({ tone: "notice", text: `Added the ${kind.singular} "${added.name}".` });
          }}
        />
      ) : null}
      {manage && !kind.AddPanel ? (
        <AddForm
          kind={kind}
          accountId={accountId}
          create={procedures.create}
          onAdded={async (created) => {
            await refresh();
            setMessage({ tone: "notice", text: `Added the ${kind.singular} "${kind.describe(created)}".` });
          }}
        />
      ) : null}
    </Card>
  );
}

type EditRowProps<Row extends Values & { id: string }, Values extends FieldValues> = SectionProps<Row, Values> & {
  row: Row;
  update: ResourceProcedures<Row, Values>["update"];
  onSaved(saved: Row): Promise<void>;
  onCancel(): void;
};

/** A row turned into its edit form, spanning the whole row: a form cannot sit between cells. */
function EditRow<Row extends Values & { id: string }, Values extends FieldValues>({
  kind,
  row,
  accountId,
  update,
  onSaved,
  onCancel,
}: EditRowProps<Row, Values>) {
  // The whole row seeds the form; the schema keeps only the kind's fields when it is submitted.
  // A row holds every field of Values, which TypeScript cannot see through DefaultValues' deep
  // partial type of a generic.
  const { form, submit, pending, formError } = useFormMutation({
    schema: kind.schema,
    defaultValues: row as DefaultValues<Values>,
    serverFields: kind.fields.map((field) => field.name),
    mutation: update,
    variables: (values) => ({ ...values, accountId, id: row.id }),
    // The row closes once saved.
    resetOnSuccess: false,
    onSuccess: onSaved,
  });
  const firstField = kind.fields[0]?.name;
  useEffect(() => {
    if (firstField) form.setFocus(firstField);
  }, [form, firstField]);
  return (
    <tr>
      <td colSpan={kind.fields.length + (kind.extraColumns?.length ?? 0) + 1}>
        <form
          className="flex flex-wrap items-start gap-3"
          noValidate
          aria-label={`Edit ${kind.describe(row)}`}
          onKeyDown={(event) => {
            if (event.key === "Escape") onCancel();
          }}
          onSubmit={submit}
        >
          {kind.fields.map((field) => (
            <ResourceInput key={field.name} field={field} form={form} />
          ))}
          <Button type="submit" className="self-end" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
          <Button type="button" variant="secondary" className="self-end" onClick={onCancel}>
            Cancel
          </Button>
          <FormError message={formError} />
        </form>
      </td>
    </tr>
  );
}

type AddFormProps<Row extends Values & { id: string }, Values extends FieldValues> = SectionProps<Row, Values> & {
  create: ResourceProcedures<Row, Values>["create"];
  onAdded(created: Row): Promise<void>;
};

function AddForm<Row extends Values & { id: string }, Values extends FieldValues>({
  kind,
  accountId,
  create,
  onAdded,
}: AddFormProps<Row, Values>) {
  const headingId = useId();
  const { form, submit, pending, formError } = useFormMutation({
    schema: kind.schema,
    defaultValues: kind.emptyValues,
    serverFields: kind.fields.map((field) => field.name),
    mutation: create,
    variables: (values) => ({ ...values, accountId }),
    onSuccess: onAdded,
  });
  return (
    <>
      <h3 id={headingId}>Add a {kind.singular}</h3>
      <form className="flex flex-wrap items-start gap-3" noValidate aria-labelledby={headingId} onSubmit={submit}>
        {kind.fields.map((field) => (
          <ResourceInput key={field.name} field={field} form={form} />
        ))}
        <Button type="submit" className="self-end" disabled={pending}>
          {pending ? "Adding…" : `Add ${kind.singular}`}
        </Button>
        <FormError message={formError} />
      </form>
    </>
  );
}

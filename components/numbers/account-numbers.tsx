"use client";

import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { Controller } from "react-hook-form";
import { z } from "zod";
import type { PickerOption } from "@/components/async-picker";
import { FlowPicker, flowLabel } from "@/components/call-flows/flow-picker";
import { useFormMutation } from "@/components/forms/use-form-mutation";
import { nextCursorOf, PagedList, SearchBox, useSearch } from "@/components/paged-list";
import { useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldBox, FormError, Hint, Message } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { ZNumberRouting } from "@/server/services/schedules/schemas";
import { answersNowText, type ListedNumber, routingText } from "./routing-words";

/**
 * The account's phone numbers, each with how it routes and what answers it now, and the one form
 * that routes it: to a fixed flow, or by a schedule to an open and a closed flow, saved in one
 * write (schedules.routeNumber), so no other form can leave half of a route behind.
 */
export function AccountNumbers({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const { text, setText, search } = useSearch();
  const list = useInfiniteQuery({
    ...trpc.resources.phoneNumbers.list.infiniteQueryOptions({ accountId, search }, { getNextPageParam: nextCursorOf }),
    placeholderData: keepPreviousData,
  });
  const [editingId, setEditingId] = useState<string | null>(null);
  // After the form closes, its row's Route button takes the focus back.
  const [lastEditedId, setLastEditedId] = useState<string | null>(null);
  const close = () => {
    setLastEditedId(editingId);
    setEditingId(null);
  };

  return (
    <Card aria-labelledby={headingId}>
      <h2 id={headingId}>Phone numbers</h2>
      <Hint>Each number rings one call flow always, or follows a schedule: one flow while open, another while closed.</Hint>
      <SearchBox label="Search numbers" value={text} onChange={setText} />
      <PagedList query={list} noun="numbers" empty={search ? "No number matches." : "No phone numbers yet."}>
        {(numbers) => (
          <ul className="flex list-none flex-col gap-2 p-0" aria-label="Phone numbers">
            {numbers.map((number) => (
              <li key={number.id} className="rounded-md border border-border px-3 py-2">
                {number.id === editingId ? (
                  <RoutingForm
                    accountId={accountId}
                    number={number}
                    onCancel={close}
                    onSaved={async () => {
                      await queryClient.invalidateQueries({ queryKey: trpc.resources.phoneNumbers.pathKey() });
                      await queryClient.invalidateQueries({ queryKey: trpc.schedules.pathKey() });
                      close();
                    }}
                  />
                ) : (
                  <div className="grid items-center gap-x-4 gap-y-1 sm:grid-cols-[10rem_1fr_14rem_auto]">
                    <strong>{number.number}</strong>
                    <span className="text-sm text-muted sm:text-fg" data-testid="routing">
                      {routingText(number)}
                    </span>
                    <span className="flex flex-col">
                      <span className="text-xs text-muted">Answers now</span>
                      <span data-testid="answers-now">{answersNowText(number)}</span>
                    </span>
                    <Button
                      type="button"
                      variant="secondary"
                      className="justify-self-start"
                      aria-label={`Route ${number.number}`}
                      autoFocus={number.id === lastEditedId}
                      onClick={() => setEditingId(number.id)}
                    >
                      Route
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </Card>
  );
}

const ROUTING_MODES = { fixed: "Fixed flow", schedule: "By schedule" } as const;
type RoutingMode = keyof typeof ROUTING_MODES;

/** The form's values: the route's three fields, and which kind of route they make. */
const ZRoutingForm = ZNumberRouting.extend({ mode: z.enum(["fixed", "schedule"]) });

function chosenFlow(id: string | null, flow: ListedNumber["callFlow"]): PickerOption | null {
  return id === null || flow === null ? null : { id, label: flowLabel(flow) };
}

function RoutingForm({
  accountId,
  number,
  onSaved,
  onCancel,
}: {
  accountId: string;
  number: ListedNumber;
  onSaved(): Promise<void>;
  onCancel(): void;
}) {
  const trpc = useTRPC();
  const scheduleFieldId = useId();
  const schedules = useQuery(trpc.schedules.list.queryOptions({ accountId }));
  // The pickers show their choice by name; the form holds the ids.
  const [open, setOpen] = useState(() => chosenFlow(number.callFlowId, number.callFlow));
  const [closed, setClosed] = useState(() => chosenFlow(number.closedCallFlowId, number.closedCallFlow));
  const { form, errors, submit, pending, formError } = useFormMutation({
    schema: ZRoutingForm,
    defaultValues: {
      mode: number.scheduleId === null ? "fixed" : "schedule",
      callFlowId: number.callFlowId,
      scheduleId: number.scheduleId,
      closedCallFlowId: number.closedCallFlowId,
    },
    serverFields: ["callFlowId", "scheduleId", "closedCallFlowId"],
    mutation: trpc.schedules.routeNumber.mutationOptions(),
    // One route or the other, whole: a fixed flow leaves no schedule or closed flow behind.
    variables: ({ mode, ...route }) => ({
      accountId,
      id: number.id,
      ...(mode === "fixed" ? { ...route, scheduleId: null, closedCallFlowId: null } : route),
    }),
    resetOnSuccess: false,
    onSuccess: async () => {
      toast.success(`Routed ${number.number}.`);
      await onSaved();
    },
  });
  const mode = form.watch("mode");
  const noSchedules = schedules.data?.length === 0;

  return (
    <form
      className="flex flex-col gap-3"
      noValidate
      aria-label={`Route ${number.number}`}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
      onSubmit={submit}
    >
      <strong>{number.number}</strong>
      <fieldset className="flex flex-wrap gap-x-5 gap-y-1">
        <legend className="mb-1 text-sm font-medium">Routing</legend>
        {(Object.keys(ROUTING_MODES) as RoutingMode[]).map((value) => (
          <label key={value} className="inline-flex items-center gap-2 text-sm font-normal">
            <input type="radio" value={value} disabled={value === "schedule" && noSchedules} {...form.register("mode")} />
            {ROUTING_MODES[value]}
          </label>
        ))}
      </fieldset>
      {noSchedules ? (
        <Hint>
          No schedules yet: <Link href={`/accounts/${accountId}/schedules`}>create one on the Schedules page</Link> to route by
          opening hours.
        </Hint>
      ) : null}
      <div className="flex flex-wrap items-start gap-3">
        {mode === "schedule" ? (
          <FieldBox>
            <label htmlFor={scheduleFieldId}>Schedule</label>
            <Select
              id={scheduleFieldId}
              aria-invalid={errors.scheduleId ? true : undefined}
              {...form.register("scheduleId", { setValueAs: (value: string | null) => value || null })}
            >
              <option value="">— choose a schedule —</option>
              {schedules.data?.map((schedule) => (
                <option key={schedule.id} value={schedule.id}>
                  {schedule.name}
                </option>
              ))}
            </Select>
            {errors.scheduleId?.message ? (
              <Message tone="error" data-testid="error-scheduleId">
                {errors.scheduleId.message}
              </Message>
            ) : null}
          </FieldBox>
        ) : null}
        <Controller
          control={form.control}
          name="callFlowId"
          render={({ field: { onChange, onBlur, ref } }) => (
            <FlowPicker
              ref={ref}
              accountId={accountId}
              label={mode === "fixed" ? "Call flow" : "Flow while open"}
              optional={mode === "fixed"}
              value={open}
              onChange={(option) => {
                setOpen(option);
                onChange(option?.id || null);
              }}
              onBlur={onBlur}
              error={errors.callFlowId?.message}
              errorTestId="error-callFlowId"
            />
          )}
        />
        {mode === "schedule" ? (
          <Controller
            control={form.control}
            name="closedCallFlowId"
            render={({ field: { onChange, onBlur, ref } }) => (
              <FlowPicker
                ref={ref}
                accountId={accountId}
                label="Flow while closed"
                value={closed}
                onChange={(option) => {
                  setClosed(option);
                  onChange(option?.id || null);
                }}
                onBlur={onBlur}
                error={errors.closedCallFlowId?.message}
                errorTestId="error-closedCallFlowId"
              />
            )}
          />
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save routing"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <FormError message={formError} />
    </form>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { PickerOption } from "@/components/async-picker";
import { FlowPicker, flowLabel } from "@/components/call-flows/flow-picker";
import { serverIssues, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { Table } from "@/components/ui/table";
import { FieldBox, Hint, Message } from "@/components/ui/field";

type FlowSummary = { name: string; extension: number };
type Routing = { callFlowId: string | null; scheduleId: string | null; closedCallFlowId: string | null };
type ListedRouting = Routing & { id: string; number: string; callFlow: FlowSummary | null; closedCallFlow: FlowSummary | null };

/** The flows a form starts with: a picker shows its choice by name. */
type ChosenFlows = { callFlow: PickerOption | null; closedCallFlow: PickerOption | null };

function chosen(id: string | null, flow: FlowSummary | null): PickerOption | null {
  return id === null || flow === null ? null : { id, label: flowLabel(flow) };
}

/** Every phone number with how it routes, and which flow answers now; each can be re-routed. */
export function NumberRouting({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const numbers = useQuery(trpc.schedules.numbers.queryOptions({ accountId }));
  const schedules = useQuery(trpc.schedules.list.queryOptions({ accountId }));
  const [editingId, setEditingId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "notice" | "error"; text: string } | null>(null);

  const flowName = (flow: FlowSummary | null) => (flow === null ? "no flow" : flowLabel(flow));
  const scheduleOf = (id: string | null) => schedules.data?.find((schedule) => schedule.id === id);

  return (
    <Card aria-labelledby={headingId}>
      <h2 id={headingId}>Phone number routing</h2>
      <Hint>A number goes to one call flow, or by a schedule to one flow while open and another while closed.</Hint>
      <div role="status" data-testid="routing-message">
        {message ? <p className={message.tone === "error" ? "text-sm text-danger" : "text-sm text-ok"}>{message.text}</p> : null}
      </div>
      {numbers.data?.length === 0 ? <Message tone="muted">No phone numbers yet.</Message> : null}
      {numbers.data && numbers.data.length > 0 ? (
        <Table aria-label="Phone number routing">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Schedule</th>
              <th scope="col">Open flow</th>
              <th scope="col">Closed flow</th>
              <th scope="col">Answers now</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {numbers.data.map((number) => {
              const schedule = scheduleOf(number.scheduleId);
              if (number.id === editingId) {
                return (
                  <RoutingForm
                    key={number.id}
                    accountId={accountId}
                    number={number}
                    onDone={async (text) => {
                      setEditingId(null);
                      if (text) setMessage({ tone: "notice", text });
                      await queryClient.invalidateQueries({ queryKey: trpc.schedules.pathKey() });
                    }}
                  />
                );
              }
              const answering = schedule && !schedule.state.open ? number.closedCallFlow : number.callFlow;
              return (
                <tr key={number.id}>
                  <td>{number.number}</td>
                  <td>
                    {number.scheduleId === null ? (
                      <span className="text-xs text-muted">Always the same flow</span>
                    ) : (
                      (schedule?.name ?? "…")
                    )}
                  </td>
                  <td>{flowName(number.callFlow)}</td>
                  <td>{number.scheduleId === null ? "—" : flowName(number.closedCallFlow)}</td>
                  <td data-testid="answers-now">
                    {flowName(answering)}
                    {schedule ? ` (${schedule.state.open ? "open" : "closed"})` : ""}
                  </td>
                  <td>
                    <Button
                      type="button"
                      variant="secondary"
                      aria-label={`Route ${number.number}`}
                      onClick={() => {
                        setMessage(null);
                        setEditingId(number.id);
                      }}
                    >
                      Route
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      ) : null}
    </Card>
  );
}

function RoutingForm({
  accountId,
  number,
  onDone,
}: {
  accountId: string;
  number: ListedRouting;
  onDone(message: string | null): Promise<void>;
}) {
  const trpc = useTRPC();
  const scheduleId = useId();
  const schedules = useQuery(trpc.schedules.list.queryOptions({ accountId }));
  const [scheduleChoice, setScheduleChoice] = useState(number.scheduleId);
  const [flows, setFlows] = useState<ChosenFlows>({
    callFlow: chosen(number.callFlowId, number.callFlow),
    closedCallFlow: chosen(number.closedCallFlowId, number.closedCallFlow),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const route = useMutation(trpc.schedules.routeNumber.mutationOptions());
  const routing: Routing = {
    scheduleId: scheduleChoice,
    callFlowId: flows.callFlow?.id ?? null,
    closedCallFlowId: flows.closedCallFlow?.id ?? null,
  };
  const pick = (field: keyof ChosenFlows) => (option: PickerOption | null) =>
    setFlows((current) => ({ ...current, [field]: option }));

  return (
    <tr>
      <td colSpan={6}>
        <form
          className="flex flex-wrap items-start gap-3"
          aria-label={`Route ${number.number}`}
          onSubmit={(event) => {
            event.preventDefault();
            setErrors({});
            setFormError(null);
            // Without a schedule there is no closed flow to keep.
            const sent = routing.scheduleId === null ? { ...routing, closedCallFlowId: null } : routing;
            route.mutate(
              { accountId, id: number.id, ...sent },
              {
                onSuccess: () => void onDone(`Routed ${number.number}.`),
                onError: (failure) => {
                  const { message, issues } = serverIssues(failure);
                  setErrors(Object.fromEntries(issues.map((issue) => [issue.path, issue.message])));
                  setFormError(issues.length === 0 ? message : null);
                },
              },
            );
          }}
        >
          <strong>{number.number}</strong>
          <FieldBox>
            <label htmlFor={scheduleId}>Schedule</label>
            <Select
              id={scheduleId}
              value={scheduleChoice ?? ""}
              onChange={(event) => setScheduleChoice(event.target.value || null)}
            >
              <option value="">— none: always the same flow —</option>
              {schedules.data?.map((schedule) => (
                <option key={schedule.id} value={schedule.id}>
                  {schedule.name}
                </option>
              ))}
            </Select>
            {errors.scheduleId ? <Message tone="error">{errors.scheduleId}</Message> : null}
          </FieldBox>
          <FlowPicker
            accountId={accountId}
            label={scheduleChoice === null ? "Call flow" : "Flow while open"}
            optional
            value={flows.callFlow}
            onChange={pick("callFlow")}
            error={errors.callFlowId}
          />
          {scheduleChoice !== null ? (
            <FlowPicker
              accountId={accountId}
              label="Flow while closed"
              optional
              value={flows.closedCallFlow}
              onChange={pick("closedCallFlow")}
              error={errors.closedCallFlowId}
            />
          ) : null}
          <Button type="submit" className="self-end" disabled={route.isPending}>
            {route.isPending ? "Saving…" : "Save routing"}
          </Button>
          <Button type="button" variant="secondary" className="self-end" onClick={() => void onDone(null)}>
            Cancel
          </Button>
          {formError ? <Message tone="error">{formError}</Message> : null}
        </form>
      </td>
    </tr>
  );
}

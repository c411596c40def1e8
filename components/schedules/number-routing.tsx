"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { serverIssues, useTRPC } from "@/components/trpc";

/** The most flows one page of callFlows.list holds; the offered flows are the first page. */
const FLOW_PAGE_SIZE = 100;

type Routing = { callFlowId: string | null; scheduleId: string | null; closedCallFlowId: string | null };

/** Every phone number with how it routes, and which flow answers now; each can be re-routed. */
export function NumberRouting({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const numbers = useQuery(trpc.schedules.numbers.queryOptions({ accountId }));
  const schedules = useQuery(trpc.schedules.list.queryOptions({ accountId }));
  const flows = useQuery(trpc.callFlows.list.queryOptions({ accountId, limit: FLOW_PAGE_SIZE }));
  const [editingId, setEditingId] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "notice" | "error"; text: string } | null>(null);

  const flowName = (id: string | null) => {
    if (id === null) return "no flow";
    const flow = flows.data?.items.find((f) => f.id === id);
    return flow ? `${flow.name} (${flow.extension})` : "a flow not listed";
  };
  const scheduleOf = (id: string | null) => schedules.data?.find((schedule) => schedule.id === id);

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Phone number routing</h2>
      <p className="hint">A number goes to one call flow, or by a schedule to one flow while open and another while closed.</p>
      <div role="status" data-testid="routing-message">
        {message ? <p className={message.tone === "error" ? "form-error" : "notice"}>{message.text}</p> : null}
      </div>
      {numbers.data?.length === 0 ? <p className="empty">No phone numbers yet.</p> : null}
      {numbers.data && numbers.data.length > 0 ? (
        <table aria-label="Phone number routing">
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
              const answering = schedule ? (schedule.state.open ? number.callFlowId : number.closedCallFlowId) : number.callFlowId;
              return (
                <tr key={number.id}>
                  <td>{number.number}</td>
                  <td>{number.scheduleId === null ? <span className="hint">Always the same flow</span> : (schedule?.name ?? "…")}</td>
                  <td>{flowName(number.callFlowId)}</td>
                  <td>{number.scheduleId === null ? "—" : flowName(number.closedCallFlowId)}</td>
                  <td data-testid="answers-now">
                    {flowName(answering)}
                    {schedule ? ` (${schedule.state.open ? "open" : "closed"})` : ""}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Route ${number.number}`}
                      onClick={() => {
                        setMessage(null);
                        setEditingId(number.id);
                      }}
                    >
                      Route
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function RoutingForm({
  accountId,
  number,
  onDone,
}: {
  accountId: string;
  number: Routing & { id: string; number: string };
  onDone(message: string | null): Promise<void>;
}) {
  const trpc = useTRPC();
  const ids = { open: useId(), schedule: useId(), closed: useId() };
  const schedules = useQuery(trpc.schedules.list.queryOptions({ accountId }));
  const flows = useQuery(trpc.callFlows.list.queryOptions({ accountId, limit: FLOW_PAGE_SIZE }));
  const [routing, setRouting] = useState<Routing>({ callFlowId: number.callFlowId, scheduleId: number.scheduleId, closedCallFlowId: number.closedCallFlowId });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const route = useMutation(trpc.schedules.routeNumber.mutationOptions());
  const choose = (field: keyof Routing, value: string) => setRouting((current) => ({ ...current, [field]: value === "" ? null : value }));

  const flowOptions = (
    <>
      <option value="">— no flow —</option>
      {/* Callers never reach a draft: a flow never published cannot answer a number yet. */}
      {flows.data?.items.filter((flow) => flow.published).map((flow) => (
        <option key={flow.id} value={flow.id}>
          {flow.name} ({flow.extension})
        </option>
      ))}
    </>
  );
  const error = (field: string) => (errors[field] ? <p className="field-error">{errors[field]}</p> : null);

  return (
    <tr>
      <td colSpan={6}>
        <form
          className="row"
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
          <div className="field">
            <label htmlFor={ids.schedule}>Schedule</label>
            <select id={ids.schedule} value={routing.scheduleId ?? ""} onChange={(event) => choose("scheduleId", event.target.value)}>
              <option value="">— none: always the same flow —</option>
              {schedules.data?.map((schedule) => (
                <option key={schedule.id} value={schedule.id}>
                  {schedule.name}
                </option>
              ))}
            </select>
            {error("scheduleId")}
          </div>
          <div className="field">
            <label htmlFor={ids.open}>{routing.scheduleId === null ? "Call flow" : "Flow while open"}</label>
            <select id={ids.open} value={routing.callFlowId ?? ""} onChange={(event) => choose("callFlowId", event.target.value)}>
              {flowOptions}
            </select>
            {error("callFlowId")}
          </div>
          {routing.scheduleId !== null ? (
            <div className="field">
              <label htmlFor={ids.closed}>Flow while closed</label>
              <select id={ids.closed} value={routing.closedCallFlowId ?? ""} onChange={(event) => choose("closedCallFlowId", event.target.value)}>
                {flowOptions}
              </select>
              {error("closedCallFlowId")}
            </div>
          ) : null}
          <button type="submit" className="actions" disabled={route.isPending}>
            {route.isPending ? "Saving…" : "Save routing"}
          </button>
          <button type="button" className="secondary actions" onClick={() => void onDone(null)}>
            Cancel
          </button>
          {formError ? <p className="form-error">{formError}</p> : null}
        </form>
      </td>
    </tr>
  );
}

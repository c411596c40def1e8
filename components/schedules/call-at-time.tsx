"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/components/trpc";
import { MAX_PAGE_SIZE } from "@/server/services/paging";
import { reasonText } from "./schedule-status";

/** A datetime-local value for now, in the browser's zone. */
function nowLocal(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * "Call this number at <date and time>": which flow answers a number then, and why. The time is
 * a wall time of the number's schedule's zone, the one its hours are written in.
 */
export function CallAtTime({ accountId, flowId }: { accountId: string; flowId: string | null }) {
  const trpc = useTRPC();
  const ids = { number: useId(), at: useId() };
  const numbers = useQuery(trpc.schedules.numbers.queryOptions({ accountId }));
  const flows = useQuery(trpc.callFlows.list.queryOptions({ accountId, limit: MAX_PAGE_SIZE }));
  const [numberId, setNumberId] = useState("");
  const [at, setAt] = useState(nowLocal);
  const [asked, setAsked] = useState<{ id: string; at: string } | null>(null);
  const route = useQuery({ ...trpc.schedules.numberRoute.queryOptions({ accountId, id: asked?.id ?? "", at: asked?.at }), enabled: asked !== null });
  const chosen = numberId || numbers.data?.[0]?.id || "";

  if (numbers.data?.length === 0) return <p className="hint">The account has no phone numbers to call.</p>;
  const flow = route.data ? flows.data?.items.find((f) => f.id === route.data.callFlowId) : undefined;
  return (
    <div className="stack call-at-time">
      <form
        className="row-inline"
        aria-label="Call a number at a time"
        onSubmit={(event) => {
          event.preventDefault();
          if (chosen) setAsked({ id: chosen, at });
        }}
      >
        <div className="field">
          <label htmlFor={ids.number}>Call this number</label>
          <select id={ids.number} value={chosen} onChange={(event) => setNumberId(event.target.value)}>
            {numbers.data?.map((number) => (
              <option key={number.id} value={number.id}>
                {number.number}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.at}>at (date and time, the schedule&apos;s zone)</label>
          <input id={ids.at} type="datetime-local" value={at} onChange={(event) => setAt(event.target.value)} required />
        </div>
        <button type="submit" className="secondary actions">
          Call
        </button>
      </form>
      <div role="status" data-testid="call-at-time-result">
        {route.isError ? <p className="form-error">{route.error.message}</p> : null}
        {route.data ? (
          <p>
            At {route.data.at.replace("T", " ").slice(0, 16)}
            {route.data.schedule ? ` (${route.data.schedule.timezone})` : " (UTC)"}, {route.data.number}{" "}
            {route.data.callFlowId === null ? "is answered by no flow" : `is answered by "${flow ? `${flow.name}" (${flow.extension})` : "a flow not listed\""}`}
            {route.data.callFlowId !== null && route.data.callFlowId === flowId ? ", this flow" : ""}:{" "}
            {route.data.schedule && route.data.state
              ? `"${route.data.schedule.name}" is ${route.data.open ? "open" : "closed"}${reasonText(route.data.state)}.`
              : "the number routes by no schedule."}
          </p>
        ) : null}
      </div>
    </div>
  );
}

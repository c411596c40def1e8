"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { serverIssues, useTRPC, type RouterOutputs } from "@/components/trpc";
import { instantFromLocalInput, statusLine } from "./schedule-status";

type ListedSchedule = RouterOutputs["schedules"]["list"][number];

/**
 * The big switch customers reach for: close (or open) now by hand, optionally until a time,
 * and back to automatic. One per schedule of the account, above its call flows.
 */
export function OverrideSwitches({ accountId }: { accountId: string }) {
  const trpc = useTRPC();
  const schedules = useQuery(trpc.schedules.list.queryOptions({ accountId }));
  if (!schedules.data || schedules.data.length === 0) return null;
  return (
    <section className="stack" aria-label="Open or closed now">
      {schedules.data.map((schedule) => (
        <OverrideSwitch key={schedule.id} accountId={accountId} schedule={schedule} />
      ))}
    </section>
  );
}

function OverrideSwitch({ accountId, schedule }: { accountId: string; schedule: ListedSchedule }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const untilId = useId();
  const [untilLocal, setUntilLocal] = useState("");
  const [error, setError] = useState<string | null>(null);
  const setOverride = useMutation(trpc.schedules.setOverride.mutationOptions());
  const manual = schedule.override !== "auto";
  // Flipping a manual switch goes back to automatic; flipping an automatic one holds the
  // opposite of what the hours say now.
  const next = manual ? "auto" : schedule.state.open ? "closed" : "open";
  const label = manual
    ? `${schedule.override === "closed" ? "Closed" : "Open"} now (manual) — back to automatic`
    : `${schedule.state.open ? "Close" : "Open"} now (manual)`;

  async function flip() {
    setError(null);
    try {
      await setOverride.mutateAsync({
        accountId,
        id: schedule.id,
        override: next,
        overrideUntil: next === "auto" ? null : instantFromLocalInput(untilLocal),
      });
      setUntilLocal("");
      await queryClient.invalidateQueries({ queryKey: trpc.schedules.pathKey() });
    } catch (failure) {
      const { message, issues } = serverIssues(failure);
      setError(issues[0]?.message ?? message);
    }
  }

  return (
    <div
      className={`override-switch ${schedule.state.open ? "override-open" : "override-closed"}`}
      data-testid={`override-${schedule.name}`}
    >
      <div>
        <strong>{schedule.name}</strong>
        <p className="override-status" data-testid="override-status">
          {statusLine(schedule.state, schedule.timezone)}
        </p>
      </div>
      <div className="row-inline">
        <button
          type="button"
          role="switch"
          aria-checked={manual}
          className="big-switch"
          disabled={setOverride.isPending}
          onClick={() => void flip()}
        >
          <span className="big-switch-track" aria-hidden="true">
            <span className="big-switch-thumb" />
          </span>
          {label}
        </button>
        {!manual ? (
          <div className="field">
            <label htmlFor={untilId}>Until (optional)</label>
            <input
              id={untilId}
              type="datetime-local"
              value={untilLocal}
              onChange={(event) => setUntilLocal(event.target.value)}
            />
          </div>
        ) : null}
      </div>
      {error ? <p className="form-error">{error}</p> : null}
    </div>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { serverIssues, useTRPC, type RouterOutputs } from "@/components/trpc";
import { instantFromLocalInput, statusLine } from "./schedule-status";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { FieldBox, Message } from "@/components/ui/field";

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
    <section className="flex flex-col gap-3" aria-label="Open or closed now">
      {schedules.data.map((schedule) => (
        <OverrideSwitch key={schedule.id} accountId={accountId} schedule={schedule} />
      ))}
    </section>
  );
}

/** One schedule's switch, with its state now and an optional end to the override. */
export function OverrideSwitch({ accountId, schedule }: { accountId: string; schedule: ListedSchedule }) {
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
      className={cn(
        "flex flex-wrap items-center justify-between gap-4 rounded-lg border-2 bg-surface px-4 py-3",
        schedule.state.open ? "border-ok" : "border-danger",
      )}
      data-testid={`override-${schedule.name}`}
    >
      <div className="min-w-0">
        <strong>{schedule.name}</strong>
        <p className="mt-0.5 text-base" data-testid="override-status">
          {statusLine(schedule.state, schedule.timezone)}
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <button
          type="button"
          role="switch"
          aria-checked={manual}
          className="group inline-flex max-w-full items-center gap-3 rounded-md border border-border bg-surface px-3 py-2.5 text-left text-base hover:bg-subtle disabled:cursor-progress disabled:opacity-60"
          disabled={setOverride.isPending}
          onClick={() => void flip()}
        >
          <span className="relative h-7 w-13 flex-none rounded-full bg-[#c7cfdb] group-aria-checked:bg-danger" aria-hidden="true">
            <span className="absolute top-[3px] left-[3px] size-[22px] rounded-full bg-white transition-[left] group-aria-checked:left-[27px]" />
          </span>
          {label}
        </button>
        {!manual ? (
          <FieldBox>
            <label htmlFor={untilId}>Until (optional)</label>
            <Input
              id={untilId}
              type="datetime-local"
              value={untilLocal}
              onChange={(event) => setUntilLocal(event.target.value)}
            />
          </FieldBox>
        ) : null}
      </div>
      {error ? <Message tone="error">{error}</Message> : null}
    </div>
  );
}

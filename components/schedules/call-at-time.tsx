"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { PickerOption } from "@/components/async-picker";
import { PhoneNumberPicker } from "@/components/resources/phone-number-picker";
import { useTRPC } from "@/components/trpc";
import { reasonText } from "./schedule-status";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FieldBox, Hint, Message } from "@/components/ui/field";

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
  const atId = useId();
  // Whether there is any number to call: one row tells.
  const anyNumber = useQuery(trpc.resources.phoneNumbers.list.queryOptions({ accountId, limit: 1 }));
  const [number, setNumber] = useState<PickerOption | null>(null);
  const [numberError, setNumberError] = useState<string | undefined>(undefined);
  const [at, setAt] = useState(nowLocal);
  const [asked, setAsked] = useState<{ id: string; at: string } | null>(null);
  const route = useQuery({
    ...trpc.schedules.numberRoute.queryOptions({ accountId, id: asked?.id ?? "", at: asked?.at }),
    enabled: asked !== null,
  });

  if (anyNumber.data?.items.length === 0) return <Hint>The account has no phone numbers to call.</Hint>;
  return (
    <div className="flex flex-col gap-3">
      <form
        className="flex flex-wrap items-end gap-2"
        aria-label="Call a number at a time"
        onSubmit={(event) => {
          event.preventDefault();
          setNumberError(number ? undefined : "Choose a number to call");
          if (number) setAsked({ id: number.id, at });
        }}
      >
        <PhoneNumberPicker
          accountId={accountId}
          label="Call this number"
          value={number}
          onChange={setNumber}
          error={numberError}
        />
        <FieldBox>
          <label htmlFor={atId}>at (date and time, the schedule&apos;s zone)</label>
          <Input id={atId} type="datetime-local" value={at} onChange={(event) => setAt(event.target.value)} required />
        </FieldBox>
        <Button type="submit" variant="secondary" className="self-end">
          Call
        </Button>
      </form>
      <div role="status" data-testid="call-at-time-result">
        {route.isError ? <Message tone="error">{route.error.message}</Message> : null}
        {route.data ? (
          <p>
            At {route.data.at.replace("T", " ").slice(0, 16)}
            {route.data.schedule ? ` (${route.data.schedule.timezone})` : " (UTC)"}, {route.data.number}{" "}
            {route.data.callFlow === null
              ? "is answered by no flow"
              : `is answered by "${route.data.callFlow.name}" (${route.data.callFlow.extension})`}
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

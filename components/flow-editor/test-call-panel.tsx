"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { soundAudioUrl, soundLength } from "@/components/sounds/sound-player";
import { useTRPC } from "@/components/trpc";
import type { CallScenario, HeardSound, ScenarioChoice } from "@/server/domain/call-flow/simulate";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FieldBox, Hint, Message } from "@/components/ui/field";

/** "30", "4.2": seconds as the panel shows them. */
function seconds(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Plays the sounds a caller hears along the path, one after the other, in the order they hear them. */
function CallerHears({ accountId, sounds }: { accountId: string; sounds: HeardSound[] }) {
  const playable = sounds.filter((sound) => sound.durationMs !== null);
  const [index, setIndex] = useState<number | null>(null);
  const player = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (index !== null) void player.current?.play().catch(() => setIndex(null));
  }, [index]);
  if (playable.length === 0) return null;
  const current = index === null ? undefined : playable[index];
  return (
    <fieldset className="flex flex-col gap-3 m-0 border-0 p-0" aria-label="What the caller hears">
      <div className="flex flex-wrap items-end gap-2">
        <Button type="button" variant="secondary" onClick={() => setIndex(0)}>
          Play what the caller hears
        </Button>
        <span className="text-xs text-muted">
          {playable.map((sound) => `${sound.name} (${soundLength(sound.durationMs)})`).join(", then ")}
        </span>
      </div>
      {current ? (
        <p role="status" data-testid="now-playing">
          Playing {index! + 1} of {playable.length}: {current.name}
        </p>
      ) : null}
      <audio
        ref={player}
        data-testid="caller-hears-player"
        controls={current !== undefined}
        src={current ? soundAudioUrl(accountId, current.uuid) : undefined}
        onEnded={() => setIndex((playing) => (playing !== null && playing + 1 < playable.length ? playing + 1 : null))}
      />
    </fieldset>
  );
}

/**
 * A test call through the flow as it is in the editor, saved or not: set the caller ID, then
 * choose keys and ring outcomes step by step. The path lights up on the graph.
 */
export function TestCallPanel({
  accountId,
  flow,
  hasErrors,
  onPath,
}: {
  accountId: string;
  flow: Record<string, unknown>;
  hasErrors: boolean;
  onPath: (keys: ReadonlySet<string>) => void;
}) {
  const trpc = useTRPC();
  const callerIdInput = useId();
  const dialInput = useId();
  const [scenario, setScenario] = useState<CallScenario>({ callerId: "+441632960000", choices: [] });
  const [dial, setDial] = useState("");
  const run = useQuery({
    ...trpc.simulator.run.queryOptions({
      accountId,
      source: { flow },
      scenario: {
        ...scenario,
        choices: [...scenario.choices],
        callerIdMatches: scenario.callerIdMatches ? { ...scenario.callerIdMatches } : undefined,
      },
    }),
    enabled: !hasErrors,
  });
  const endings = useQuery({ ...trpc.simulator.endings.queryOptions({ accountId, source: { flow } }), enabled: false });

  useEffect(() => {
    onPath(new Set(run.data?.steps.map((step) => step.moduleKey) ?? []));
    return () => onPath(new Set());
  }, [run.data, onPath]);

  if (hasErrors) return <Hint>Fix the flow&apos;s errors to place a test call.</Hint>;
  const choose = (choice: ScenarioChoice) => setScenario((current) => ({ ...current, choices: [...current.choices, choice] }));
  const result = run.data;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-2">
        <FieldBox>
          <label htmlFor={callerIdInput}>Caller ID</label>
          <Input
            id={callerIdInput}
            value={scenario.callerId}
            onChange={(event) => setScenario({ callerId: event.target.value, choices: [] })}
          />
        </FieldBox>
        <Button
          type="button"
          variant="secondary"
          className="self-end"
          onClick={() => setScenario((current) => ({ callerId: current.callerId, choices: [] }))}
        >
          Start over
        </Button>
      </div>
      {run.isError ? <Message tone="error">{run.error.message}</Message> : null}
      {result ? (
        <>
          <ol className="flex flex-col gap-1 text-sm" data-testid="call-steps">
            {result.steps.map((step, index) => (
              <li key={index}>
                {step.description}
                {step.hears.length > 0 ? <span className="text-xs text-muted"> Hears: {step.hears.join(", ")}.</span> : null}
                {step.seconds > 0 ? <span className="text-xs text-muted"> ({seconds(step.seconds)} s)</span> : null}
              </li>
            ))}
          </ol>
          <CallerHears
            key={result.steps.flatMap((step) => step.sounds.map((sound) => sound.uuid)).join(" ")}
            accountId={accountId}
            sounds={result.steps.flatMap((step) => step.sounds)}
          />
          {result.ending ? (
            <Message tone="ok" data-testid="call-ending">
              {result.ending.description} Total time: {seconds(result.totalSeconds)} s.
            </Message>
          ) : null}
          {result.pending?.kind === "prompt" ? (
            <fieldset className="flex flex-col gap-3 m-0 border-0 p-0" aria-label="What does the caller do?">
              <p>What does the caller do?</p>
              <div className="flex flex-wrap items-end gap-2">
                {result.pending.keys.map((key) => (
                  <Button key={key} type="button" variant="secondary" onClick={() => choose({ press: key })}>
                    Press {key}
                  </Button>
                ))}
                {result.pending.dialable.length === 0 ? (
                  <Button type="button" variant="secondary" onClick={() => choose({ press: "0" })}>
                    Press a key not on the menu
                  </Button>
                ) : null}
                <Button type="button" variant="secondary" onClick={() => choose("timeout")}>
                  Press nothing (timeout)
                </Button>
              </div>
              {result.pending.dialable.length > 0 ? (
                <div className="flex flex-wrap items-end gap-2">
                  <FieldBox>
                    <label htmlFor={dialInput}>Dial an extension</label>
                    <Input id={dialInput} inputMode="numeric" value={dial} onChange={(event) => setDial(event.target.value)} />
                  </FieldBox>
                  <Button
                    type="button"
                    variant="secondary"
                    className="self-end"
                    disabled={!/^\d+$/.test(dial)}
                    onClick={() => choose({ dial: Number(dial) })}
                  >
                    Dial
                  </Button>
                </div>
              ) : null}
            </fieldset>
          ) : null}
          {result.pending?.kind === "ring" ? (
            <fieldset className="flex flex-col gap-3 m-0 border-0 p-0" aria-label="How does the ring end?">
              <p>{result.pending.targets.join(", ")} ring. What happens?</p>
              <div className="flex flex-wrap items-end gap-2">
                <Button type="button" variant="secondary" onClick={() => choose({ ring: "answered" })}>
                  Answered
                </Button>
                <Button type="button" variant="secondary" onClick={() => choose({ ring: "noanswer" })}>
                  No answer
                </Button>
                <Button type="button" variant="secondary" onClick={() => choose({ ring: "busy" })}>
                  Busy
                </Button>
              </div>
            </fieldset>
          ) : null}
        </>
      ) : null}
      <section aria-labelledby="endings-heading">
        <h2 id="endings-heading">Every way a call can end</h2>
        <Button type="button" variant="secondary" onClick={() => void endings.refetch()}>
          List all endings
        </Button>
        {endings.data ? (
          <>
            <ul data-testid="endings">
              {endings.data.endings.map((route) => (
                <li key={route.ending.description}>
                  {route.ending.description}{" "}
                  <span className="text-xs text-muted">{route.via.length > 0 ? `(${route.via.join("; ")})` : ""}</span>{" "}
                  <Button
                    type="button"
                    variant="link"
                    onClick={() =>
                      setScenario({
                        callerId: scenario.callerId,
                        choices: [...route.scenario.choices],
                        callerIdMatches: route.scenario.callerIdMatches ? { ...route.scenario.callerIdMatches } : undefined,
                      })
                    }
                  >
                    Replay
                  </Button>
                </li>
              ))}
            </ul>
            {endings.data.unreachable.length > 0 ? (
              <Message tone="warning">No call reaches: {endings.data.unreachable.join(", ")}</Message>
            ) : null}
            {endings.data.truncated ? <Hint>The flow has more paths than listed here.</Hint> : null}
          </>
        ) : null}
      </section>
    </div>
  );
}

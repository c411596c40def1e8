"use client";

import type { StartingPoint } from "./starting-points";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** A new flow's first choice: blank, or one of the starting points. */
export function StartingPointChoice({
  points,
  onChoose,
}: {
  points: readonly StartingPoint[];
  onChoose: (point: StartingPoint) => void;
}) {
  return (
    <Card aria-labelledby="starting-points-heading" data-testid="starting-points">
      <h2 id="starting-points-heading">How do you want to start?</h2>
      <ul className="grid list-none grid-cols-[repeat(auto-fill,minmax(min(100%,220px),1fr))] gap-3 p-0">
        {points.map((point) => (
          <li key={point.id}>
            <Button
              variant="secondary"
              className="h-full w-full flex-col items-start gap-1 py-3 text-left whitespace-normal"
              onClick={() => onChoose(point)}
            >
              <strong>{point.title}</strong>
              <span className="text-xs text-muted">{point.description}</span>
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

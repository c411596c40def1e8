"use client";

import type { StartingPoint } from "./starting-points";

/** A new flow's first choice: blank, or one of the starting points. */
export function StartingPointChoice({
  points,
  onChoose,
}: {
  points: readonly StartingPoint[];
  onChoose: (point: StartingPoint) => void;
}) {
  return (
    <section className="panel starting-points" aria-labelledby="starting-points-heading" data-testid="starting-points">
      <h2 id="starting-points-heading">How do you want to start?</h2>
      <ul className="starting-point-list">
        {points.map((point) => (
          <li key={point.id}>
            <button type="button" className="secondary starting-point" onClick={() => onChoose(point)}>
              <strong>{point.title}</strong>
              <span className="hint">{point.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

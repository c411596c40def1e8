"use client";

import { useEffect, useRef, useState } from "react";
import { MODULE_REGISTRY, type ModuleType } from "@/server/domain/call-flow";
import { ADDABLE_TYPES } from "./graph-toolbar";

type ModuleTypePickerProps = {
  /** Where the route was dropped, relative to the graph. */
  at: { x: number; y: number };
  onChoose: (type: ModuleType) => void;
  onCancel: () => void;
};

/** Asks which module to add where a route was dropped on empty canvas. */
export function ModuleTypePicker({ at, onChoose, onCancel }: ModuleTypePickerProps) {
  const [type, setType] = useState<ModuleType>("play");
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => select.current?.focus(), []);
  return (
    <div
      role="dialog"
      aria-label="Add a module where the route was dropped"
      className="graph-type-picker panel"
      style={{ left: at.x, top: at.y }}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <div className="field">
        <label htmlFor="dropped-route-type">Type of the new module</label>
        <select ref={select} id="dropped-route-type" value={type} onChange={(event) => setType(event.target.value as ModuleType)}>
          {ADDABLE_TYPES.map((option) => (
            <option key={option} value={option}>
              {MODULE_REGISTRY[option].label}
            </option>
          ))}
        </select>
      </div>
      <div className="row-inline">
        <button type="button" onClick={() => onChoose(type)}>
          Add here
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

"use client";

import { useEffect, useRef, useState } from "react";
import { MODULE_REGISTRY, type ModuleType } from "@/server/domain/call-flow";
import { ADDABLE_TYPES } from "./graph-toolbar";
import { useUnavailableModuleTypes } from "@/components/plans/plan-usage";
import { Button } from "@/components/ui/button";
import { cardClass } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/input";
import { FieldBox } from "@/components/ui/field";

type ModuleTypePickerProps = {
  /** Where the route was dropped, relative to the graph. */
  at: { x: number; y: number };
  /** What the picker does, as its dialog's name. */
  purpose?: string;
  /** The choosing button's words. */
  chooseLabel?: string;
  /** The types on offer; every addable type unless given. */
  types?: readonly ModuleType[];
  onChoose: (type: ModuleType) => void;
  onCancel: () => void;
};

/** Asks which module to add where a route was dropped on empty canvas, or on a route. */
export function ModuleTypePicker({
  at,
  purpose = "Add a module where the route was dropped",
  chooseLabel = "Add here",
  types = ADDABLE_TYPES,
  onChoose,
  onCancel,
}: ModuleTypePickerProps) {
  const [type, setType] = useState<ModuleType>(types.includes("play") ? "play" : (types[0] ?? "play"));
  const select = useRef<HTMLSelectElement>(null);
  const unavailable = useUnavailableModuleTypes();
  useEffect(() => select.current?.focus(), []);
  return (
    <div
      role="dialog"
      aria-label={purpose}
      className={cn(cardClass, "absolute z-10 gap-2 p-3 shadow-lg")}
      style={{ left: at.x, top: at.y }}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <FieldBox>
        <label htmlFor="dropped-route-type">Type of the new module</label>
        <Select ref={select} id="dropped-route-type" value={type} onChange={(event) => setType(event.target.value as ModuleType)}>
          {types.map((option) => (
            <option key={option} value={option} disabled={Boolean(unavailable[option])}>
              {unavailable[option]
                ? `${MODULE_REGISTRY[option].label} (unavailable: ${unavailable[option]})`
                : MODULE_REGISTRY[option].label}
            </option>
          ))}
        </Select>
      </FieldBox>
      <div className="flex flex-wrap items-end gap-2">
        <Button type="button" onClick={() => onChoose(type)}>
          {chooseLabel}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

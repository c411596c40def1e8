"use client";

import { useState } from "react";
import { MODULE_REGISTRY, type ModuleType } from "@/server/domain/call-flow";
import type { FlowDocument } from "./flow-document";
import { ADDABLE_TYPES } from "./graph-toolbar";
import { ModuleForm } from "./module-form";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { FieldBox, Hint } from "@/components/ui/field";

type Module = FlowDocument["flow"][string];

/** Beside the graph on the Modules tab: the add bar, and the selected module's form. */
export function ModulePanel({
  selectedKey,
  selectedModule,
  selectedType,
  name,
  onAdd,
  onChange,
  onDelete,
}: {
  selectedKey: string | null;
  selectedModule: Module | undefined;
  selectedType: ModuleType | undefined;
  name: string | undefined;
  onAdd: (type: ModuleType) => void;
  onChange: (key: string, module: Module) => void;
  /** Deletes the selected module; Start cannot be deleted. */
  onDelete: (key: string) => void;
}) {
  return (
    <>
      <AddModuleBar onAdd={onAdd} />
      {selectedKey && selectedModule && selectedType ? (
        <ModuleForm
          key={selectedKey}
          moduleKey={selectedKey}
          name={name ?? MODULE_REGISTRY[selectedType].label}
          type={selectedType}
          module={selectedModule}
          onChange={(module) => onChange(selectedKey, module)}
          onDelete={selectedType === "start" ? null : () => onDelete(selectedKey)}
        />
      ) : (
        <Hint>Select a module in the graph to edit it.</Hint>
      )}
    </>
  );
}

function AddModuleBar({ onAdd }: { onAdd: (type: ModuleType) => void }) {
  const [type, setType] = useState<ModuleType>("play");
  return (
    <div className="flex flex-wrap items-end gap-2">
      <FieldBox>
        <label htmlFor="add-module-type">Add a module</label>
        <Select id="add-module-type" value={type} onChange={(event) => setType(event.target.value as ModuleType)}>
          {ADDABLE_TYPES.map((t) => (
            <option key={t} value={t}>
              {MODULE_REGISTRY[t].label}
            </option>
          ))}
        </Select>
      </FieldBox>
      <Button type="button" variant="secondary" className="self-end" onClick={() => onAdd(type)}>
        Add
      </Button>
    </div>
  );
}

"use client";

import { useState } from "react";
import { MODULE_REGISTRY, type ModuleType } from "@/server/domain/call-flow";
import type { FlowDocument } from "./flow-document";
import { ADDABLE_TYPES } from "./graph-toolbar";
import { ModuleForm } from "./module-form";

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
        <p className="hint">Select a module in the graph to edit it.</p>
      )}
    </>
  );
}

function AddModuleBar({ onAdd }: { onAdd: (type: ModuleType) => void }) {
  const [type, setType] = useState<ModuleType>("play");
  return (
    <div className="row-inline">
      <div className="field">
        <label htmlFor="add-module-type">Add a module</label>
        <select id="add-module-type" value={type} onChange={(event) => setType(event.target.value as ModuleType)}>
          {ADDABLE_TYPES.map((t) => (
            <option key={t} value={t}>
              {MODULE_REGISTRY[t].label}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="secondary actions" onClick={() => onAdd(type)}>
        Add
      </button>
    </div>
  );
}

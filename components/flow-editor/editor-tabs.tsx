"use client";

import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";

const TABS = ["Modules", "Settings", "Test call", "History", "JSON"] as const;
export type Tab = (typeof TABS)[number];

/**
 * The side panel's views; the chosen one's panel is `panel-<name>`, labelled by its tab. The
 * editor draws the one panel itself, beside the graph, which every view shares.
 */
export function EditorTabs({ tab, onChange }: { tab: Tab; onChange: (tab: Tab) => void }) {
  return (
    <Tabs value={tab} onValueChange={(value) => onChange(value as Tab)}>
      {/* Wrapped onto a second row in the narrow side panel, so every view stays in sight. */}
      <TabsList aria-label="Editor views" className="flex-wrap">
        {TABS.map((name) => (
          <TabsTrigger key={name} value={name} id={`tab-${name}`} aria-controls={`panel-${name}`}>
            {name}
          </TabsTrigger>
        ))}
      </TabsList>
    </Tabs>
  );
}

"use client";

import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";

export const TABS = ["Steps", "Modules", "JSON", "History", "Test call"] as const;
export type Tab = (typeof TABS)[number];

/**
 * The editor's views (`tabs`, all of them unless given); the chosen one's panel is
 * `panel-<name>`, labelled by its tab. The editor draws the one panel itself: Modules and Test
 * call share the graph, which must stay mounted.
 */
export function EditorTabs({ tab, onChange, tabs = TABS }: { tab: Tab; onChange: (tab: Tab) => void; tabs?: readonly Tab[] }) {
  return (
    <Tabs value={tab} onValueChange={(value) => onChange(value as Tab)}>
      <TabsList aria-label="Editor views">
        {tabs.map((name) => (
          <TabsTrigger key={name} value={name} id={`tab-${name}`} aria-controls={`panel-${name}`}>
            {name}
          </TabsTrigger>
        ))}
      </TabsList>
    </Tabs>
  );
}

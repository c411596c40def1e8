"use client";

import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { TABS, type Tab, tabIds } from "./editor-views";

/**
 * The side panel's views (`tabs`, all of them unless given); the chosen one's panel is labelled
 * by its tab (see `tabIds`). The editor draws the one panel itself, beside the graph, which
 * every view shares.
 */
export function EditorTabs({ tab, onChange, tabs = TABS }: { tab: Tab; onChange: (tab: Tab) => void; tabs?: readonly Tab[] }) {
  return (
    <Tabs value={tab} onValueChange={(value) => onChange(value as Tab)}>
      {/* Wrapped onto a second row in the narrow side panel, so every view stays in sight. Wrapped,
          nothing overflows but the active tab's 1 px over the line: no scrolling box (axe would
          want it focusable). */}
      <TabsList aria-label="Editor views" className="flex-wrap overflow-visible">
        {tabs.map((name) => (
          <TabsTrigger key={name} value={name} id={tabIds(name).tab} aria-controls={tabIds(name).panel}>
            {name}
          </TabsTrigger>
        ))}
      </TabsList>
    </Tabs>
  );
}
